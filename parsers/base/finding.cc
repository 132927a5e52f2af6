#include "parsers/base/finding.h"

#include <algorithm>

namespace dmca {

std::string_view SeverityName(Finding::Severity severity) {
  switch (severity) {
    case Finding::Severity::kInfo: return "info";
    case Finding::Severity::kWarning: return "warning";
    case Finding::Severity::kCritical: return "critical";
  }
  return "unknown";
}

std::string Finding::ToString() const {
  std::string out(SeverityName(severity));
  out += ' ';
  out += code;
  if (!where.empty()) {
    out += " at ";
    out += where;
  }
  out += ": ";
  out += what;
  return out;
}

bool HasCritical(const Findings& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
    return f.severity == Finding::Severity::kCritical;
  });
}

}  // namespace dmca
