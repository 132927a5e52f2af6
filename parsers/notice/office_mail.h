#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/base/finding.h"

namespace dmca::parsers::notice {

// A message Outlook packed in its own formats, as far as the notice needs it: the envelope,
// the plain-text body and the files attached inside it.
struct OfficeMail {
  std::optional<std::string> from;  // "Name <address>" or "address"
  std::optional<std::string> to;
  std::optional<std::string> date;  // RFC 5322 form, UTC ("Mon, 23 Nov 2026 09:05:00 +0000")
  std::optional<std::string> subject;
  std::string body;                                        // UTF-8
  std::vector<std::pair<std::string, std::string>> files;  // (file name, bytes)
};

// A TNEF stream (winmail.dat, application/ms-tnef), read with libytnef: MAPI properties first
// (PR_SENDER_*, PR_SUBJECT, PR_CLIENT_SUBMIT_TIME, PR_BODY), the down-level attributes
// (attSubject, attDateSent, attBody) where they are missing. nullopt, with a finding, when the
// stream cannot be read.
std::optional<OfficeMail> ReadTnef(std::string_view bytes, Findings* findings,
                                   std::string_view where);

// An Outlook .msg file (an OLE2 compound file of MAPI property streams, [MS-OXMSG]), read with
// libgsf's MS-OLE reader. nullopt, with a finding, when it cannot be read.
std::optional<OfficeMail> ReadOutlookMsg(std::string_view bytes, Findings* findings,
                                         std::string_view where);

}  // namespace dmca::parsers::notice
