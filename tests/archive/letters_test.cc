#include <boost/test/unit_test.hpp>

#include "archive/render.h"
#include "tests/archive/fixture.h"
#include "tests/archive/test_util.h"

namespace dmca::archive {
namespace {

using testing::Contains;
using testing::CountOf;

const std::vector<std::string> kTakedownElements = {
    "signature", "copyrighted_work", "infringing_material", "contact_information",
    "good_faith_statement", "accuracy_and_authority_statement"};

LetterInput StudioInput() {
  const auto f = testing::LoadFixture(std::filesystem::path(DMCA_SOURCE_DIR) /
                                      "tests/data/archive/render/studio_takedown");
  LetterInput input;
  input.notice = f.c.notice;
  input.reference = "DMCA case 12";
  return input;
}

void CheckGolden(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::path(DMCA_SOURCE_DIR) / "tests/data/archive/letters" / name;
  if (testing::UpdateGolden()) {
    testing::WriteFile(path, text);
    return;
  }
  BOOST_TEST(text == testing::ReadFile(path), name);
}

BOOST_AUTO_TEST_CASE(deficiency_names_exactly_the_missing_elements) {
  // Every single missing element, and a pair, each with its clause and statutory words.
  std::vector<std::vector<std::string>> cases;
  for (const auto& e : kTakedownElements) cases.push_back({e});
  cases.push_back({"accuracy_and_authority_statement", "signature"});
  for (const auto& missing : cases) {
    LetterInput input = StudioInput();
    input.notice.analysis.missing = missing;
    auto letter = RenderLetter(LetterKind::kDeficiency, input);
    BOOST_REQUIRE(letter.ok());
    for (const auto& e : kTakedownElements) {
      const StatutoryElement w = ElementWording(e, false);
      BOOST_REQUIRE(!w.wording.empty());
      const bool is_missing = std::find(missing.begin(), missing.end(), e) != missing.end();
      BOOST_TEST(Contains(*letter, "(" + w.citation + ")") == is_missing, e);
      BOOST_TEST(Contains(*letter, "\"" + w.wording + "\"") == is_missing, e);
    }
    BOOST_TEST(CountOf(*letter, "17 U.S.C. §512(c)(3)(A)(") == missing.size());
    BOOST_TEST(Contains(*letter, "§512(c)(3)(B)(ii)"));
    BOOST_TEST(Contains(*letter, "Dear Jane Doe,"));  // letters go to the complainant
  }
  LetterInput input = StudioInput();
  // Statutory order, whatever order the analysis listed them in.
  input.notice.analysis.missing = {"accuracy_and_authority_statement", "signature"};
  auto letter = RenderLetter(LetterKind::kDeficiency, input);
  BOOST_REQUIRE(letter.ok());
  BOOST_TEST(letter->find("1. Signature") < letter->find("2. Statement of accuracy"));
  CheckGolden("deficiency.txt", *letter);

  input.notice.analysis.missing.clear();
  BOOST_TEST(!RenderLetter(LetterKind::kDeficiency, input).ok());
}

BOOST_AUTO_TEST_CASE(counter_notice_deficiency_uses_512g3) {
  LetterInput input = StudioInput();
  input.notice.analysis.kind = parsers::notice::Kind::kCounterNotice;
  input.notice.analysis.missing = {"jurisdiction_consent"};
  auto letter = RenderLetter(LetterKind::kDeficiency, input);
  BOOST_REQUIRE(letter.ok());
  BOOST_TEST(Contains(*letter, "(17 U.S.C. §512(g)(3)(D))"));
  BOOST_TEST(Contains(*letter, "accept service of process"));
  BOOST_TEST(!Contains(*letter, "§512(c)(3)(A)"));
  BOOST_TEST(CountOf(*letter, "\n1. ") == 1u);
  BOOST_TEST(!Contains(*letter, "\n2. "));
}

BOOST_AUTO_TEST_CASE(acknowledgement) {
  auto letter = RenderLetter(LetterKind::kAcknowledgement, StudioInput());
  BOOST_REQUIRE(letter.ok());
  BOOST_TEST(letter->rfind("Subject: Re: DMCA takedown notice - Sunset photograph [DMCA case 12]\n", 0) == 0u);
  BOOST_TEST(CountOf(*letter, "\n  - https://") == 3u);
  CheckGolden("acknowledgement.txt", *letter);
}

BOOST_AUTO_TEST_CASE(counter_notice_forward) {
  LetterInput input = StudioInput();
  parsers::notice::Notice counter;
  counter.original.from = "Uploader <uploader-private@mail.example>";
  counter.body = "I, Uploader, 9 Elm Road, consent to the jurisdiction ... /s/ Uploader\n";
  input.counter_notice = counter;
  input.counter_notice_received = "2026-11-24";
  input.earliest_restore = "2026-12-09";
  input.latest_restore = "2026-12-15";
  auto letter = RenderLetter(LetterKind::kCounterNoticeForward, input);
  BOOST_REQUIRE(letter.ok());
  BOOST_TEST(Contains(*letter, "not earlier than 2026-12-09 and not later than 2026-12-15"));
  BOOST_TEST(Contains(*letter, counter.body));  // §512(g)(2)(B): a copy of the counter-notice
  BOOST_TEST(!Contains(*letter, "uploader-private@mail.example"));  // nothing beyond it
  BOOST_TEST(Contains(*letter, "court order"));
  CheckGolden("counter_notice_forward.txt", *letter);

  input.latest_restore.clear();
  BOOST_TEST(!RenderLetter(LetterKind::kCounterNoticeForward, input).ok());
}

BOOST_AUTO_TEST_CASE(letter_kind_names) {
  for (LetterKind k : {LetterKind::kAcknowledgement, LetterKind::kDeficiency,
                       LetterKind::kCounterNoticeForward}) {
    BOOST_TEST((LetterKindFromName(LetterKindName(k)) == k));
  }
  BOOST_TEST(!LetterKindFromName("nope").has_value());
}

}  // namespace
}  // namespace dmca::archive
