#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "parsers/base/finding.h"
#include "parsers/base/status.h"
#include "parsers/mime/message.h"
#include "parsers/notice/understand.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/model/case.h"
#include "pipeline/sources/source.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline {

// One message on its way through the ingest stages.
struct Ingest {
  RawMessage raw;
  model::Case c;                                  // what will be stored
  std::optional<parsers::mime::Message> message;  // after the parse stage
  Findings findings;                              // the pipeline's own findings for this message
  std::optional<std::int64_t> duplicate_of;       // set by the dedupe stage
  std::vector<std::int64_t> supersedes;           // deficient cases this notice replaces
  bool inserted = false;                          // the store took it as a new case
};

enum class StageResult {
  kContinue,  // hand the message to the next stage
  kStop,      // this message is done (a duplicate): the runner commits it to the source
};

// One step of the flow (Envoy's network filter: small, one interface; the runner, not the stage,
// decides what happens next). A stage never throws on untrusted input: it adds findings. A non-OK
// Status is work that failed (the store), retried by the runner when Retryable().
class Stage {
 public:
  virtual ~Stage() = default;
  virtual std::string_view Name() const = 0;
  virtual Result<StageResult> Run(Ingest& work) = 0;
  // Runs even after an earlier stage failed on this message, so that a message that cannot be
  // understood is still stored verbatim for review (the persist stage).
  virtual bool RunsAfterFailure() const { return false; }
};

// The ingest stages in order: hash, parse, dedupe, understand, classify, link, persist.
// `intake` says who is staff, so that a forward is never taken for the notice's sender.
std::vector<std::unique_ptr<Stage>> IngestStages(Store& store, const Clock& clock,
                                                 const parsers::notice::Intake& intake = {});

// Individual stages, for tests and other flows.
std::unique_ptr<Stage> MakeHashStage(const Clock& clock);
std::unique_ptr<Stage> MakeParseStage();
std::unique_ptr<Stage> MakeDedupeStage(Store& store);
std::unique_ptr<Stage> MakeUnderstandStage(const parsers::notice::Intake& intake = {});
std::unique_ptr<Stage> MakeClassifyStage();
std::unique_ptr<Stage> MakeLinkStage(Store& store, const Clock& clock);
std::unique_ptr<Stage> MakePersistStage(Store& store, const Clock& clock);

// Staff decisions on a case, each audited.
class Workflow {
 public:
  Workflow(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // pending_approval -> approved by `staff_user`, then Plan(). kFailedPrecondition when the case
  // is not pending approval (or another user decided first).
  Status Approve(std::int64_t case_id, std::string_view staff_user, std::string_view note = {});
  // pending_approval (or approved, before execution) -> rejected.
  Status Reject(std::int64_t case_id, std::string_view staff_user, std::string_view reason);
  // Queues one delete action per in-scope target of an approved case. Idempotent: safe to call
  // again (the executor calls it before claiming, in case Approve was interrupted).
  Result<std::vector<std::int64_t>> Plan(std::int64_t case_id);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace dmca::pipeline
