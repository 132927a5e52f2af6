#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "parsers/base/status.h"
#include "pipeline/calendar/business_days.h"

namespace dmca::pipeline {

// The zone whose calendar the business days of 17 U.S.C. §512(g)(2)(C) are counted in: the
// Foundation's (San Francisco). A counter-notice received at 23:30 Pacific on a Friday was
// received on that Friday, although it is Saturday in UTC.
inline constexpr std::string_view kFoundationTimeZone = "America/Los_Angeles";

// An IANA time zone, read from ICU's tz database. Cheap to copy (the rules are shared and
// immutable); thread-safe for concurrent const use.
class TimeZone {
 public:
  // "America/Los_Angeles", "Europe/Berlin", "UTC". An unknown name is InvalidArgument: ICU
  // would quietly answer with "Etc/Unknown" (UTC), and a clock counted in the wrong zone
  // would be off by a day for evening receipts without anyone noticing.
  static Result<TimeZone> Named(std::string_view iana);

  // The calendar date in this zone at `when`.
  Date LocalDate(std::chrono::system_clock::time_point when) const;
  // The first instant of `date` in this zone (midnight; where a transition skips midnight, the
  // first instant that exists). A day is 23 or 25 hours long across a DST change.
  std::chrono::system_clock::time_point StartOfDay(Date date) const;
  // The instant a wall clock in this zone shows `local`. A time skipped by a spring-forward
  // transition is read with the offset before it (02:30 on the March change is 03:30 daylight
  // time); a time repeated in the autumn is its first occurrence (daylight time).
  std::chrono::sys_seconds FromLocal(std::chrono::local_seconds local) const;
  // The offset from UTC in effect at `when` (negative west of Greenwich).
  std::chrono::seconds UtcOffset(std::chrono::system_clock::time_point when) const;

  // The IANA name as given to Named ("US/Pacific" stays "US/Pacific", an alias ICU knows).
  std::string Name() const { return name_; }

 private:
  class Rules;  // ICU's rules, opaque here so callers need not see ICU
  TimeZone(std::string name, std::shared_ptr<const Rules> rules)
      : name_(std::move(name)), rules_(std::move(rules)) {}

  std::string name_;
  std::shared_ptr<const Rules> rules_;
};

// The restoration window for a counter-notice received at the instant `received`: its local
// date in `zone` (the Foundation's), then RestoreWindowFor.
RestoreWindow RestoreWindowAt(std::chrono::system_clock::time_point received, const TimeZone& zone);

}  // namespace dmca::pipeline
