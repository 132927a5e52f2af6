#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <sstream>

#include "parsers/mime/mbox.h"

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

}  // namespace
}  // namespace dmca::parsers::mime
