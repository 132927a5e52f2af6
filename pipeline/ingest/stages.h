#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "parsers/notice/understand.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/runner/runner.h"
#include "pipeline/runner/stage.h"
#include "pipeline/sources/source.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline {

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

// How IngestAll spreads the work and groups the commits.
struct IngestOptions {
  // Threads running hash, parse, understand and classify; 0: one per core.
  std::size_t workers = 0;
  // Messages per store group: one durable commit per batch (Store::BeginGroup), and each
  // message committed to its source only after its batch is durable.
  std::size_t batch_messages = 256;
  // A larger message is stored verbatim without being parsed or understood, as a case for
  // review ("limit.message_size"; README "Limits").
  std::size_t max_message_bytes = 64u << 20;
  // A message whose parsing and understanding take longer goes to review
  // ("limit.processing_time"); the PDF limits bound the slowest part of that work.
  std::chrono::seconds max_message_time{60};
};

// The whole ingest: the stages of IngestStages over `source` into `store`, with group commit
// and the stages that need no store on worker threads (batch_ingest.cc); cases are stored in
// the source's order. Stage timings and verbose lines go to options.log as Runner::Run writes
// them.
RunStats IngestAll(Source& source, Store& store, const Clock& clock, RunnerOptions options = {},
                   const parsers::notice::Intake& intake = {},
                   const IngestOptions& ingest = {});

}  // namespace dmca::pipeline
