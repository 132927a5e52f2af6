#include "app/arguments.h"

#include <charconv>

namespace dmca::app {

std::optional<std::size_t> ParseCount(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::size_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

std::optional<std::int64_t> ParseCaseId(std::string_view text) {
  if (!text.empty() && text[0] == '#') text.remove_prefix(1);
  // from_chars accepts a leading '-' (refused below) but no '+' or space, and reports overflow.
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace dmca::app
