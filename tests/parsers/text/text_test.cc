#define BOOST_TEST_MODULE parsers_text
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "parsers/text/charset.h"
#include "parsers/text/html.h"
#include "parsers/text/pdf.h"

namespace dmca::parsers::text {
namespace {

bool Has(const Findings& findings, std::string_view code) {
  for (const auto& f : findings) {
    if (f.code == code) return true;
  }
  return false;
}

// A one-page PDF whose page content stream is `content`, with a correct cross-reference table.
// A PDF of `pages` pages, each showing `content` (objects: catalog, pages, font, then a page and
// its content stream per page).
std::string MakePdf(const std::string& content, int pages = 1) {
  std::string kids;
  for (int p = 0; p < pages; ++p) kids += std::to_string(4 + 2 * p) + " 0 R ";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  for (int p = 0; p < pages; ++p) {
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents " +
                      std::to_string(5 + 2 * p) + " 0 R /Resources << /Font << /F1 3 0 R >> >> >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "\nendstream");
  }
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

BOOST_AUTO_TEST_CASE(charsets_through_icu) {
  BOOST_TEST(ToUtf8("caf\xe9", "iso-8859-1", nullptr) == "café");
  BOOST_TEST(ToUtf8("\x93quoted\x94", "windows-1252", nullptr) == "“quoted”");
  BOOST_TEST(ToUtf8("\xc4\xe3\xba\xc3", "gb2312", nullptr) == "你好");
  BOOST_TEST(ToUtf8("\xa7\x41\xa6\x6e", "big5", nullptr) == "你好");
  BOOST_TEST(ToUtf8("\xbe\xc8\xb3\xe7", "euc-kr", nullptr) == "안녕");
  BOOST_TEST(ToUtf8("\x1b$B%F%9%H\x1b(B", "ISO-2022-JP", nullptr) == "テスト");
  BOOST_TEST(ToUtf8(std::string("\xff\xfeh\0i\0", 6), "utf-16", nullptr) == "hi");
  // NFC: a decomposed "é" comes out composed.
  BOOST_TEST(ToUtf8("e\xcc\x81", "utf-8", nullptr) == "\xc3\xa9");
}

// Single-byte charsets go through a table made from ICU; every byte must come out as ICU
// itself converts it (then NFC), with the same invalid bytes reported.
BOOST_AUTO_TEST_CASE(single_byte_tables_match_icu_byte_for_byte) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  for (const char* charset :
       {"windows-1252", "iso-8859-2", "iso-8859-5", "iso-8859-7", "koi8-r", "windows-1251",
        "windows-1255", "windows-1258", "ibm037", "macintosh", "us-ascii", "iso-8859-15"}) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* converter = ucnv_open(charset, &status);
    BOOST_REQUIRE(U_SUCCESS(status));
    icu::UnicodeString expected_text;
    UChar* buffer = expected_text.getBuffer(1024);
    const int32_t length = ucnv_toUChars(converter, buffer, 1024, all.data(), 256, &status);
    expected_text.releaseBuffer(length);
    ucnv_close(converter);
    std::string expected;
    icu::Normalizer2::getNFCInstance(status)
        ->normalize(expected_text, status)
        .toUTF8String(expected);
    BOOST_REQUIRE(U_SUCCESS(status));
    Findings findings;
    BOOST_TEST_CONTEXT(charset) {
      // us-ascii takes the "undeclared 8-bit" route; the rest must match ICU exactly.
      if (std::string_view(charset) != "us-ascii")
        BOOST_TEST(ToUtf8(all, charset, &findings) == expected);
      BOOST_TEST(IsValidUtf8(ToUtf8(all, charset, &findings)));
    }
  }
  Findings findings;
  BOOST_TEST(ToUtf8("a\xd2!", "iso-8859-7", &findings) == "a\xef\xbf\xbd!");  // unassigned
  BOOST_TEST(Has(findings, "charset.invalid_bytes"));
  // windows-1258 writes Vietnamese with combining marks; NFC composes them.
  BOOST_TEST(ToUtf8("a\xcc", "windows-1258", nullptr) == "\xc3\xa0");
  BOOST_TEST(ToUtf8("\xc1\x89\x93\x85", "ibm037", nullptr) == "Aile");  // EBCDIC
}

// ICU opens "iso-8859-2,anything" as ISO-8859-2, so mail can name a charset in endless ways;
// past the table cache's cap they convert the slow way, and the same.
BOOST_AUTO_TEST_CASE(endless_charset_labels_neither_grow_the_cache_nor_change_the_text) {
  for (int i = 0; i < 1500; ++i) {
    const std::string label = "iso-8859-2,x" + std::to_string(i);
    BOOST_TEST_CONTEXT(label) { BOOST_TEST(ToUtf8("\xb1", label, nullptr) == "\xc4\x85"); }  // "ą"
  }
}

BOOST_AUTO_TEST_CASE(invalid_and_unknown_are_findings) {
  Findings findings;
  BOOST_TEST(ToUtf8("ok\xc3(", "utf-8", &findings) == "ok\xef\xbf\xbd(");
  BOOST_TEST(Has(findings, "charset.invalid_bytes"));
  findings.clear();
  BOOST_TEST(ToUtf8("caf\xe9", "x-no-such-charset", &findings) == "café");
  BOOST_TEST(Has(findings, "charset.unknown"));
  findings.clear();
  BOOST_TEST(ToUtf8("caf\xc3\xa9", "", &findings) == "café");  // undeclared 8-bit: UTF-8
  BOOST_TEST(IsValidUtf8("caf\xc3\xa9"));
  BOOST_TEST(!IsValidUtf8("\xed\xa0\x80"));  // a UTF-16 surrogate is not UTF-8
}

BOOST_AUTO_TEST_CASE(html_to_text_keeps_links_and_drops_scripts) {
  const HtmlText html = HtmlToText(
      "<html><head><title>t</title><style>p{}</style></head><body><p>Dear agent,</p>"
      "<p>the file <a href=\"https://commons.wikimedia.org/wiki/File:A.jpg\">here</a> and "
      "<a href=\"https://en.wikipedia.org/wiki/B\">https://en.wikipedia.org/wiki/B</a>.</p>"
      "<script>alert('x')</script><ul><li>one</li><li>two &amp; three</li></ul></body></html>",
      nullptr);
  BOOST_TEST(html.text.find("Dear agent,\n") != std::string::npos);
  BOOST_TEST(html.text.find("here <https://commons.wikimedia.org/wiki/File:A.jpg>") !=
             std::string::npos);
  BOOST_TEST(html.text.find("<https://en.wikipedia.org/wiki/B>") == std::string::npos);
  BOOST_TEST(html.text.find("alert") == std::string::npos);
  BOOST_TEST(html.text.find("two & three") != std::string::npos);
  BOOST_TEST(html.links.size() == 2u);
}

BOOST_AUTO_TEST_CASE(html_never_reaches_the_network_or_expands_entities) {
  const HtmlText html = HtmlToText(
      "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><p>&e; broken <b>tags<p>ok", nullptr);
  BOOST_TEST(html.text.find("root:") == std::string::npos);
  BOOST_TEST(html.text.find("ok") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(pdf_text_layer_and_scans) {
  Findings findings;
  const PdfText text =
      PdfToText(MakePdf("BT /F1 12 Tf 72 720 Td (Notice of infringement) Tj ET"), &findings);
  BOOST_TEST(text.has_text_layer);
  BOOST_TEST(text.pages == 1);
  BOOST_TEST(text.text.find("Notice of infringement") != std::string::npos);
  BOOST_TEST(findings.empty());

  const PdfText scan = PdfToText(MakePdf("0 0 0 rg 72 72 200 200 re f"), &findings);
  BOOST_TEST(!scan.has_text_layer);
  BOOST_TEST(Has(findings, "pdf.no_text_layer"));
  BOOST_TEST(HasCritical(findings));

  findings.clear();
  BOOST_TEST(!PdfToText("%PDF-1.4 garbage", &findings).has_text_layer);
  BOOST_TEST(Has(findings, "pdf.unreadable"));
}

BOOST_AUTO_TEST_CASE(pdf_limits_are_findings_with_what_was_read) {
  Findings findings;
  PdfLimits limits;
  limits.max_pages = 2;
  const PdfText first =
      PdfToText(MakePdf("BT /F1 12 Tf 72 720 Td (Page text) Tj ET", 5), &findings, "1.2", limits);
  BOOST_TEST(first.pages == 5);
  BOOST_TEST(first.text.find("Page text") != std::string::npos);
  BOOST_TEST(first.text.find("Page text", first.text.find("Page text") + 1) != std::string::npos);
  BOOST_TEST(first.text.find("Page text", first.text.rfind("Page text") + 1) == std::string::npos);
  BOOST_TEST(Has(findings, "limit.pdf_pages"));
  BOOST_TEST(HasCritical(findings));

  // A PDF that takes poppler longer than the limit: the child is killed and the call returns
  // soon after the limit.
  std::string heavy = "BT /F1 1 Tf";
  for (int i = 0; i < 1000; ++i) heavy += " 1 0 Td (w" + std::to_string(i) + ") Tj";
  heavy += " ET";
  findings.clear();
  limits.max_pages = 100000;
  limits.max_seconds = 1;
  const auto start = std::chrono::steady_clock::now();
  const PdfText slow = PdfToText(MakePdf(heavy, 1000), &findings, "1.3", limits);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(Has(findings, "limit.pdf_time"));
  BOOST_TEST(seconds < 5.0);
  BOOST_TEST(slow.pages <= 1000);

}

}  // namespace
}  // namespace dmca::parsers::text
