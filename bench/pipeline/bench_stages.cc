#include "pipeline/ingest/stages.h"

namespace dmca::pipeline {

std::vector<std::unique_ptr<Stage>> BenchStages(Store& store, const Clock& clock, bool store_only) {
  if (!store_only) return IngestStages(store, clock);
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(MakeHashStage(clock));
  stages.push_back(MakeDedupeStage(store));
  stages.push_back(MakePersistStage(store, clock));
  return stages;
}

}  // namespace dmca::pipeline
