#include "parsers/mime/mbox.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <random>
#include <sstream>

namespace dmca::parsers::mime {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// MimeKit's marker offsets for its mbox test files, whatever size the chunks are fed in.
BOOST_AUTO_TEST_CASE(mimekit_mboxes_split_at_the_same_offsets) {
  for (const std::string name : {"content-length", "issue1189"}) {
    const std::string dir = std::string(DMCA_CORPUS_DIR) + "/mime/mimekit-mbox/";
    const std::string data = Read(dir + name + ".mbox.txt");
    Poco::JSON::Parser parser;
    const auto offsets = parser.parse(Read(dir + name + ".unix-offsets.json"))
                             .extract<Poco::JSON::Array::Ptr>();
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{65536}}) {
      std::vector<std::uint64_t> got;
      MboxSplitter splitter([&](MboxSplitter::Emitted&& m) { got.push_back(m.offset); });
      for (std::size_t i = 0; i < data.size(); i += chunk) {
        splitter.Feed(std::string_view(data).substr(i, chunk));
      }
      splitter.Finish();
      BOOST_REQUIRE_EQUAL(got.size(), offsets->size());
      for (std::size_t i = 0; i < got.size(); ++i) {
        BOOST_TEST(got[i] == offsets->getObject(static_cast<unsigned>(i))
                                 ->getValue<std::uint64_t>("mboxMarkerOffset"));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(mboxrd_unquoting_and_a_missing_first_separator) {
  std::vector<std::string> messages;
  MboxSplitter splitter([&](MboxSplitter::Emitted&& m) { messages.push_back(m.message); });
  splitter.Feed("Subject: stray\n\nno separator\n\nFrom a@example.org Mon Nov 23 2026\n"
                "Subject: x\n\n>From the start\n>>From quoted\n");
  splitter.Finish();
  BOOST_REQUIRE_EQUAL(messages.size(), 2u);
  BOOST_TEST(messages[1] == "Subject: x\n\nFrom the start\n>From quoted\n");
  BOOST_TEST(splitter.findings().size() == 1u);
}

// Bodies are taken in blocks between lines that start "F" or ">"; a byte at a time takes nearly
// every line on its own. Both must cut the same messages from an mbox full of near-separators.
BOOST_AUTO_TEST_CASE(block_and_line_reading_split_alike) {
  const std::vector<std::string> lines = {"From a@example.org Mon Nov 23 2026",
                                          "From: b@example.org",
                                          "Fun and games",
                                          ">From quoted",
                                          ">>From twice",
                                          "> a reply",
                                          "",
                                          "Subject: s",
                                          "Content-Length: 12",
                                          "body text",
                                          "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo="};
  std::mt19937 random(4155);
  for (int round = 0; round < 200; ++round) {
    std::string mbox;
    const std::string end = round % 3 == 0 ? "\r\n" : "\n";
    for (int i = 0; i < 60; ++i) mbox += lines[random() % lines.size()] + end;
    if (round % 4 == 0) mbox.pop_back();  // no final line end
    auto split = [&](std::size_t chunk) {
      std::vector<std::string> got;
      MboxSplitter splitter([&](MboxSplitter::Emitted&& m) {
        got.push_back(std::to_string(m.offset) + "|" + m.from_line + "|" + m.message);
      });
      for (std::size_t i = 0; i < mbox.size(); i += chunk) {
        splitter.Feed(std::string_view(mbox).substr(i, chunk));
      }
      splitter.Finish();
      return got;
    };
    const auto bytewise = split(1);
    BOOST_TEST_CONTEXT("round " << round) {
      for (std::size_t chunk : {2, 3, 16, 17, 100, 1 << 20}) {
        BOOST_TEST(split(chunk) == bytewise, boost::test_tools::per_element());
      }
    }
  }
}

}  // namespace
}  // namespace dmca::parsers::mime
