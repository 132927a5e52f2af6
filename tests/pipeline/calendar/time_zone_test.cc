#include "pipeline/calendar/time_zone.h"

#include <boost/test/unit_test.hpp>
#include <chrono>

#include "pipeline/calendar/clock.h"

namespace dmca::pipeline {
namespace {

using namespace std::chrono;

system_clock::time_point At(std::string_view iso) {
  const auto when = ParseIso8601(iso);
  BOOST_REQUIRE_MESSAGE(when.has_value(), iso);
  return *when;
}

TimeZone Pacific() {
  auto zone = TimeZone::Named(kFoundationTimeZone);
  BOOST_REQUIRE_MESSAGE(zone.ok(), zone.status().ToString());
  return *zone;
}

std::string Local(const TimeZone& zone, std::string_view iso) {
  return FormatDate(zone.LocalDate(At(iso)));
}

BOOST_AUTO_TEST_SUITE(time_zone)

BOOST_AUTO_TEST_CASE(known_names_are_accepted_and_kept) {
  BOOST_TEST(Pacific().Name() == "America/Los_Angeles");
  for (std::string_view name : {"Europe/Berlin", "UTC", "Asia/Tokyo", "US/Pacific"}) {
    auto zone = TimeZone::Named(name);
    BOOST_TEST(zone.ok(), name << ": " << zone.status().ToString());
    if (zone.ok()) BOOST_TEST(zone->Name() == name);
  }
}

BOOST_AUTO_TEST_CASE(unknown_names_are_refused_not_read_as_utc) {
  // ICU answers an unknown ID with "Etc/Unknown", which behaves as UTC: that must not pass.
  for (std::string_view name : {"", "Mars/Olympus_Mons", "Etc/Unknown", "America/Los Angeles",
                                "GMT+5", "not a zone", "America/Los_Angeles\n"}) {
    auto zone = TimeZone::Named(name);
    BOOST_TEST(!zone.ok(), "'" << name << "'");
    if (!zone.ok()) BOOST_TEST((zone.status().code() == Status::Code::kInvalidArgument));
  }
}

BOOST_AUTO_TEST_CASE(late_friday_in_california_is_friday) {
  // 23:30 PST on Friday 2026-11-20 is 07:30Z on Saturday: it was received on the Friday.
  const TimeZone la = Pacific();
  const auto received = At("2026-11-21T07:30:00Z");
  BOOST_TEST(FormatDate(la.LocalDate(received)) == "2026-11-20");
  const RestoreWindow w = RestoreWindowAt(received, la);
  BOOST_TEST(FormatDate(w.received) == "2026-11-20");
  // Nov 23 (1), 24 (2), 25 (3), [26 Thanksgiving], 27 (4), 30 (5), Dec 1 (6) … 4 (9), 7 (10),
  // 8 (11), 9 (12), 10 (13), 11 (14).
  BOOST_TEST(FormatDate(w.earliest) == "2026-12-07");
  BOOST_TEST(FormatDate(w.latest) == "2026-12-11");
}

BOOST_AUTO_TEST_CASE(late_thursday_in_california_moves_the_window) {
  // 23:30 PST Thursday 2026-11-12 is Friday in UTC. Counted from Thursday the Friday is day 1:
  // Nov 13 (1), 16 (2) … 20 (6), 23 (7), 24 (8), 25 (9), [26], 27 (10), 30 (11), Dec 1 (12),
  // 2 (13), 3 (14). Counted from the UTC date it would end a business day later.
  const auto received = At("2026-11-13T07:30:00Z");
  const RestoreWindow w = RestoreWindowAt(received, Pacific());
  BOOST_TEST(FormatDate(w.received) == "2026-11-12");
  BOOST_TEST(FormatDate(w.earliest) == "2026-11-27");
  BOOST_TEST(FormatDate(w.latest) == "2026-12-03");
  auto utc = TimeZone::Named("UTC");
  BOOST_REQUIRE(utc.ok());
  BOOST_TEST(FormatDate(RestoreWindowAt(received, *utc).earliest) == "2026-11-30");
}

BOOST_AUTO_TEST_CASE(local_date_across_the_march_change) {
  // 2026-03-08, 02:00 PST becomes 03:00 PDT (10:00Z). Midnights: 08:00Z before, 07:00Z after.
  const TimeZone la = Pacific();
  BOOST_TEST(Local(la, "2026-03-08T07:59:59Z") == "2026-03-07");
  BOOST_TEST(Local(la, "2026-03-08T08:00:00Z") == "2026-03-08");
  BOOST_TEST(Local(la, "2026-03-08T09:59:59Z") == "2026-03-08");  // 01:59:59 PST
  BOOST_TEST(Local(la, "2026-03-08T10:00:00Z") == "2026-03-08");  // 03:00 PDT
  BOOST_TEST(Local(la, "2026-03-09T06:59:59Z") == "2026-03-08");  // 23:59:59 PDT
  BOOST_TEST(Local(la, "2026-03-09T07:00:00Z") == "2026-03-09");
  BOOST_TEST((la.UtcOffset(At("2026-03-08T09:59:59Z")) == -hours{8}));
  BOOST_TEST((la.UtcOffset(At("2026-03-08T10:00:00Z")) == -hours{7}));
}

BOOST_AUTO_TEST_CASE(local_date_across_the_november_change) {
  // 2026-11-01, 02:00 PDT becomes 01:00 PST (09:00Z): the hour 01:00-02:00 happens twice.
  const TimeZone la = Pacific();
  BOOST_TEST(Local(la, "2026-11-01T06:59:59Z") == "2026-10-31");
  BOOST_TEST(Local(la, "2026-11-01T07:00:00Z") == "2026-11-01");
  BOOST_TEST(Local(la, "2026-11-01T08:30:00Z") == "2026-11-01");  // 01:30 PDT
  BOOST_TEST(Local(la, "2026-11-01T09:30:00Z") == "2026-11-01");  // 01:30 PST
  BOOST_TEST(Local(la, "2026-11-02T07:59:59Z") == "2026-11-01");  // 23:59:59 PST
  BOOST_TEST(Local(la, "2026-11-02T08:00:00Z") == "2026-11-02");
}

BOOST_AUTO_TEST_CASE(start_of_day_across_dst) {
  const TimeZone la = Pacific();
  const auto start = [&](int y, unsigned m, unsigned d) {
    return FormatIso8601(la.StartOfDay(Date{year{y}, month{m}, day{d}}));
  };
  BOOST_TEST(start(2026, 3, 7) == "2026-03-07T08:00:00Z");
  BOOST_TEST(start(2026, 3, 8) == "2026-03-08T08:00:00Z");
  BOOST_TEST(start(2026, 3, 9) == "2026-03-09T07:00:00Z");
  BOOST_TEST(start(2026, 11, 1) == "2026-11-01T07:00:00Z");
  BOOST_TEST(start(2026, 11, 2) == "2026-11-02T08:00:00Z");
  // The spring day has 23 hours, the autumn day 25.
  const Date mar8{2026y / March / 8}, mar9{2026y / March / 9};
  const Date nov1{2026y / November / 1}, nov2{2026y / November / 2};
  BOOST_TEST((la.StartOfDay(mar9) - la.StartOfDay(mar8) == hours{23}));
  BOOST_TEST((la.StartOfDay(nov2) - la.StartOfDay(nov1) == hours{25}));
  // Every day of 2026: its start is that day locally, and a second earlier is the day before.
  for (sys_days d = sys_days{2026y / January / 1}; d <= sys_days{2026y / December / 31};
       d += days{1}) {
    const auto s = la.StartOfDay(Date{d});
    BOOST_TEST(FormatDate(la.LocalDate(s)) == FormatDate(Date{d}));
    BOOST_TEST(FormatDate(la.LocalDate(s - seconds{1})) == FormatDate(Date{d - days{1}}));
  }
}

BOOST_AUTO_TEST_CASE(from_local_reads_wall_clocks) {
  const TimeZone la = Pacific();
  const auto local = [](int y, unsigned m, unsigned d, int h, int mi) {
    return local_days{year{y} / month{m} / day{d}} + hours{h} + minutes{mi};
  };
  BOOST_TEST(FormatIso8601(la.FromLocal(local(2026, 11, 20, 23, 30))) == "2026-11-21T07:30:00Z");
  BOOST_TEST(FormatIso8601(la.FromLocal(local(2026, 7, 1, 9, 0))) == "2026-07-01T16:00:00Z");
  // 02:30 on 2026-03-08 never shows on a Pacific clock: read with the offset before (PST),
  // it is 10:30Z, which the clock shows as 03:30 PDT.
  BOOST_TEST(FormatIso8601(la.FromLocal(local(2026, 3, 8, 2, 30))) == "2026-03-08T10:30:00Z");
  // 01:30 on 2026-11-01 shows twice; the first time (PDT) is taken.
  BOOST_TEST(FormatIso8601(la.FromLocal(local(2026, 11, 1, 1, 30))) == "2026-11-01T08:30:00Z");
  auto berlin = TimeZone::Named("Europe/Berlin");
  BOOST_REQUIRE(berlin.ok());
  BOOST_TEST(FormatIso8601(berlin->FromLocal(local(2026, 11, 20, 17, 12))) ==
             "2026-11-20T16:12:00Z");
  BOOST_TEST(Local(*berlin, "2026-11-20T23:30:00Z") == "2026-11-21");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::pipeline
