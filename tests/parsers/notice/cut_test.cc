// Statements only where the sender makes them (issue 8): from every labelled complete notice of
// ../shared/corpus/notices, the sentence carrying each statement, and the signature, is cut out
// one at a time, and the understanding must then call that element missing and the notice
// incomplete. Every exception is listed with its reason in tests/data/notice/cut_exceptions.txt;
// one that is no longer an exception fails the test, so the list stays honest.
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <filesystem>
#include <set>
#include <vector>

#include "parsers/notice/understand.h"
#include "tests/parsers/notice/corpus_util.h"

namespace dmca::parsers::notice {
namespace {

using testing::CorpusDir;
using testing::ReadFile;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A blank line (only white space, "<br>" or "  " markdown breaks) ends at `pos`'s line start.
bool BlankLineBefore(std::string_view text, std::size_t line_start) {
  if (line_start == 0) return true;
  std::size_t prev_end = line_start - 1;  // the '\n' ending the previous line
  std::size_t prev_start = text.rfind('\n', prev_end == 0 ? 0 : prev_end - 1);
  prev_start = prev_start == std::string_view::npos || prev_end == 0 ? 0 : prev_start + 1;
  for (std::size_t i = prev_start; i < prev_end; ++i) {
    if (!IsSpace(text[i])) return false;
  }
  return true;
}

// [begin, end) widened to the whole sentence: back to the previous sentence end or paragraph
// start, forward to the sentence end or paragraph end. A statement cut mid-sentence would leave
// its other half behind, which is not what "the sentence is cut out" means.
std::pair<std::size_t, std::size_t> WholeSentence(std::string_view text, std::size_t begin,
                                                  std::size_t end) {
  std::size_t b = begin;
  while (b > 0) {
    const char c = text[b - 1];
    if ((c == '.' || c == '!' || c == '?') && b < text.size() && IsSpace(text[b])) break;
    if (c == '\n' && BlankLineBefore(text, b)) break;
    if (c == '\n') {
      // A line that ended its own sentence (or a form's bold question) before this one.
      std::size_t k = b - 1;
      while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\r')) --k;
      if (k > 0 && std::strchr(".!?:\"*>", text[k - 1])) break;
    }
    --b;
  }
  std::size_t e = end;
  if (e > begin && (text[e - 1] == '.' || text[e - 1] == '!' || text[e - 1] == '?')) return {b, e};
  while (e < text.size()) {
    const char c = text[e];
    if ((c == '.' || c == '!' || c == '?') && (e + 1 >= text.size() || IsSpace(text[e + 1]))) {
      ++e;
      break;
    }
    if (c == '\n') {
      std::size_t next = e + 1;
      while (next < text.size() && (text[next] == ' ' || text[next] == '\t' || text[next] == '\r'))
        ++next;
      if (next >= text.size() || text[next] == '\n') break;
    }
    ++e;
  }
  return {b, e};
}

// The end of the line holding `pos`.
std::size_t LineEnd(std::string_view text, std::size_t pos) {
  const std::size_t nl = text.find('\n', pos);
  return nl == std::string_view::npos ? text.size() : nl;
}

struct Cut {
  std::string what;  // the element name, "signature" or "signature(answer)"
  std::string element;
  std::string text;
};

std::string Without(std::string_view text, std::size_t b, std::size_t e) {
  return std::string(text.substr(0, b)) + "\n" + std::string(text.substr(e));
}

// The cuts for one element whose labelled evidence is at [b, e).
void CutsFor(std::string_view text, const std::string& name, std::size_t b, std::size_t e,
             std::vector<Cut>& cuts) {
  if (name != "signature") {
    const auto [sb, se] = WholeSentence(text, b, e);
    cuts.push_back({name, name, Without(text, sb, se)});
    return;
  }
  // The signing block as labelled (closing and name), to the end of its last line.
  cuts.push_back({name, name, Without(text, b, LineEnd(text, e == 0 ? 0 : e - 1))});
  // A form's signature question stays and only its answer goes: the question is no signature.
  const std::string_view evidence = text.substr(b, e - b);
  std::size_t question_end = std::string_view::npos;
  for (std::size_t pos = 0; pos < evidence.size();) {
    const std::size_t nl = evidence.find('\n', pos);
    const std::string_view line =
        evidence.substr(pos, (nl == std::string_view::npos ? evidence.size() : nl) - pos);
    std::string lower(line);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("full name") != std::string::npos ||
        lower.find("full legal name") != std::string::npos ||
        lower.find("sign this") != std::string::npos ||
        lower.find("signature") != std::string::npos) {
      question_end = nl == std::string_view::npos ? evidence.size() : nl;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  if (question_end != std::string_view::npos && question_end < evidence.size()) {
    cuts.push_back({"signature(answer)", name,
                    Without(text, b + question_end, LineEnd(text, e == 0 ? 0 : e - 1))});
  }
}

BOOST_AUTO_TEST_CASE(no_notice_is_complete_with_a_statement_cut_out) {
  const auto labels = testing::CorpusLabels();
  const auto listed = testing::ReadListed("cut_exceptions.txt");
  static const std::set<std::string> kStatements = {
      "signature",         "good_faith_statement", "accuracy_and_authority_statement",
      "mistake_statement", "jurisdiction_consent", "retraction_statement"};
  std::set<std::string> found;
  std::size_t total = 0, held = 0;
  for (std::size_t i = 0; i < labels->size(); ++i) {
    const auto label = labels->getObject(static_cast<unsigned>(i));
    if (!label->getValue<bool>("complete")) continue;
    const std::string path = label->getValue<std::string>("path");
    const std::string text =
        ReadFile(CorpusDir() + "/texts/" + std::filesystem::path(path).filename().string());
    const auto elements = label->getObject("elements");
    std::vector<Cut> cuts;
    for (const auto& [name, value] : *elements) {
      if (!kStatements.count(name)) continue;
      const auto element = value.extract<Poco::JSON::Object::Ptr>();
      if (element->isNull("evidence")) continue;
      const std::string evidence = element->getValue<std::string>("evidence");
      // The last occurrence: a form quotes the statement in its instruction, then the sender
      // types it (2016-09-13-RiotGames.md); the typed one is the assertion.
      const std::size_t at = text.rfind(evidence);
      BOOST_REQUIRE_MESSAGE(at != std::string::npos, path << " " << name << ": evidence not found");
      CutsFor(text, name, at, at + evidence.size(), cuts);
    }
    for (const Cut& cut : cuts) {
      ++total;
      const Notice notice = UnderstandText(cut.text);
      bool present = false;
      std::string evidence;
      for (const Element& e : notice.analysis.elements) {
        if (e.name == cut.element) {
          present = e.present;
          evidence = e.evidence.value_or("");
        }
      }
      if (present || notice.analysis.complete) {
        found.insert(path + "\t" + cut.what);
        BOOST_TEST_MESSAGE("after cutting " << cut.what << " from " << path
                                            << ", still found: " << evidence);
      } else {
        ++held;
      }
    }
  }
  BOOST_TEST_MESSAGE("statement cuts called missing: " << held << "/" << total);
  BOOST_TEST(total > 60u);
  for (const std::string& key : found) {
    BOOST_TEST(listed.count(key) == 1u, "called present after the cut (unlisted): " << key);
  }
  for (const auto& [key, reason] : listed) {
    BOOST_TEST(found.count(key) == 1u, "listed but now called missing (remove it): " << key);
  }
}

}  // namespace
}  // namespace dmca::parsers::notice
