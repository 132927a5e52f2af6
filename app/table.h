#pragma once

#include <string>
#include <vector>

namespace dmca::app {

// A plain text table with a header row, columns as wide as their widest cell (counted in code
// points), cells too long for `max_width` shortened with "…" in the widest column.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string Render(std::size_t max_width) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace dmca::app
