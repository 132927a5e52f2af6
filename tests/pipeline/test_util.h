#pragma once

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

#include "parsers/notice/understand.h"
#include "pipeline/model/case.h"

// Boost.Test prints values of failed checks.
namespace dmca {
inline std::ostream& operator<<(std::ostream& out, Status::Code code) {
  return out << Status::CodeName(code);
}
inline std::ostream& operator<<(std::ostream& out, Finding::Severity severity) {
  return out << SeverityName(severity);
}
}  // namespace dmca

namespace dmca::parsers::notice {
inline std::ostream& operator<<(std::ostream& out, Kind kind) { return out << KindName(kind); }
}  // namespace dmca::parsers::notice

namespace dmca::model {
inline std::ostream& operator<<(std::ostream& out, CaseState state) {
  return out << StateName(state);
}
inline std::ostream& operator<<(std::ostream& out, const std::optional<CaseState>& state) {
  return state ? out << *state : out << "nullopt";
}
inline std::ostream& operator<<(std::ostream& out, const std::optional<TargetState>& state) {
  return state ? out << TargetStateName(*state) : out << "nullopt";
}
}  // namespace dmca::model

namespace dmca::pipeline::testing {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dmca-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A takedown as the notice parser would understand it, built by hand.
inline parsers::notice::Notice SampleTakedown(const std::string& sender = "agent@example.org",
                                              const std::string& title = "File:Sunset.jpg") {
  parsers::notice::Notice n;
  n.original.from = "Jane Agent <" + sender + ">";
  n.original.date = "Mon, 23 Nov 2026 09:00:00 +0000";
  n.original.subject = "DMCA notice: Sunset photograph";
  n.original.forward_depth = 1;
  n.body = "I am authorized... /s/ Jane Agent";
  auto& a = n.analysis;
  a.kind = parsers::notice::Kind::kTakedown;
  a.kind_reason = "asks for removal under the DMCA";
  a.language = "en";
  for (const char* name :
       {"signature", "copyrighted_work", "infringing_material", "contact_information",
        "good_faith_statement", "accuracy_and_authority_statement"}) {
    a.elements.push_back({name, true, std::string("evidence of ") + name});
  }
  a.verdict = parsers::notice::Verdict::kComplete;
  a.complete = true;
  a.fields.sender.name = "Jane Agent";
  a.fields.sender.emails = {sender};
  a.fields.sender.phones = {"+1 555 0100"};
  a.fields.works = {"Sunset, a photograph"};
  a.fields.signature = "/s/ Jane Agent";
  parsers::wikiurl::Target t;
  t.url = "https://commons.wikimedia.org/wiki/" + title;
  t.site = "commons.wikimedia.org";
  t.title = title;
  t.in_scope = true;
  n.targets.push_back(t);
  parsers::wikiurl::Target out;
  out.url = "https://example.org/sunset";
  out.findings.push_back(
      {"wikiurl.not_wikimedia", Finding::Severity::kInfo, out.url, "not a Wikimedia host"});
  n.targets.push_back(out);
  n.attachments.push_back({"1.2", "notice.pdf", "application/pdf", 1234, true});
  n.findings.push_back({"mime.bad_base64", Finding::Severity::kWarning, "1.2", "skipped"});
  return n;
}

inline model::Case SampleCase(const std::string& raw, const std::string& message_id,
                              parsers::notice::Notice notice = SampleTakedown()) {
  model::Case c;
  c.raw = raw;
  c.message_id = message_id;
  c.raw_sha256 = std::string(64, 'a');
  // Distinct raw bytes need distinct hashes; tests do not need the real digest here.
  c.raw_sha256 = std::to_string(std::hash<std::string>{}(raw)) + "-sha";
  c.source = "file:test.eml";
  c.received_at = "2026-11-24T10:00:00Z";
  c.notice = std::move(notice);
  c.state = model::InitialState(c.notice, {});
  for (const auto& t : c.notice.targets) {
    model::CaseTarget target;
    target.target = t;
    c.targets.push_back(std::move(target));
  }
  c.audit.push_back({"2026-11-24T10:00:00Z", "pipeline", "ingested", "from file:test.eml"});
  return c;
}

}  // namespace dmca::pipeline::testing
