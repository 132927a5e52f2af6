#pragma once
// Reading ../shared/corpus/notices and the tests/data/notice lists that keep a test's known
// exceptions honest (tests/parsers/mime/corpus_test.cc: an entry that stops being an exception
// fails).

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace dmca::parsers::notice::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// "key<TAB>what<TAB>reason" lines ("#" comments) -> {"key<TAB>what": reason}.
inline std::map<std::string, std::string> ReadListed(const std::string& data_file) {
  std::map<std::string, std::string> listed;
  std::ifstream in(std::string(DMCA_SOURCE_DIR) + "/tests/data/notice/" + data_file);
  BOOST_REQUIRE_MESSAGE(in.good(), "cannot read tests/data/notice/" + data_file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto t1 = line.find('\t');
    const auto t2 = line.find('\t', t1 + 1);
    BOOST_REQUIRE_MESSAGE(t1 != std::string::npos && t2 != std::string::npos,
                          "malformed line in " + data_file + ": " + line);
    BOOST_REQUIRE_MESSAGE(line.size() > t2 + 1, "an entry without a reason: " + line);
    listed[line.substr(0, t2)] = line.substr(t2 + 1);
  }
  return listed;
}

inline std::string CorpusDir() { return std::string(DMCA_CORPUS_DIR) + "/notices"; }

inline Poco::JSON::Array::Ptr CorpusLabels() {
  Poco::JSON::Parser parser;
  auto labels =
      parser.parse(ReadFile(CorpusDir() + "/labels.json")).extract<Poco::JSON::Array::Ptr>();
  BOOST_REQUIRE(labels && labels->size() > 0);
  return labels;
}

}  // namespace dmca::parsers::notice::testing
