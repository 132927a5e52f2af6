#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/base/finding.h"
#include "parsers/mime/message.h"
#include "parsers/notice/notice.h"
#include "parsers/text/pdf.h"
#include "parsers/wikiurl/wiki_url.h"

namespace dmca::parsers::notice {

// What one notice may cost ([limits], README "Limits"). Each limit reached is a critical
// finding, so the case goes to review with its message kept verbatim.
struct Limits {
  // URLs resolved into targets ("limit.urls"); the rest stay in the text for a person.
  std::size_t max_urls = 1'000'000;
  text::PdfLimits pdf;  // each PDF attachment (parsers/text/pdf.h)
};

// Who is the Foundation's side of a forward ([intake] staff_domains, staff_addresses): their
// messages are forwards and answers, never the notice's original sender. And the limits the
// intake applies to every notice.
struct Intake {
  std::vector<std::string> staff_domains = {"wikimedia.org", "wikimediafoundation.org"};
  std::vector<std::string> staff_addresses;  // e.g. a desk's outside address
  Limits limits;

  // True when the address in `address_line` ("Name <a@b>" or "a@b") is in a staff domain (or
  // one of its subdomains) or is a staff address; false when it holds no address.
  bool IsStaff(std::string_view address_line) const;
};

// The notice's original envelope, recovered under any number of forwards (a message/rfc822
// attachment, a .eml file, a TNEF winmail.dat, the text file Outlook saves, or an inline
// "---------- Forwarded message ---------" / "-----Original Message-----" / Outlook rule /
// "Begin forwarded message:" block in the wordings of the common clients and languages): the
// innermost sender who is not staff. When there is none, `from`, `date` and `subject` are null
// and a critical finding ("notice.original_unknown") sends the case to review.
struct Original {
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::optional<std::string> cc;
  std::optional<std::string> date;
  std::optional<std::string> subject;
  std::optional<std::string> message_id;
  int forward_depth = 0;  // 0: not forwarded
};

struct Attachment {
  std::string path;      // MIME part path
  std::string filename;  // may be empty
  std::string mime_type;
  std::size_t size = 0;
  bool text_extracted = false;  // its text (PDF, HTML, plain) is part of `body`
};

// Everything the pipeline needs from one message (what `dmca check --json` prints).
struct Notice {
  Original original;
  std::string body;  // the original notice's text, UTF-8 NFC (HTML and PDFs made text)
  Analysis analysis;
  std::vector<wikiurl::Target> targets;  // every URL naming material, in order, each once
  std::vector<Attachment> attachments;
  Findings findings;  // from MIME, charset, HTML, PDF, forward unwrapping and analysis
};

// Unwraps forwards, extracts the text, analyzes it and resolves its URLs.
Notice Understand(const mime::Message& message, const Intake& intake = {});

// A plain text file (not a message) read as a notice body; a forward inside it is unwrapped.
Notice UnderstandText(std::string_view text, const Intake& intake = {});

}  // namespace dmca::parsers::notice
