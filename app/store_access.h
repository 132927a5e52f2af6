#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "pipeline/store/store.h"

namespace dmca::app {

// Opens the store the configuration names ([store] path or url). With `must_exist`, a missing
// SQLite file is an error ("run dmca ingest first") rather than a new empty store.
Result<std::unique_ptr<pipeline::Store>> OpenConfiguredStore(Context& ctx, bool must_exist = false);

// "25" -> 25: a count on the command line (at most 9 digits); nullopt for anything else.
std::optional<std::size_t> ParseCount(const std::string& text);

// "12" or "#12" -> 12; nullopt for anything else.
std::optional<std::int64_t> ParseCaseId(const std::string& text);

// `dmca cases show`: one case with its evidence, targets, actions, findings and audit trail.
std::string FormatCase(const model::Case& c, const std::vector<pipeline::Action>& actions);

}  // namespace dmca::app
