// Scores Analyze() on the labelled real notices of ../shared/corpus/notices (issue: at least 95%
// of element verdicts and 98% of kinds agree). Every disagreement must be listed, with its
// reason, in tests/data/notice/disagreements.txt; a listed one that now agrees fails too, so the
// list stays honest.
#define BOOST_TEST_MODULE parsers_notice
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <set>

#include "parsers/notice/notice.h"
#include "tests/parsers/notice/corpus_util.h"

namespace dmca::parsers::notice {
namespace {

using testing::ReadFile;

BOOST_AUTO_TEST_CASE(labelled_corpus_agreement) {
  const std::string corpus = testing::CorpusDir();
  const auto labels = testing::CorpusLabels();
  const auto listed = testing::ReadListed("disagreements.txt");
  std::set<std::string> found;
  std::size_t kinds = 0, kinds_ok = 0, elements = 0, elements_ok = 0, evidence_overlap = 0,
              evidence_both = 0;
  for (std::size_t i = 0; i < labels->size(); ++i) {
    const auto label = labels->getObject(static_cast<unsigned>(i));
    const std::string path = label->getValue<std::string>("path");
    const std::string text =
        ReadFile(corpus + "/texts/" + std::filesystem::path(path).filename().string());
    BOOST_REQUIRE_MESSAGE(!text.empty(), "missing text for " + path);
    const Analysis analysis = Analyze(text);
    ++kinds;
    const std::string want_kind = label->getValue<std::string>("kind");
    if (KindName(analysis.kind) == want_kind) {
      ++kinds_ok;
    } else {
      found.insert(path + "\tkind");
    }
    const auto want = label->getObject("elements");
    for (const auto& [name, value] : *want) {
      const auto want_element = value.extract<Poco::JSON::Object::Ptr>();
      const bool want_present = want_element->getValue<bool>("present");
      bool got_present = false;
      std::optional<std::string> got_evidence;
      for (const Element& e : analysis.elements) {
        if (e.name == name) {
          got_present = e.present;
          got_evidence = e.evidence;
        }
      }
      ++elements;
      if (got_present == want_present) {
        ++elements_ok;
      } else {
        found.insert(path + "\t" + name);
      }
      if (got_evidence) {
        BOOST_TEST(text.find(*got_evidence) != std::string::npos,
                   path << " " << name << ": evidence is not verbatim: " << *got_evidence);
        BOOST_TEST(got_evidence->size() <= 200u);
      }
      if (got_present && want_present && !want_element->isNull("evidence") && got_evidence) {
        ++evidence_both;
        const std::string labelled = want_element->getValue<std::string>("evidence");
        // Overlap: one contains the other's first 30 bytes.
        const std::string head = labelled.substr(0, std::min<std::size_t>(30, labelled.size()));
        if (got_evidence->find(head) != std::string::npos ||
            labelled.find(got_evidence->substr(0, std::min<std::size_t>(30, got_evidence->size()))) !=
                std::string::npos) {
          ++evidence_overlap;
        }
      }
    }
  }
  const double kind_rate = static_cast<double>(kinds_ok) / static_cast<double>(kinds);
  const double element_rate = static_cast<double>(elements_ok) / static_cast<double>(elements);
  BOOST_TEST_MESSAGE("kinds " << kinds_ok << "/" << kinds << " (" << kind_rate * 100
                              << "%), element verdicts " << elements_ok << "/" << elements << " ("
                              << element_rate * 100 << "%), evidence overlapping the label's "
                              << evidence_overlap << "/" << evidence_both);
  // Issue 8 keeps what the corpus measured before it: every kind, and 296/306 element verdicts.
  BOOST_TEST(kinds_ok == kinds);
  BOOST_TEST(element_rate >= 296.0 / 306.0);
  for (const std::string& key : found) {
    BOOST_TEST(listed.count(key) == 1u, "unlisted disagreement: " << key);
  }
  for (const auto& [key, reason] : listed) {
    BOOST_TEST(found.count(key) == 1u, "listed but now agrees (remove it): " << key);
  }
}

}  // namespace
}  // namespace dmca::parsers::notice
