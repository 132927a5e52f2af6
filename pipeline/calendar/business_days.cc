#include "pipeline/calendar/business_days.h"

#include <charconv>
#include <cstdio>

namespace dmca::pipeline {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::weekday;

// The `nth` (1-based) `wd` of a month, or the last one when nth is 0.
Date NthWeekday(std::chrono::year y, std::chrono::month m, weekday wd, unsigned nth) {
  if (nth == 0) return Date{sys_days{y / m / wd[std::chrono::last]}};
  return Date{sys_days{y / m / wd[nth]}};
}

// The day a fixed-date holiday is observed (Saturday -> Friday, Sunday -> Monday).
Date Observed(Date actual) {
  const weekday wd{sys_days{actual}};
  if (wd == std::chrono::Saturday) return Date{sys_days{actual} - days{1}};
  if (wd == std::chrono::Sunday) return Date{sys_days{actual} + days{1}};
  return actual;
}

bool IsObservedFixedHoliday(Date date, std::chrono::year y) {
  using namespace std::chrono;
  const month_day fixed[] = {January / 1, July / 4, November / 11, December / 25};
  for (const month_day& md : fixed) {
    if (Observed(y / md) == date) return true;
  }
  if (static_cast<int>(y) >= 2021 && Observed(y / June / 19) == date) return true;
  return false;
}

}  // namespace

bool IsFederalHoliday(Date date) {
  using namespace std::chrono;
  const year y = date.year();
  // Fixed-date holidays of this year, and New Year's Day of the next year observed on Dec 31.
  if (IsObservedFixedHoliday(date, y) || IsObservedFixedHoliday(date, y + years{1})) return true;
  const Date floating[] = {
      NthWeekday(y, January, Monday, 3),    // Martin Luther King Jr. Day
      NthWeekday(y, February, Monday, 3),   // Washington's Birthday
      NthWeekday(y, May, Monday, 0),        // Memorial Day (last Monday)
      NthWeekday(y, September, Monday, 1),  // Labor Day
      NthWeekday(y, October, Monday, 2),    // Columbus Day
      NthWeekday(y, November, Thursday, 4), // Thanksgiving Day
  };
  for (const Date& holiday : floating) {
    if (holiday == date) return true;
  }
  return false;
}

bool IsBusinessDay(Date date) {
  const weekday wd{sys_days{date}};
  if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) return false;
  return !IsFederalHoliday(date);
}

Date AddBusinessDays(Date start, int n) {
  sys_days day{start};
  for (int counted = 0; counted < n;) {
    day += days{1};
    if (IsBusinessDay(Date{day})) ++counted;
  }
  return Date{day};
}

int BusinessDaysBetween(Date from, Date to) {
  int count = 0;
  for (sys_days day = sys_days{from} + days{1}; day <= sys_days{to}; day += days{1}) {
    if (IsBusinessDay(Date{day})) ++count;
  }
  return count;
}

RestoreWindow RestoreWindowFor(Date received) {
  return {received, AddBusinessDays(received, 10), AddBusinessDays(received, 14)};
}

Result<Date> ParseDate(std::string_view text) {
  const auto bad = [&] {
    return Status::InvalidArgument("not a date (want YYYY-MM-DD): '" + std::string(text) + "'");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  int y = 0;
  unsigned m = 0, d = 0;
  const auto parse = [](std::string_view s, auto& out) {
    // Digits only: from_chars takes a sign for int ("-000-10-03" was year 0, found by fuzz/date).
    if (s.find_first_not_of("0123456789") != std::string_view::npos) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
  };
  if (!parse(text.substr(0, 4), y) || !parse(text.substr(5, 2), m) ||
      !parse(text.substr(8, 2), d)) {
    return bad();
  }
  const Date date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!date.ok()) return bad();
  return date;
}

std::string FormatDate(Date date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

}  // namespace dmca::pipeline
