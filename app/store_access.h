#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/arguments.h"  // the commands that open the store also read its ids
#include "app/context.h"
#include "pipeline/ingest/stages.h"
#include "pipeline/store/store.h"

namespace dmca::app {

// Opens the store the configuration names ([store] path or url). With `must_exist`, a missing
// SQLite file is an error ("run dmca ingest first") rather than a new empty store.
Result<std::unique_ptr<pipeline::Store>> OpenConfiguredStore(Context& ctx, bool must_exist = false);

// The [limits] of ingestion (group commit and workers at their defaults).
pipeline::IngestOptions IngestOptionsFrom(const Config& config);

// `dmca cases show`: one case with its evidence, targets, actions, findings and audit trail.
std::string FormatCase(const model::Case& c, const std::vector<pipeline::Action>& actions);

}  // namespace dmca::app
