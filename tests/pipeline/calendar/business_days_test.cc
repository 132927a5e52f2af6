#define BOOST_TEST_MODULE calendar
#include <boost/test/unit_test.hpp>

#include "pipeline/calendar/business_days.h"
#include "pipeline/calendar/clock.h"

namespace dmca::pipeline {
namespace {

Date D(std::string_view text) {
  auto date = ParseDate(text);
  BOOST_REQUIRE_MESSAGE(date.ok(), date.status().ToString());
  return *date;
}

BOOST_AUTO_TEST_CASE(observed_federal_holidays_2026_and_2027) {
  // 5 U.S.C. §6103(a), observed per Executive Order 11582.
  for (std::string_view day :
       {"2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
        "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25", "2027-01-01",
        "2027-06-18", "2027-07-05", "2027-12-24", "2027-12-31", "2021-12-31"}) {
    BOOST_TEST(IsFederalHoliday(D(day)), day);
  }
  for (std::string_view day : {"2026-07-04", "2026-11-24", "2027-06-19", "2027-07-04",
                               "2020-06-19", "2026-11-27", "2022-01-03"}) {
    BOOST_TEST(!IsFederalHoliday(D(day)), day);
  }
}

BOOST_AUTO_TEST_CASE(weekends_are_not_business_days) {
  BOOST_TEST(!IsBusinessDay(D("2026-11-28")));  // Saturday
  BOOST_TEST(!IsBusinessDay(D("2026-11-29")));  // Sunday
  BOOST_TEST(IsBusinessDay(D("2026-11-30")));
}

BOOST_AUTO_TEST_CASE(restore_window_skips_thanksgiving) {
  const RestoreWindow w = RestoreWindowFor(D("2026-11-24"));
  BOOST_TEST(FormatDate(w.earliest) == "2026-12-09");
  BOOST_TEST(FormatDate(w.latest) == "2026-12-15");
}

BOOST_AUTO_TEST_CASE(restore_window_across_new_year) {
  const RestoreWindow w = RestoreWindowFor(D("2026-12-18"));
  BOOST_TEST(FormatDate(w.earliest) == "2027-01-05");
  BOOST_TEST(FormatDate(w.latest) == "2027-01-11");
}

BOOST_AUTO_TEST_CASE(receipt_on_a_weekend_counts_from_monday) {
  // The day of receipt is never counted, whatever day it is.
  BOOST_TEST(FormatDate(AddBusinessDays(D("2026-11-28"), 1)) == "2026-11-30");
}

BOOST_AUTO_TEST_CASE(dates_are_parsed_strictly) {
  for (std::string_view bad : {"2026-02-30", "2026-2-3", "20261124", "", "2026-11-24x",
                               "abcd-ef-gh", "2026-13-01"}) {
    BOOST_TEST(!ParseDate(bad).ok(), bad);
  }
}

BOOST_AUTO_TEST_CASE(fake_clock_moves_only_when_told) {
  using namespace std::chrono;
  FakeClock clock(sys_days{2026y / November / 24} + hours{10});
  BOOST_TEST(FormatIso8601(clock.Now()) == "2026-11-24T10:00:00Z");
  clock.Advance(days{1} + minutes{5});
  BOOST_TEST(FormatIso8601(clock.Now()) == "2026-11-25T10:05:00Z");
}

}  // namespace
}  // namespace dmca::pipeline
