#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace dmca::parsers::notice {

// A date and time as a message states it.
struct MailDate {
  std::chrono::local_seconds local;            // the wall-clock time as written
  std::optional<std::chrono::seconds> offset;  // from UTC (east positive), when a zone is named

  // The instant: `local` minus `offset`; nullopt without a zone.
  std::optional<std::chrono::sys_seconds> Utc() const;
};

// Reads a date-time from mail. Pure; never fails on hostile text (nullopt instead).
// - RFC 5322 §3.3 date-time, "Mon, 23 Nov 2026 17:12:09 -0800", with §4.3's obsolete forms:
//   no day of week, no seconds, 2- and 3-digit years (49 and below in the 2000s), the zones UT,
//   GMT, EST/EDT, CST/CDT, MST/MDT, PST/PDT, comments such as "(PST)" anywhere. A military
//   one-letter zone other than "Z" means nothing (§4.3) and reads as no zone.
// - The date lines mail clients write above a forward or a quotation, in English, German,
//   French and Spanish month names and Japanese 年月日: "Monday, November 23, 2026 5:12 PM",
//   "Mon, Nov 23, 2026 at 5:12 PM", "Mo., 23. Nov. 2026 um 17:12 Uhr", "lun. 23 nov. 2026 à
//   17:12", "23 de noviembre de 2026 17:12", "2026年11月23日(月) 17:12", "23.11.2026 17:12",
//   "2026-11-23 17:12", with zones as above or "UTC+1", "GMT-08:00", "CET", "MEZ", "JST"…
// Needs a year, a month, a day, hours and minutes. A numeric date whose day and month could be
// either way round ("03/04/2026") is refused rather than guessed.
std::optional<MailDate> ParseMailDate(std::string_view text);

}  // namespace dmca::parsers::notice
