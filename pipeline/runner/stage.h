#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "parsers/base/finding.h"
#include "parsers/base/status.h"
#include "parsers/mime/message.h"
#include "pipeline/model/case.h"
#include "pipeline/sources/source.h"

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

}  // namespace dmca::pipeline
