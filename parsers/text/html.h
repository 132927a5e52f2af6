#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/base/finding.h"

namespace dmca::parsers::text {

struct HtmlText {
  std::string text;                // readable text: blocks on their own lines, no markup
  std::vector<std::string> links;  // every <a href> target, in document order, as written
};

// HTML (already UTF-8) to text with libxml2's HTML parser: no network, no entity expansion
// beyond HTML's own, scripts and styles dropped. A link whose target is not its visible text is
// written "text <href>" so URLs survive into the text. Malformed HTML is repaired; what libxml2
// reports becomes findings ("html.malformed").
HtmlText HtmlToText(std::string_view html_utf8, Findings* findings, std::string_view where = {});

}  // namespace dmca::parsers::text
