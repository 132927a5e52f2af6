#define BOOST_TEST_MODULE calendar
#include <boost/test/unit_test.hpp>

#include <array>
#include <set>
#include <string>

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

// OPM's published federal holiday tables (opm.gov, "Federal Holidays"), typed from them, one row
// per year: the day each §6103(a) holiday is observed, in the order of the statute. A Saturday
// holiday is observed on the Friday before, a Sunday one on the Monday after; OPM lists New
// Year's Day 2022 (a Saturday) under 2021-12-31, and so 2028's under 2027-12-31. Not listed:
// days off by one-time executive order (2025-12-24 and 2025-12-26) and Inauguration Day, which
// §6103(c) gives only to the Washington area; neither is a holiday of §6103(a).
struct HolidayYear {
  int year;
  std::array<std::string_view, 11> days;  // New Year's, MLK, Washington's Birthday, Memorial,
                                          // Juneteenth, Independence, Labor, Columbus,
                                          // Veterans, Thanksgiving, Christmas
};
constexpr HolidayYear kOpmTables[] = {
    {2021, {"2021-01-01", "2021-01-18", "2021-02-15", "2021-05-31", "2021-06-18", "2021-07-05",
            "2021-09-06", "2021-10-11", "2021-11-11", "2021-11-25", "2021-12-24"}},
    {2022, {"2021-12-31", "2022-01-17", "2022-02-21", "2022-05-30", "2022-06-20", "2022-07-04",
            "2022-09-05", "2022-10-10", "2022-11-11", "2022-11-24", "2022-12-26"}},
    {2023, {"2023-01-02", "2023-01-16", "2023-02-20", "2023-05-29", "2023-06-19", "2023-07-04",
            "2023-09-04", "2023-10-09", "2023-11-10", "2023-11-23", "2023-12-25"}},
    {2024, {"2024-01-01", "2024-01-15", "2024-02-19", "2024-05-27", "2024-06-19", "2024-07-04",
            "2024-09-02", "2024-10-14", "2024-11-11", "2024-11-28", "2024-12-25"}},
    {2025, {"2025-01-01", "2025-01-20", "2025-02-17", "2025-05-26", "2025-06-19", "2025-07-04",
            "2025-09-01", "2025-10-13", "2025-11-11", "2025-11-27", "2025-12-25"}},
    {2026, {"2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
            "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"}},
    {2027, {"2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31", "2027-06-18", "2027-07-05",
            "2027-09-06", "2027-10-11", "2027-11-11", "2027-11-25", "2027-12-24"}},
    {2028, {"2027-12-31", "2028-01-17", "2028-02-21", "2028-05-29", "2028-06-19", "2028-07-04",
            "2028-09-04", "2028-10-09", "2028-11-10", "2028-11-23", "2028-12-25"}},
};

// Every day from 2021-01-01 to 2028-12-31 is a holiday exactly when OPM's tables list it, and
// a business day exactly when it is a weekday OPM does not list.
BOOST_AUTO_TEST_CASE(every_day_2021_to_2028_agrees_with_opm) {
  using namespace std::chrono;
  std::set<std::string> listed;
  for (const HolidayYear& y : kOpmTables) {
    for (std::string_view day : y.days) listed.emplace(day);
  }
  BOOST_TEST(listed.size() == 88u);
  int holidays = 0;
  for (sys_days day = sys_days{2021y / January / 1}; day <= sys_days{2028y / December / 31};
       day += days{1}) {
    const Date date{day};
    const std::string text = FormatDate(date);
    const bool opm = listed.count(text) == 1;
    const weekday wd{day};
    const bool weekend = wd == Saturday || wd == Sunday;
    BOOST_TEST(IsFederalHoliday(date) == opm, text);
    BOOST_TEST(IsBusinessDay(date) == (!weekend && !opm), text);
    if (opm) {
      ++holidays;
      BOOST_TEST(!weekend, text << " is observed on a weekday");
    }
  }
  BOOST_TEST(holidays == 88);
}

BOOST_AUTO_TEST_CASE(juneteenth_counts_from_2021_only) {
  // Pub. L. 117-17 (June 17, 2021) added it; 2020-06-19 was a Friday like any other.
  BOOST_TEST(!IsFederalHoliday(D("2020-06-19")));
  BOOST_TEST(IsBusinessDay(D("2020-06-19")));
  BOOST_TEST(!IsFederalHoliday(D("2019-06-19")));
  BOOST_TEST(IsFederalHoliday(D("2020-07-03")));  // July 4, 2020 was a Saturday
}

BOOST_AUTO_TEST_CASE(new_years_day_on_a_saturday_is_observed_the_year_before) {
  // 2022-01-01 and 2028-01-01 are Saturdays: observed Friday 2021-12-31 and 2027-12-31, and
  // the Monday after is an ordinary business day.
  for (std::string_view observed : {"2021-12-31", "2027-12-31"}) {
    BOOST_TEST(IsFederalHoliday(D(observed)), observed);
    BOOST_TEST(!IsBusinessDay(D(observed)), observed);
  }
  for (std::string_view ordinary : {"2022-01-03", "2028-01-03", "2021-12-30", "2027-12-30"}) {
    BOOST_TEST(IsBusinessDay(D(ordinary)), ordinary);
  }
  BOOST_TEST(!IsBusinessDay(D("2022-01-01")));  // a Saturday, whatever else it is
  // Jan 1 on a Sunday (2023) moves forward instead.
  BOOST_TEST(IsFederalHoliday(D("2023-01-02")));
  BOOST_TEST(IsBusinessDay(D("2022-12-30")));
}

