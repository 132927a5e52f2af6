// Statements only where the sender makes them (issue 8): headings, form questions and
// instructions, and quotations of the statute are not statements; a request for a signature is
// not a signature; evidence is the sentence that satisfies the element.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>

#include "parsers/notice/notice.h"
#include "parsers/notice/understand.h"

namespace dmca::parsers::notice {
namespace {

const Element& Get(const Analysis& a, std::string_view name) {
  static const Element kNone{"", false, std::nullopt};
  for (const Element& e : a.elements) {
    if (e.name == name) return e;
  }
  return kNone;
}

constexpr std::string_view kWorkAndUrl =
    "My copyrighted photograph \"Dunes\" is copied at the following URL:\n\n"
    "https://commons.wikimedia.org/wiki/File:Dunes.jpg\n\n";
constexpr std::string_view kAccuracy =
    "I swear, under penalty of perjury, that the information in this notification is accurate "
    "and that I am the copyright owner.\n\n";
constexpr std::string_view kContact = "Email: pat@example.org\n";

BOOST_AUTO_TEST_CASE(a_heading_is_not_the_statement) {
  const std::string text = std::string(kWorkAndUrl) + "6. Good-Faith Belief Statement\n\n" +
                           std::string(kAccuracy) + "Sincerely,\nPat Example\n" +
                           std::string(kContact);
  const Analysis a = Analyze(text);
  BOOST_TEST(!Get(a, "good_faith_statement").present);
  BOOST_TEST(!a.complete);
}

BOOST_AUTO_TEST_CASE(a_form_question_counts_only_with_its_answer) {
  const std::string question =
      "**Do you have a good faith belief that the use is not authorized by the copyright owner, "
      "its agent, or the law?**\n\n";
  const std::string base = std::string(kWorkAndUrl) + std::string(kAccuracy);
  const std::string tail = "Sincerely,\nPat Example\n" + std::string(kContact);
  const Analysis unanswered = Analyze(base + question + "**Next question?**\n\n" + tail);
  BOOST_TEST(!Get(unanswered, "good_faith_statement").present);
  const Analysis answered = Analyze(base + question + "Yes\n\n" + tail);
  BOOST_TEST(Get(answered, "good_faith_statement").present);
  BOOST_TEST(Get(answered, "good_faith_statement").evidence.value_or("").find("Yes") !=
             std::string::npos);
  BOOST_TEST(answered.complete);
}

BOOST_AUTO_TEST_CASE(an_instruction_or_the_statute_is_not_the_statement) {
  const std::string text =
      std::string(kWorkAndUrl) +
      "Type (or copy and paste) the following statement: \"I have a good faith belief that use "
      "of the material is not authorized by the copyright owner.\"\n\n"
      "Section 512(c)(3)(A)(v) asks for a statement that the complaining party has a good faith "
      "belief that use of the material is not authorized.\n\n" +
      std::string(kAccuracy) + "Sincerely,\nPat Example\n" + std::string(kContact);
  BOOST_TEST(!Get(Analyze(text), "good_faith_statement").present);
}

BOOST_AUTO_TEST_CASE(template_boilerplate_is_not_the_statement) {
  const std::string text = std::string(kWorkAndUrl) +
                           "I, [your name], have a good faith belief that the use is not "
                           "authorized by the copyright owner, its agent, or the law.\n\n" +
                           std::string(kAccuracy) + "Sincerely,\nPat Example\n" +
                           std::string(kContact);
  BOOST_TEST(!Get(Analyze(text), "good_faith_statement").present);
}

BOOST_AUTO_TEST_CASE(a_signature_request_is_not_a_signature) {
  const std::string body = std::string(kWorkAndUrl) +
                           "I have a good faith belief that the use is not authorized by the "
                           "copyright owner, its agent, or the law.\n\n" +
                           std::string(kAccuracy) + std::string(kContact) + "\n";
  const Analysis asked = Analyze(body + "**Please type your full name for your signature.**\n\n");
  BOOST_TEST(!Get(asked, "signature").present);
  BOOST_TEST(!asked.complete);
  const Analysis answered =
      Analyze(body + "**Please type your full name for your signature.**\n\nPat Example\n");
  BOOST_TEST(Get(answered, "signature").present);
  BOOST_TEST(Get(answered, "signature").evidence.value_or("").find("Pat Example") !=
             std::string::npos);
  BOOST_TEST(Get(Analyze(body + "/s/ Pat Example\n"), "signature").present);
  BOOST_TEST(Get(Analyze(body + "Signed: Pat Example\n"), "signature").present);
  BOOST_TEST(!Get(Analyze(body + "Signature:\n"), "signature").present);
}

BOOST_AUTO_TEST_CASE(infringing_material_evidence_names_the_material) {
  const std::string text =
      "Dear Foundation,\n\nI am writing about my photograph \"Dunes\", which infringes my "
      "copyright.\n\n" +
      std::string(kWorkAndUrl) +
      "The same file is at "
      "https://commons.m.wikimedia.org/wiki/File:Dunes.jpg as well.\n";
  const Notice notice = UnderstandText(text);
  const auto& evidence = Get(notice.analysis, "infringing_material").evidence;
  BOOST_REQUIRE(evidence.has_value());
  BOOST_TEST(evidence->find("File:Dunes.jpg") != std::string::npos);
  BOOST_TEST(evidence->find("Dear Foundation") == std::string::npos);
  // One page, two URL forms: one target.
  BOOST_TEST(notice.targets.size() == 1u);
}

}  // namespace
}  // namespace dmca::parsers::notice
