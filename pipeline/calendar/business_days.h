#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/base/status.h"

namespace dmca::pipeline {

using Date = std::chrono::year_month_day;

// The legal public holidays of 5 U.S.C. §6103(a) as observed by federal offices: a holiday on a
// Saturday is observed the Friday before (so New Year's Day 2022, a Saturday, is observed on
// Friday 2021-12-31), on a Sunday the Monday after (Executive Order 11582). Juneteenth counts
// from 2021 (Pub. L. 117-17).
bool IsFederalHoliday(Date date);

// A weekday that is not an observed federal holiday.
bool IsBusinessDay(Date date);

// The `n`th business day after `start`; `start` itself is never counted (DOMAIN.md "Business
// days"). n must be >= 1.
Date AddBusinessDays(Date start, int n);

// How many business days come after `from`, up to and including `to`: AddBusinessDays's inverse
// (BusinessDaysBetween(d, AddBusinessDays(d, n)) == n). 0 when `to` is not after `from`.
int BusinessDaysBetween(Date from, Date to);

// The restoration window of 17 U.S.C. §512(g)(2)(C): not less than 10 nor more than 14
// business days after the counter-notice was received.
struct RestoreWindow {
  Date received;
  Date earliest;  // 10th business day after receipt
  Date latest;    // 14th business day after receipt
};
RestoreWindow RestoreWindowFor(Date received);

// "YYYY-MM-DD" strictly (a real calendar date); InvalidArgument otherwise.
Result<Date> ParseDate(std::string_view text);
std::string FormatDate(Date date);

}  // namespace dmca::pipeline