BOOST_AUTO_TEST_CASE(window_across_thanksgiving_worked_by_hand) {
  // Received Monday 2026-11-16. Business days after it: Nov 17 (1), 18 (2), 19 (3), 20 (4),
  // 23 (5), 24 (6), 25 (7), [26 Thanksgiving], 27 (8, the Friday after is a working day),
  // 30 (9), Dec 1 (10), 2 (11), 3 (12), 4 (13), 7 (14).
  RestoreWindow w = RestoreWindowFor(D("2026-11-16"));
  BOOST_TEST(FormatDate(w.earliest) == "2026-12-01");
  BOOST_TEST(FormatDate(w.latest) == "2026-12-07");
  // Received Friday 2021-11-12, the day after Veterans Day: Nov 15 (1) … 19 (5), 22 (6),
  // 23 (7), 24 (8), [25 Thanksgiving], 26 (9), 29 (10), 30 (11), Dec 1 (12), 2 (13), 3 (14).
  w = RestoreWindowFor(D("2021-11-12"));
  BOOST_TEST(FormatDate(w.earliest) == "2021-11-29");
  BOOST_TEST(FormatDate(w.latest) == "2021-12-03");
}

BOOST_AUTO_TEST_CASE(window_across_christmas_worked_by_hand) {
  // Received Tuesday 2026-12-15: Dec 16 (1), 17 (2), 18 (3), 21 (4), 22 (5), 23 (6), 24 (7),
  // [25 Christmas], 28 (8), 29 (9), 30 (10), 31 (11), [Jan 1], Jan 4 (12), 5 (13), 6 (14).
  RestoreWindow w = RestoreWindowFor(D("2026-12-15"));
  BOOST_TEST(FormatDate(w.earliest) == "2026-12-30");
  BOOST_TEST(FormatDate(w.latest) == "2027-01-06");
  // Received Wednesday 2027-12-15, Christmas and New Year's both on Saturdays: Dec 16 (1),
  // 17 (2), 20 (3), 21 (4), 22 (5), 23 (6), [24 observed], 27 (7), 28 (8), 29 (9), 30 (10),
  // [31 observed], Jan 3 (11), 4 (12), 5 (13), 6 (14).
  w = RestoreWindowFor(D("2027-12-15"));
  BOOST_TEST(FormatDate(w.earliest) == "2027-12-30");
  BOOST_TEST(FormatDate(w.latest) == "2028-01-06");
  // Received Thursday 2021-12-23: [24 observed Christmas], 27 (1), 28 (2), 29 (3), 30 (4),
  // [31 observed New Year's Day 2022], Jan 3 (5), 4 (6), 5 (7), 6 (8), 7 (9), 10 (10),
  // 11 (11), 12 (12), 13 (13), 14 (14); MLK Day is the 17th, after the window.
  w = RestoreWindowFor(D("2021-12-23"));
  BOOST_TEST(FormatDate(w.earliest) == "2022-01-10");
  BOOST_TEST(FormatDate(w.latest) == "2022-01-14");
}

BOOST_AUTO_TEST_CASE(business_days_between_counts_after_from_up_to_to) {
  BOOST_TEST(BusinessDaysBetween(D("2026-11-16"), D("2026-11-16")) == 0);
  BOOST_TEST(BusinessDaysBetween(D("2026-11-16"), D("2026-11-15")) == 0);
  BOOST_TEST(BusinessDaysBetween(D("2026-11-16"), D("2026-11-17")) == 1);
  BOOST_TEST(BusinessDaysBetween(D("2026-11-20"), D("2026-11-22")) == 0);  // Fri to Sun
  BOOST_TEST(BusinessDaysBetween(D("2026-11-25"), D("2026-11-27")) == 1);  // over Thanksgiving
  BOOST_TEST(BusinessDaysBetween(D("2026-11-16"), D("2026-12-01")) == 10);
  BOOST_TEST(BusinessDaysBetween(D("2026-12-15"), D("2027-01-06")) == 14);
  BOOST_TEST(BusinessDaysBetween(D("2021-12-23"), D("2022-01-14")) == 14);
  BOOST_TEST(BusinessDaysBetween(D("2021-12-23"), D("2022-01-16")) == 14);  // the weekend after
  // The inverse of AddBusinessDays from every day of two years, for every count the clock uses.
  using namespace std::chrono;
  for (sys_days day = sys_days{2026y / January / 1}; day <= sys_days{2027y / December / 31};
       day += days{1}) {
    for (int n : {1, 10, 14}) {
      BOOST_TEST(BusinessDaysBetween(Date{day}, AddBusinessDays(Date{day}, n)) == n);
    }
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
