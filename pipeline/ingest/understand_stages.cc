// The stages that call the parsers (MIME, notice understanding), apart from the others so that
// code using the runner with its own stages does not link the parsers.
#include <string>

#include "parsers/notice/receipt.h"
#include "parsers/notice/understand.h"
#include "pipeline/calendar/time_zone.h"
#include "pipeline/ingest/stages.h"
#include "pipeline/runner/runner.h"

namespace dmca::pipeline {
namespace {

std::string Trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

class ParseStage final : public Stage {
 public:
  std::string_view Name() const override { return "parse"; }
  Result<StageResult> Run(Ingest& work) override {
    work.message.emplace(parsers::mime::Message::Parse(work.c.raw));
    if (auto id = work.message->root().headers().Raw("Message-ID")) work.c.message_id = Trim(*id);
    return StageResult::kContinue;
  }
};

class UnderstandStage final : public Stage {
 public:
  explicit UnderstandStage(parsers::notice::Intake intake) : intake_(std::move(intake)) {
    if (auto zone = TimeZone::Named(kFoundationTimeZone); zone.ok()) {
      wall_ = [zone = *zone](std::chrono::local_seconds local) { return zone.FromLocal(local); };
    }
  }
  std::string_view Name() const override { return "understand"; }
  Result<StageResult> Run(Ingest& work) override {
    if (!work.message) return Status::Internal("understand before parse");
    work.c.notice = parsers::notice::Understand(*work.message, intake_);
    // When the Foundation received it (the counter-notice clock counts from it), from the mail;
    // a forward's date without a zone is the Foundation's wall clock. Without one, the store
    // falls back on the time it stored the message.
    if (auto receipt = parsers::notice::FoundationReceipt(*work.message, work.c.notice, wall_)) {
      work.c.receipt_at = receipt->at;
      work.c.receipt_source = receipt->source;
    }
    work.c.targets.clear();
    for (const auto& target : work.c.notice.targets) {
      model::CaseTarget case_target;
      case_target.target = target;
      work.c.targets.push_back(std::move(case_target));
    }
    return StageResult::kContinue;
  }

 private:
  parsers::notice::Intake intake_;
  parsers::notice::WallClock wall_;
};

}  // namespace

std::unique_ptr<Stage> MakeParseStage() { return std::make_unique<ParseStage>(); }
std::unique_ptr<Stage> MakeUnderstandStage(const parsers::notice::Intake& intake) {
  return std::make_unique<UnderstandStage>(intake);
}
std::vector<std::unique_ptr<Stage>> IngestStages(Store& store, const Clock& clock,
                                                 const parsers::notice::Intake& intake) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(MakeHashStage(clock));
  stages.push_back(MakeParseStage());
  stages.push_back(MakeDedupeStage(store));
  stages.push_back(MakeUnderstandStage(intake));
  stages.push_back(MakeClassifyStage());
  stages.push_back(MakeLinkStage(store, clock));
  stages.push_back(MakePersistStage(store, clock));
  return stages;
}

}  // namespace dmca::pipeline
