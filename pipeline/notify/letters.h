#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "archive/render.h"
#include "parsers/base/status.h"
#include "pipeline/model/case.h"
#include "pipeline/model/letter.h"

namespace dmca::pipeline::notify {

// Who the letters are from and where staff hear of what falls due ([mail]).
struct LetterOptions {
  std::string from_address = "legal@wikimedia.org";
  std::string from_name = "Wikimedia Foundation Legal";
  std::string staff_address = "legal@wikimedia.org";  // reminders and alarms
  archive::RenderOptions render;                      // templates, legal_email
};

// A letter ready to queue: headers (From, To, Subject, Date, Message-ID, In-Reply-To and
// References threading it to `answering`'s original message), the body as UTF-8
// quoted-printable. `text` is what archive::RenderLetter gives: a "Subject:" line, a blank line,
// the body. The Message-ID is derived from `dedupe_key`, so the same letter made twice is the
// same message (an outbox file, a recipient's duplicate check).
model::Letter MakeLetter(std::int64_t case_id, std::string_view kind, std::string dedupe_key,
                         std::string_view recipient, std::string_view text,
                         const parsers::notice::Notice* answering, const LetterOptions& options,
                         std::chrono::system_clock::time_point now);

// The letters of the counter-notice procedure, each rendered from its template and addressed.
// The complainant is the takedown's sender, the uploader the counter-notice's; kInvalidArgument
// when the case gives no address to write to, or a template fails.

// §512(g)(2)(B): the copy of the counter-notice, with the restoration window and day.
Result<model::Letter> CounterNoticeCopy(const model::Case& takedown, const model::Case& counter,
                                        const model::Restoration& window,
                                        const LetterOptions& options,
                                        std::chrono::system_clock::time_point now);
// §512(g)(3): what the counter-notice lacks, to its sender.
Result<model::Letter> CounterNoticeDeficiency(const model::Case& counter,
                                              const LetterOptions& options,
                                              std::chrono::system_clock::time_point now);
// The material is back: one letter to `recipient` ("complainant" or "uploader") of case `answer`
// (the counter-notice or retraction that led to it). `material`: the restored URLs.
Result<model::Letter> RestorationNotice(const model::Case& takedown, const model::Case& answer,
                                        bool to_complainant,
                                        const std::vector<std::string>& material,
                                        std::string_view restored_on, const LetterOptions& options,
                                        std::chrono::system_clock::time_point now);
// §512(g)(2)(C): the complainant reported a court action; to the uploader.
Result<model::Letter> CourtActionNotice(const model::Case& takedown, const model::Case& counter,
                                        const LetterOptions& options,
                                        std::chrono::system_clock::time_point now);
// To staff: `lines` (one per case), under `subject`; one per `dedupe_key`.
model::Letter StaffNotice(std::int64_t case_id, std::string_view kind, std::string dedupe_key,
                          std::string_view subject, const std::vector<std::string>& lines,
                          const LetterOptions& options,
                          std::chrono::system_clock::time_point now);

}  // namespace dmca::pipeline::notify
