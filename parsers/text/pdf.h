#pragma once

#include <string>
#include <string_view>

#include "parsers/base/finding.h"

namespace dmca::parsers::text {

struct PdfText {
  std::string text;             // UTF-8 NFC, pages separated by form feeds
  int pages = 0;
  bool has_text_layer = false;  // false: scanned image, a person must read it
};

// Extracts the text layer of a PDF with poppler-cpp. A PDF without text is a critical finding
// "pdf.no_text_layer" ("scanned, needs review"); an unreadable or encrypted one is
// "pdf.unreadable". Never throws.
PdfText PdfToText(std::string_view pdf_bytes, Findings* findings, std::string_view where = {});

}  // namespace dmca::parsers::text
