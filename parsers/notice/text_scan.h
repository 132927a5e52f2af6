#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dmca::parsers::notice {

// A case-insensitive view of a notice for phrase matching, with offsets identical to the
// original's (ASCII letters lower-cased in place; non-ASCII bytes kept; http(s) addresses
// masked), so that evidence is always a verbatim substring of the original.
class ScanText {
 public:
  explicit ScanText(std::string_view original);

  std::string_view original() const { return original_; }
  std::string_view lower() const { return lower_; }

  // Finds `phrase` at or after `from`. In a phrase, a space matches any run of white space and
  // markup-ish punctuation ("*", "<br>", ">", "-" line joins), "…" matches up to 120 bytes of
  // anything on the way, and a trailing "*" on a word matches any word ending. Returns the
  // [begin, end) of the match, or npos.
  std::pair<std::size_t, std::size_t> Find(std::string_view phrase, std::size_t from = 0) const;

  // The sentence or line around [begin, end): from the previous sentence end or blank line to
  // the next, at most `max` bytes, on UTF-8 boundaries, trimmed.
  std::string Sentence(std::size_t begin, std::size_t end, std::size_t max = 200) const;
  // The line holding `pos`, trimmed.
  std::string LineAt(std::size_t pos) const;
  // Verbatim text [begin, end) clipped to `max` bytes on a UTF-8 boundary, trimmed.
  std::string Clip(std::size_t begin, std::size_t end, std::size_t max = 200) const;

 private:
  bool MatchAt(std::string_view phrase, std::size_t pos, std::size_t* end) const;

  std::string_view original_;
  std::string lower_;
};

}  // namespace dmca::parsers::notice
