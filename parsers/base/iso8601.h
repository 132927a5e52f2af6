#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace dmca {

// "2026-11-24T10:00:00Z" (UTC, whole seconds): the one form instants take in the store, the
// JSON output (CONTRACT.md "received") and the command line (`tick --now`).
std::string FormatIso8601(std::chrono::system_clock::time_point when);
// The inverse of FormatIso8601 ("YYYY-MM-DDTHH:MM:SSZ" exactly); nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text);

}  // namespace dmca
