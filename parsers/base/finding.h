#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dmca {

// A defect or limit met in untrusted input (mail, attachments, notice text, URLs), recorded
// and carried along instead of thrown (after GMime's GMIME_WARN_*/GMIME_CRIT_* warnings and
// Python's email defects). Parsing always goes on after a finding.
struct Finding {
  enum class Severity {
    kInfo,      // worth knowing, changes nothing (e.g. a duplicate header)
    kWarning,   // input repaired or guessed at (e.g. bad base64 skipped)
    kCritical,  // content may be lost or misread; a person should review the case
  };

  std::string code;   // stable, snake_case, e.g. "mime.boundary_missing"; used in tests
  Severity severity = Severity::kWarning;
  std::string where;  // part path ("1.2"), header name, line, URL...; may be empty
  std::string what;   // one human sentence

  // "warning mime.boundary_missing at 1.2: ..."
  std::string ToString() const;
};

std::string_view SeverityName(Finding::Severity severity);

using Findings = std::vector<Finding>;

// True when any finding is critical: the case goes to review.
bool HasCritical(const Findings& findings);

}  // namespace dmca
