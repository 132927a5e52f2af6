#pragma once
// The generated set of forwarded notices (issue 8): every shape of forward staff receive, from
// invented people at example.org and example.com. Deterministic: the same set on every run.

#include <string>
#include <vector>

#include "parsers/notice/understand.h"

namespace dmca::parsers::notice::testing {

struct GeneratedMail {
  std::string id;   // "gmail/de/html/2/name-addr/qp": what shape it is, for failure messages
  std::string raw;  // the RFC 5322 message staff received
  std::string want_address;  // the original sender's address
  std::string want_date;     // the original date as its client wrote it
  std::string want_subject;
  int want_depth = 1;  // forwards above the original
};

// The staff side the set is generated for: a made-up domain and one outside desk address.
Intake GeneratedIntake();

std::vector<GeneratedMail> GenerateForwards();

}  // namespace dmca::parsers::notice::testing
