#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace dmca::app {

// Every number and identifier on the command line is read by one of these: anything that is not
// one (letters, signs, spaces, overflow, an empty value) is nullopt, which the command reports as
// a usage error naming the option (exit 2), never an exception or an abort. Dates go through
// pipeline::ParseDate, target lists through pipeline::ParseTargetNumbers, names through the
// model's *FromName lookups; tests/integration/arguments_test.cc feeds hostile values to every
// option and positional of every command.

// "25" -> 25: a count (at most 9 digits, so any count fits every integer type it meets).
std::optional<std::size_t> ParseCount(std::string_view text);

// "12" or "#12" -> 12; nullopt for 0, negatives and anything else.
std::optional<std::int64_t> ParseCaseId(std::string_view text);

}  // namespace dmca::app
