#define BOOST_TEST_MODULE parsers_wikiurl
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <sstream>

#include "parsers/wikiurl/wiki_url.h"

namespace dmca::parsers::wikiurl {
namespace {

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  std::string cell;
  while (std::getline(in, cell, '\t')) cells.push_back(cell);
  return cells;
}

// tests/data/wikiurl/cases.tsv: url, site, title, in_scope, spoof ("-" for null).
BOOST_AUTO_TEST_CASE(every_url_form_resolves_to_its_canonical_target) {
  std::ifstream in(std::string(DMCA_SOURCE_DIR) + "/tests/data/wikiurl/cases.tsv");
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto cells = Split(line);
    BOOST_REQUIRE_EQUAL(cells.size(), 5u);
    const Target t = Resolve(cells[0]);
    BOOST_TEST(t.site.value_or("-") == cells[1], cells[0]);
    BOOST_TEST(t.title.value_or("-") == cells[2], cells[0]);
    BOOST_TEST(t.in_scope == (cells[3] == "1"), cells[0]);
    BOOST_TEST(t.spoof == (cells[4] == "1"), cells[0]);
    if (t.spoof) BOOST_TEST(!t.in_scope, cells[0]);
    ++rows;
  }
  BOOST_TEST(rows >= 80);
}

BOOST_AUTO_TEST_CASE(ids_that_need_a_lookup_are_kept_with_a_finding) {
  const Target curid = Resolve("https://en.wikipedia.org/?curid=12345");
  BOOST_TEST(curid.curid.value_or(0) == 12345);
  BOOST_TEST(!curid.findings.empty());
  const Target oldid = Resolve("https://en.wikipedia.org/w/index.php?title=Paris&oldid=987");
  BOOST_TEST(oldid.oldid.value_or(0) == 987);
}

BOOST_AUTO_TEST_CASE(bad_urls_give_findings_not_crashes) {
  for (const char* url : {"https://en.wikipedia.org/wiki/%ZZbad", "http://", "https://%%%",
                          "https://en.wikipedia.org/wiki/%FF%FE", "::::", ""}) {
    const Target t = Resolve(url);
    BOOST_TEST(t.url == url);
    const bool explained = !t.findings.empty() || t.spoof || !t.site;
    if (!t.in_scope) BOOST_TEST(explained, url);
  }
  BOOST_TEST(!Resolve("https://en.wikipedia.org/wiki/%ZZbad").findings.empty());
  std::string long_url = "https://en.wikipedia.org/wiki/" + std::string(100000, 'a');
  BOOST_TEST(Resolve(long_url).in_scope);
}

BOOST_AUTO_TEST_CASE(urls_in_prose) {
  const auto urls = ExtractUrls(
      "See <https://en.wikipedia.org/wiki/Paris>, and https://en.wikipedia.org/wiki/Queen_(band).\n"
      "Also (https://commons.wikimedia.org/wiki/File:A.jpg) and commons.wikimedia.org/wiki/File:B.jpg;\n"
      "again https://en.wikipedia.org/wiki/Paris! and \"https://example.org/x\"?");
  const std::vector<std::string> expected = {
      "https://en.wikipedia.org/wiki/Paris", "https://en.wikipedia.org/wiki/Queen_(band)",
      "https://commons.wikimedia.org/wiki/File:A.jpg", "commons.wikimedia.org/wiki/File:B.jpg",
      "https://example.org/x"};
  BOOST_TEST(urls == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(urls_broken_across_lines_are_rejoined) {
  // Inside angle brackets any line break is the mail client's.
  auto urls = ExtractUrls("<https://commons.wikimedia.org/wiki/\nFile:Long_name.jpg>");
  BOOST_REQUIRE_EQUAL(urls.size(), 1u);
  BOOST_TEST(urls[0] == "https://commons.wikimedia.org/wiki/File:Long_name.jpg");
  // A long line ending inside an address, continued on the next line.
  urls = ExtractUrls(
      "https://upload.wikimedia.org/wikipedia/commons/thumb/a/ab/Sunset_over_Example_B\n"
      "ay.jpg/800px-Sunset_over_Example_Bay.jpg\n");
  BOOST_REQUIRE_EQUAL(urls.size(), 1u);
  BOOST_TEST(Resolve(urls[0]).title.value_or("") == "File:Sunset over Example Bay.jpg");
  // Prose after an address that ends a sentence is not part of it.
  urls = ExtractUrls(
      "concerning https://commons.wikimedia.org/wiki/File:Example_City_transit_map_2025.svg.\n"
      "Our client has since licensed the map.");
  BOOST_REQUIRE_EQUAL(urls.size(), 1u);
  BOOST_TEST(urls[0] == "https://commons.wikimedia.org/wiki/File:Example_City_transit_map_2025.svg");
}

BOOST_AUTO_TEST_CASE(a_million_urls_in_linear_time) {
  std::string text;
  text.reserve(60'000'000);
  for (int i = 0; i < 1'000'000; ++i) {
    text += "https://commons.wikimedia.org/wiki/File:Example_" + std::to_string(i) + ".jpg\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const auto urls = ExtractUrls(text);
  std::size_t in_scope = 0;
  for (const auto& url : urls) in_scope += Resolve(url).in_scope;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(urls.size() == 1'000'000u);
  BOOST_TEST(in_scope == 1'000'000u);
  BOOST_TEST_MESSAGE("1M URLs extracted and resolved in " << seconds << " s (not asserted)");
}

}  // namespace
}  // namespace dmca::parsers::wikiurl
