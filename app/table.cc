#include "app/table.h"

#include <algorithm>
#include <numeric>

namespace dmca::app {
namespace {

std::size_t Width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// The first `width` code points of `s`, with "…" when cut.
std::string Fit(const std::string& s, std::size_t width) {
  if (Width(s) <= width) return s;
  std::string out;
  std::size_t seen = 0;
  for (char c : s) {
    const bool lead = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (lead && ++seen > width - 1) break;
    out += c;
  }
  return out + "…";
}

}  // namespace

std::string Table::Render(std::size_t max_width) const {
  std::vector<std::size_t> widths(header_.size());
  for (std::size_t i = 0; i < header_.size(); ++i) widths[i] = Width(header_[i]);
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], Width(row[i]));
    }
  }
  const std::size_t gaps = 2 * (widths.size() - 1);
  while (std::accumulate(widths.begin(), widths.end(), gaps) > max_width) {
    auto widest = std::max_element(widths.begin(), widths.end());
    if (*widest <= 12) break;
    --*widest;
  }
  std::string out;
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = Fit(i < cells.size() ? cells[i] : "", widths[i]);
      text += cell;
      if (i + 1 < widths.size()) text += std::string(widths[i] - Width(cell) + 2, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  };
  line(header_);
  std::vector<std::string> rule;
  for (std::size_t w : widths) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& row : rows_) line(row);
  return out;
}

}  // namespace dmca::app
