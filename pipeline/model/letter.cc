#include "pipeline/model/letter.h"

#include <array>
#include <utility>

namespace dmca::model {
namespace {

constexpr std::array<std::pair<LetterState, std::string_view>, 6> kNames = {{
    {LetterState::kQueued, "queued"},
    {LetterState::kSending, "sending"},
    {LetterState::kCommitting, "committing"},
    {LetterState::kSent, "sent"},
    {LetterState::kFailed, "failed"},
    {LetterState::kUnconfirmed, "unconfirmed"},
}};

}  // namespace

std::string_view LetterStateName(LetterState state) {
  for (const auto& [value, name] : kNames) {
    if (value == state) return name;
  }
  return "unknown";
}

std::optional<LetterState> LetterStateFromName(std::string_view name) {
  for (const auto& [value, known] : kNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

}  // namespace dmca::model
