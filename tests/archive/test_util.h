#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dmca::archive::testing {

inline std::size_t CountOf(std::string_view hay, std::string_view needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string_view::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

inline bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

}  // namespace dmca::archive::testing
