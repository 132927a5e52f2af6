#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parsers/base/status.h"
#include "parsers/notice/understand.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/store/store.h"

namespace dmca::app::serve {

// What the uploader typed into the counter-notice form.
struct CounterNoticeForm {
  std::string takedown;  // the case number from the talk-page notice, if they have it
  std::string material;  // the removed files' URLs, one a line, and where they appeared
  std::string name, address, phone, email;
  bool mistake = false;       // the §512(g)(3)(C) statement, ticked
  bool jurisdiction = false;  // the §512(g)(3)(D) consent and acceptance of service, ticked
  std::string signature;      // the typed name
};

// The form as the mail a careful uploader would have sent: an RFC 5322 message to the legal
// address with the statements they ticked in the statute's words, so it goes through the same
// ingest stages as a mailed counter-notice (understood, checked against §512(g)(3), linked to
// its takedown by its URLs or the case number in the subject). `reference` becomes the
// Message-ID's local part.
std::string ComposeCounterNotice(const CounterNoticeForm& form, const std::string& reference,
                                 const std::string& legal_email,
                                 std::chrono::system_clock::time_point at);

// The §512(g)(3) elements the composed message lacks, as the analyzer judges it (the same
// check `dmca check` makes), plus the form's own requirements (an e-mail address to answer).
// Empty when it may be stored.
std::vector<std::string> MissingFromCounterNotice(const std::string& message,
                                                  const CounterNoticeForm& form,
                                                  const parsers::notice::Intake& intake);

// Ingests the composed message through pipeline/ingest (IngestAll over a one-message source)
// and returns the stored case's id. The source id is "web:<reference>".
Result<std::int64_t> IngestCounterNotice(pipeline::Store& store, const pipeline::Clock& clock,
                                         const std::string& message, const std::string& reference,
                                         const parsers::notice::Intake& intake);

}  // namespace dmca::app::serve
