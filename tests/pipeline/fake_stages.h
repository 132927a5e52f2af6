#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "pipeline/ingest/stages.h"
#include "tests/pipeline/test_util.h"

namespace dmca::pipeline::testing {

// Stands in for the parse and understand stages: reads "Key: value" lines from the raw bytes
//   Message-ID, Kind (takedown|counter_notice|retraction|other), Verdict (complete|deficient),
//   From (the original sender's address), Subject, Target (site|title, repeatable), Throw.
class FakeUnderstandStage final : public Stage {
 public:
  std::string_view Name() const override { return "fake_understand"; }
  Result<StageResult> Run(Ingest& work) override {
    std::istringstream in(work.c.raw);
    std::string line, sender = "agent@example.org";
    parsers::notice::Notice n = SampleTakedown();
    n.targets.clear();
    while (std::getline(in, line) && !line.empty()) {
      const auto colon = line.find(": ");
      if (colon == std::string::npos) continue;
      const std::string key = line.substr(0, colon), value = line.substr(colon + 2);
      if (key == "Throw") throw std::runtime_error("cannot understand " + value);
      if (key == "Message-ID") work.c.message_id = value;
      if (key == "Kind") n.analysis.kind = *parsers::notice::KindFromName(value);
      if (key == "Verdict" && value == "deficient") {
        n.analysis.verdict = parsers::notice::Verdict::kDeficient;
        n.analysis.complete = false;
      }
      if (key == "From") n.original.from = "Sender <" + value + ">";
      if (key == "Subject") n.original.subject = value;
      if (key == "Target") {
        parsers::wikiurl::Target t;
        const auto bar = value.find('|');
        t.site = value.substr(0, bar);
        t.title = value.substr(bar + 1);
        t.url = "https://" + *t.site + "/wiki/" + *t.title;
        t.in_scope = true;
        n.targets.push_back(t);
      }
      if (key == "Offsite") {
        parsers::wikiurl::Target t;
        t.url = value;
        n.targets.push_back(t);
      }
    }
    if (n.analysis.kind == parsers::notice::Kind::kOther) n.analysis.other_category = "unknown";
    work.c.notice = n;
    work.c.targets.clear();
    for (const auto& t : n.targets) {
      model::CaseTarget target;
      target.target = t;
      work.c.targets.push_back(std::move(target));
    }
    return StageResult::kContinue;
  }
};

// The ingest stages with the fake understanding in place of parse + understand.
inline std::vector<std::unique_ptr<Stage>> FakeIngestStages(Store& store, const Clock& clock) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(MakeHashStage(clock));
  stages.push_back(std::make_unique<FakeUnderstandStage>());
  stages.push_back(MakeDedupeStage(store));
  stages.push_back(MakeClassifyStage());
  stages.push_back(MakeLinkStage(store, clock));
  stages.push_back(MakePersistStage(store, clock));
  return stages;
}

inline void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

inline void MakeMaildir(const TempDir& dir) {
  for (const char* sub : {"cur", "new", "tmp"})
    std::filesystem::create_directories(dir.path() / sub);
}

inline std::size_t CountFiles(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace dmca::pipeline::testing
