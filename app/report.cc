#include "app/report.h"

#include <map>
#include <sstream>
#include <vector>

namespace dmca::app {
namespace {

using parsers::notice::Kind;
using parsers::notice::Notice;
using parsers::notice::Verdict;

// Evidence on one line, shortened to what a reader needs to find it in the notice.
std::string Quote(const std::string& evidence) {
  std::string flat;
  bool space = false;
  for (char c : evidence) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !flat.empty();
      continue;
    }
    if (space) flat += ' ';
    space = false;
    flat += c;
  }
  constexpr std::size_t kMax = 160;
  if (flat.size() > kMax) {
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;
    flat = flat.substr(0, cut) + "…";
  }
  return "\"" + flat + "\"";
}

std::string NextStep(const Notice& notice) {
  const auto& a = notice.analysis;
  switch (a.kind) {
    case Kind::kTakedown:
      if (a.verdict == Verdict::kComplete) {
        return "Complete notice: review the targets, then approve the deletions "
               "(dmca approve CASE) and send the acknowledgement.";
      }
      if (a.verdict == Verdict::kDeficient) {
        return "Deficient notice (17 U.S.C. §512(c)(3)(B)(ii)): send the deficiency letter "
               "asking for the missing elements; do not act until a complete notice arrives.";
      }
      return "Not a notice: it does not identify the work, the material and the sender "
             "(§512(c)(3)(B)(i)); no action is required. Reply if appropriate.";
    case Kind::kCounterNotice:
      if (a.complete) {
        return "Valid counter-notice (§512(g)(3)): forward a copy to the complainant and "
               "restore the material 10 to 14 business days after receipt unless a court "
               "action is reported (§512(g)(2)(B)-(C)).";
      }
      return "Incomplete counter-notice: ask the uploader for the missing elements; the "
             "restoration clock does not start yet.";
    case Kind::kRetraction:
      return "Retraction: the complainant withdraws the notice; restore the material.";
    case Kind::kOther:
      return "Not a DMCA matter (" + a.other_category +
             "): route it to the team that handles it.";
  }
  return {};
}

}  // namespace

std::string FormatCheckReport(const Notice& notice) {
  const auto& a = notice.analysis;
  std::ostringstream out;
  out << "Kind:      " << parsers::notice::KindName(a.kind);
  if (a.kind == Kind::kOther && !a.other_category.empty()) out << " (" << a.other_category << ")";
  out << "\n           " << a.kind_reason << "\n";
  out << "From:      " << notice.original.from.value_or("(unknown)") << "\n";
  out << "Date:      " << notice.original.date.value_or("(unknown)") << "\n";
  out << "Subject:   " << notice.original.subject.value_or("(none)") << "\n";
  if (notice.original.forward_depth > 0) {
    out << "           (recovered under " << notice.original.forward_depth << " forward"
        << (notice.original.forward_depth > 1 ? "s" : "") << ")\n";
  }
  if (a.kind != Kind::kOther) {
    out << "Verdict:   " << parsers::notice::VerdictName(a.verdict) << "\n\nElements:\n";
    for (const auto& element : a.elements) {
      out << "  [" << (element.present ? "x" : " ") << "] " << element.name << "\n";
      if (element.evidence) out << "        " << Quote(*element.evidence) << "\n";
    }
    if (!a.missing.empty()) {
      out << "\nMissing:   ";
      for (std::size_t i = 0; i < a.missing.size(); ++i) {
        out << (i ? ", " : "") << a.missing[i];
      }
      out << "\n";
    }
  }
  std::map<std::string, std::vector<const parsers::wikiurl::Target*>> by_site;
  std::vector<const parsers::wikiurl::Target*> outside;
  for (const auto& target : notice.targets) {
    if (target.in_scope && target.site) {
      by_site[*target.site].push_back(&target);
    } else {
      outside.push_back(&target);
    }
  }
  out << "\nTargets:   " << notice.targets.size() << "\n";
  for (const auto& [site, targets] : by_site) {
    out << "  " << site << "\n";
    for (const auto* t : targets) out << "    " << t->title.value_or(t->url) << "\n";
  }
  if (!outside.empty()) {
    out << "  not Wikimedia material\n";
    for (const auto* t : outside) {
      out << "    " << t->url << (t->spoof ? "   SPOOF: looks like a Wikimedia host" : "")
          << "\n";
    }
  }
  if (!notice.findings.empty()) {
    out << "\nFindings:\n";
    for (const auto& finding : notice.findings) out << "  " << finding.ToString() << "\n";
  }
  out << "\nNext step: " << NextStep(notice) << "\n";
  return out.str();
}

}  // namespace dmca::app
