#include "parsers/text/pdf.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <memory>
#include <vector>

#include "parsers/text/charset.h"

namespace dmca::parsers::text {

namespace {

// poppler prints its complaints about broken PDFs on stderr; the outcome is reported as a
// finding instead.
void Quiet(const std::string&, void*) {}

}  // namespace

PdfText PdfToText(std::string_view pdf_bytes, Findings* findings, std::string_view where) {
  static const bool quiet = (poppler::set_debug_error_function(Quiet, nullptr), true);
  (void)quiet;
  PdfText result;
  const auto report = [&](const char* code, const std::string& what) {
    if (findings) findings->push_back({code, Finding::Severity::kCritical, std::string(where), what});
  };
  try {
    std::vector<char> data(pdf_bytes.begin(), pdf_bytes.end());
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(
        data.data(), static_cast<int>(data.size())));
    if (!doc || doc->is_locked()) {
      report("pdf.unreadable", "the PDF could not be opened (damaged or encrypted); read it by hand");
      return result;
    }
    result.pages = doc->pages();
    for (int i = 0; i < result.pages; ++i) {
      std::unique_ptr<poppler::page> page(doc->create_page(i));
      if (!page) continue;
      const poppler::byte_array utf8 = page->text().to_utf8();
      if (i > 0) result.text += '\f';
      result.text.append(utf8.begin(), utf8.end());
    }
  } catch (...) {
    report("pdf.unreadable", "the PDF could not be read; read it by hand");
    return result;
  }
  result.has_text_layer = result.text.find_first_not_of(" \t\r\n\f") != std::string::npos;
  if (!result.has_text_layer) {
    report("pdf.no_text_layer", "the PDF has no text layer (scanned, needs review)");
    result.text.clear();
  } else {
    result.text = NormalizeNfc(result.text);
  }
  return result;
}

}  // namespace dmca::parsers::text
