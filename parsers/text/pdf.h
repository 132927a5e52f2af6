#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "parsers/base/finding.h"

namespace dmca::parsers::text {

struct PdfText {
  std::string text;  // UTF-8 NFC, pages separated by form feeds
  int pages = 0;
  bool has_text_layer = false;  // false: scanned image, a person must read it
};

// What a hostile PDF may cost. poppler runs in a child process with these as its resource
// limits, so a PDF that loops, explodes in memory or crashes poppler costs one finding, not the
// ingestion (README "Limits").
struct PdfLimits {
  int max_pages = 200;               // pages read; the rest is left to a person (a finding)
  int max_seconds = 20;              // wall-clock time of the extraction (and CPU time, RLIMIT_CPU)
  std::size_t max_memory_mb = 1024;  // the child's address space (RLIMIT_AS)
  bool isolate = true;               // false: in this process, without limits (tests of poppler)
};

// Extracts the text layer of a PDF with poppler-cpp. A PDF without text is a critical finding
// "pdf.no_text_layer" ("scanned, needs review"); an unreadable or encrypted one is
// "pdf.unreadable". A limit reached is a critical finding too, with what was read until then:
// "limit.pdf_pages" (the first max_pages pages are read), "limit.pdf_time" (the child was killed
// after max_seconds), "limit.pdf_memory" (poppler ran out of its address space or crashed).
// Never throws.
PdfText PdfToText(std::string_view pdf_bytes, Findings* findings, std::string_view where = {},
                  const PdfLimits& limits = {});

}  // namespace dmca::parsers::text
