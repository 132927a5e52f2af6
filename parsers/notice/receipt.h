#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "parsers/mime/message.h"
#include "parsers/notice/understand.h"

namespace dmca::parsers::notice {

// When the Foundation received a notice, as the mail itself shows it. The counter-notice clock
// of 17 U.S.C. §512(g)(2)(C) counts from this day, not from the day staff forwarded the
// message to the intake mailbox nor the day the pipeline read it (CONTRACT.md, "received").
struct Receipt {
  std::string at;      // ISO 8601 UTC, "YYYY-MM-DDTHH:MM:SSZ"
  std::string source;  // how it was found: one of the kSource… strings below
};

inline constexpr const char* kSourceOriginalReceived = "Received header of the forwarded original";
inline constexpr const char* kSourceOriginalDate = "Date of the forwarded original";
inline constexpr const char* kSourceReceived = "Received header";
inline constexpr const char* kSourceDate = "Date header";

// Reads a wall-clock time written without a zone as an instant: the caller's time zone rules
// (pipeline::TimeZone::FromLocal of the Foundation's zone). Mail clients write the date of an
// inline forward ("Sent: Friday, November 20, 2026 11:30 PM") in the forwarding staff member's
// local time and name no zone.
using WallClock = std::function<std::chrono::sys_seconds(std::chrono::local_seconds)>;

// The instant the Foundation received the notice `notice` understood from `message`
// (Understand(message)), best evidence first:
// 1. forwarded as an attachment (message/rfc822 or a .eml file): the topmost Received header of
//    the attached original, the Foundation's own server stamping its arrival (RFC 5321 §4.4:
//    each server prepends one, so the first is the last hop, into the Foundation's mailbox);
// 2. forwarded inline, or attached without a Received header: the original's date as its
//    forward header block states it (Understand's `original.date`); one without a zone is read
//    by `unzoned`, and skipped when `unzoned` is empty;
// 3. not forwarded (or nothing above readable): the outer message's topmost Received header,
//    else its Date header.
// A Received header's date is the part after its last ';' (RFC 5322 §3.6.7). Header dates
// without a zone read as UTC (-0000, "no information about the local time zone", RFC 5322
// §3.3). Pure (no clock); nullopt when no date anywhere is readable.
std::optional<Receipt> FoundationReceipt(const mime::Message& message, const Notice& notice,
                                         const WallClock& unzoned = {});

}  // namespace dmca::parsers::notice
