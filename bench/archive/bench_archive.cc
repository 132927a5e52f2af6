// The archive build of N cases (default 100,000), then again after one new case: the work of
// `dmca archive build` once the store has been read (pipeline::BuildArchiveFrom: render every
// publishable case's pages and Lumen JSON, the statistics, the site, the dumps; write what
// changed). Usage: bench_archive DIR [N]. Prints one line per build.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "pipeline/publish/publish.h"

namespace {

using namespace dmca;

model::Case MakeCase(std::int64_t id) {
  model::Case c;
  c.id = id;
  const int day = static_cast<int>(id % 28) + 1;
  const int month = static_cast<int>(id / 28 % 12) + 1;
  const int year = 2019 + static_cast<int>(id / 336 % 8);
  char received[32];
  std::snprintf(received, sizeof received, "%04d-%02d-%02dT10:00:00Z", year, month, day);
  c.received_at = received;
  auto& n = c.notice;
  const std::string file = "File:Photo " + std::to_string(id) + ".jpg";
  n.original.from = "Jane Agent <jane.agent" + std::to_string(id % 97) + "@gmail.com>";
  n.original.to = "legal@wikimedia.org";
  n.original.date = std::string(received).substr(0, 10);
  n.original.subject = "DMCA notice " + std::to_string(id);
  n.body = "Dear Wikimedia Foundation,\n\nI act for Example Studios " + std::to_string(id % 50) +
           " LLC, owner of the photograph at https://studio.example/works/" + std::to_string(id) +
           ". It is copied at https://commons.wikimedia.org/wiki/" + file +
           "\n\nI have a good faith belief that this use is not authorized. Under penalty of "
           "perjury, I am authorized to act for the owner.\n\nSincerely,\n/s/ Jane Agent\n"
           "12 Main Street\nSpringfield, IL 62701\nTel: +1 (555) 010-0100\n";
  auto& a = n.analysis;
  a.kind = parsers::notice::Kind::kTakedown;
  a.language = "en";
  a.verdict =
      id % 10 == 0 ? parsers::notice::Verdict::kDeficient : parsers::notice::Verdict::kComplete;
  a.complete = id % 10 != 0;
  a.fields.sender.name = "Jane Agent";
  a.fields.sender.organisation = "Example Studios " + std::to_string(id % 50) + " LLC";
  a.fields.sender.emails = {"jane.agent" + std::to_string(id % 97) + "@gmail.com"};
  a.fields.sender.phones = {"+1 (555) 010-0100"};
  a.fields.sender.addresses = {"12 Main Street\nSpringfield, IL 62701"};
  a.fields.works = {"Photograph " + std::to_string(id)};
  a.fields.signature = "/s/ Jane Agent";
  parsers::wikiurl::Target t;
  t.url = "https://commons.wikimedia.org/wiki/" + file;
  t.site = "commons.wikimedia.org";
  t.title = file;
  t.in_scope = true;
  n.targets = {t};
  model::CaseTarget ct;
  ct.target = t;
  ct.uploader = "Uploader" + std::to_string(id % 1000);
  if (a.complete) {
    c.state = id % 3 == 0 ? model::CaseState::kPublished : model::CaseState::kExecuted;
    ct.state = model::TargetState::kDeleted;
    c.audit.push_back({received, "worker", "executed", "targets: 1"});
  } else {
    c.state = model::CaseState::kDeficient;
  }
  c.targets = {ct};
  return c;
}

double Build(const std::vector<model::Case>& cases, const std::string& dir, const char* what) {
  const auto start = std::chrono::steady_clock::now();
  pipeline::ArchiveBuildReport report;
  const Status s = pipeline::BuildArchiveFrom(cases, {}, {}, dir, &report);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    std::exit(1);
  }
  std::printf(
      "%-28s %zu cases, %zu published, %zu pages: %.3f s; %zu files written, %zu "
      "unchanged, %zu removed\n",
      what, report.cases, report.published, report.pages, seconds, report.files.written,
      report.files.unchanged, report.files.removed);
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_archive DIR [N]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const std::int64_t n = argc > 2 ? std::stoll(argv[2]) : 100'000;
  std::filesystem::remove_all(dir);
  std::vector<model::Case> cases;
  cases.reserve(static_cast<std::size_t>(n) + 1);
  for (std::int64_t id = 1; id <= n; ++id) cases.push_back(MakeCase(id));
  Build(cases, dir, "first build (empty folder):");
  Build(cases, dir, "rebuild, nothing changed:");
  cases.push_back(MakeCase(n + 1));
  Build(cases, dir, "rebuild after one new case:");
  return 0;
}
