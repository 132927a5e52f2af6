// Runs the parser over every message of ../shared/corpus/mime and compares its leaves with the
// expected results there (corpus README "How to compare"): the same number of leaves, the same
// content types, for text/* leaves the same text (CRLF as LF, trailing white space ignored),
// for the others the same SHA-256. At least 95% must agree; every disagreement is listed with
// its reason in tests/data/mime/known_disagreements.txt, and a listed message that agrees again
// fails the test, so the list stays honest.
#define BOOST_TEST_MODULE parsers_mime
#include <boost/test/unit_test.hpp>

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>

#include <pugixml.hpp>

#include <filesystem>
#include <regex>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "parsers/mime/message.h"

namespace dmca::parsers::mime {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string Sha256(const std::string& bytes) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(bytes);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

// CRLF as LF, trailing white space of each line and of the text removed.
std::string Comparable(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    out.append(line);
    out += '\n';
    pos = end + 1;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// Why a message disagrees, or empty when it agrees.
std::string Compare(const Message& message, const Poco::JSON::Array::Ptr& expected) {
  const auto leaves = message.Leaves();
  if (leaves.size() != expected->size()) {
    return "leaves " + std::to_string(leaves.size()) + " != " + std::to_string(expected->size());
  }
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    const auto want = expected->getObject(static_cast<unsigned>(i));
    const Entity& leaf = *leaves[i];
    const std::string type = want->getValue<std::string>("content_type");
    if (leaf.MimeType() != type) return "leaf " + std::to_string(i) + " type " + leaf.MimeType();
    if (type.rfind("text/", 0) == 0 && !want->isNull("text")) {
      if (Comparable(leaf.Text().value_or("")) != Comparable(want->getValue<std::string>("text"))) {
        return "leaf " + std::to_string(i) + " text";
      }
    } else if (Sha256(leaf.DecodedBody()) != want->getValue<std::string>("sha256")) {
      return "leaf " + std::to_string(i) + " bytes";
    }
  }
  return {};
}

// The mime4j messages where mime4j's own expected tree is the better oracle
// (expected/PYTHON_VS_MIME4J.txt names them and says why).
std::set<std::string> Mime4jOracle(const fs::path& corpus) {
  std::set<std::string> names;
  const std::string text = ReadFile(corpus / "expected" / "PYTHON_VS_MIME4J.txt");
  const std::regex name(R"(([A-Za-z0-9_.-]+)\.msg)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator();
       ++it) {
    names.insert((*it)[1].str() + ".msg");
  }
  return names;
}

// Compares with mime4j's X_decoded.xml: its text-body and binary-body leaves in document order,
// each naming the file that holds its decoded bytes.
std::string CompareMime4j(const Message& message, const fs::path& decoded_xml) {
  pugi::xml_document doc;
  if (!doc.load_file(decoded_xml.c_str())) return "unreadable " + decoded_xml.string();
  std::vector<std::string> files;
  std::vector<bool> text;
  for (const pugi::xpath_node& node : doc.select_nodes("//text-body | //binary-body")) {
    files.push_back(node.node().attribute("name").value());
    text.push_back(std::string(node.node().name()) == "text-body");
  }
  const auto leaves = message.Leaves();
  // mime4j lists no leaf for a multipart whose boundary never appears; this parser keeps its
  // body as one part so that no text is lost: that part is not compared.
  std::vector<const Entity*> compared;
  for (const Entity* leaf : leaves) {
    if (!(leaf->IsMultipart() && leaf->children().empty())) compared.push_back(leaf);
  }
  if (compared.size() != files.size()) {
    return "leaves " + std::to_string(compared.size()) + " != mime4j " + std::to_string(files.size());
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string want = ReadFile(decoded_xml.parent_path() / files[i]);
    const std::string got = compared[i]->DecodedBody();
    if (text[i] ? Comparable(got) != Comparable(want) : got != want) {
      return "leaf " + std::to_string(i) + " differs from mime4j's " + files[i];
    }
  }
  return {};
}

std::map<std::string, std::string> Listed() {
  std::map<std::string, std::string> listed;
  std::ifstream in(std::string(DMCA_SOURCE_DIR) + "/tests/data/mime/known_disagreements.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    BOOST_REQUIRE_MESSAGE(tab != std::string::npos, "malformed line: " + line);
    listed[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return listed;
}

BOOST_AUTO_TEST_CASE(corpus_agreement) {
  const fs::path corpus = fs::path(DMCA_CORPUS_DIR) / "mime";
  const auto listed = Listed();
  const auto mime4j_oracle = Mime4jOracle(corpus);
  std::set<std::string> disagreeing;
  std::size_t total = 0;
  for (const auto& entry : fs::directory_iterator(corpus / "expected")) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json") continue;
    const auto sep = name.find("__");
    const std::string source = name.substr(0, sep);
    const std::string file = name.substr(sep + 2, name.size() - sep - 2 - 5);
    const fs::path message_path = corpus / source / file;
    BOOST_REQUIRE_MESSAGE(fs::exists(message_path), message_path.string());
    Poco::JSON::Parser parser;
    const auto expected =
        parser.parse(ReadFile(entry.path())).extract<Poco::JSON::Object::Ptr>()->getArray("parts");
    const Message message = Message::Parse(ReadFile(message_path));
    const bool by_mime4j = source == "mime4j" && mime4j_oracle.count(file) > 0;
    const std::string stem = file.substr(0, file.size() - 4);
    // Where the two oracles disagree, agreeing with either is a defensible reading; the
    // disagreements file says which one this parser follows and why.
    std::string why = Compare(message, expected);
    if (!why.empty() && by_mime4j) {
      const std::string mime4j = CompareMime4j(message, corpus / "mime4j" / (stem + "_decoded.xml"));
      why = mime4j.empty() ? std::string() : why + "; " + mime4j;
    }
    ++total;
    const std::string key = source + "/" + file;
    if (!why.empty()) {
      disagreeing.insert(key);
      BOOST_TEST(listed.count(key) == 1u, "unlisted disagreement: " << key << ": " << why);
    }
  }
  for (const auto& [key, reason] : listed) {
    BOOST_TEST(disagreeing.count(key) == 1u, "listed but now agrees (remove it): " << key);
  }
  const double rate = 1.0 - static_cast<double>(disagreeing.size()) / static_cast<double>(total);
  BOOST_TEST_MESSAGE("MIME corpus: " << total - disagreeing.size() << "/" << total
                                     << " messages agree part for part (" << rate * 100 << "%)");
  BOOST_TEST(total >= 80u);
  BOOST_TEST(rate >= 0.95);
}

}  // namespace
}  // namespace dmca::parsers::mime
