#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "parsers/notice/notice.h"
#include "parsers/notice/understand.h"

namespace dmca::parsers::notice {
namespace {

bool Has(const Analysis& a, std::string_view name) {
  return std::any_of(a.elements.begin(), a.elements.end(),
                     [&](const Element& e) { return e.name == name && e.present; });
}

constexpr std::string_view kCompleteEnglish =
    "Dear Designated Agent,\n\n"
    "I represent Example Studios LLC, owner of the copyright in the film \"Night Train\" "
    "(2021).\n\nThe infringing copy is at https://commons.wikimedia.org/wiki/File:Night_train.webm\n\n"
    "I have a good faith belief that use of the material in the manner complained of is not "
    "authorized by the copyright owner, its agent, or the law. The information in this "
    "notification is accurate, and under penalty of perjury, I am authorized to act on behalf "
    "of the owner.\n\nSincerely,\n\nJane Agent\nExample Studios LLC\n"
    "100 Example Street, Springfield, IL 62701\nTel: +1 555 010 0000\njane@studio.example\n";

BOOST_AUTO_TEST_CASE(complete_takedown_with_evidence) {
  const Analysis a = Analyze(kCompleteEnglish);
  BOOST_TEST(KindName(a.kind) == "takedown");
  BOOST_TEST(a.complete);
  BOOST_TEST(VerdictName(a.verdict) == "complete");
  BOOST_TEST(a.missing.empty());
  for (const Element& e : a.elements) {
    BOOST_REQUIRE_MESSAGE(e.evidence, e.name);
    BOOST_TEST(kCompleteEnglish.find(*e.evidence) != std::string_view::npos, e.name);
  }
  BOOST_TEST(a.fields.sender.emails.size() == 1u);
  BOOST_TEST(a.fields.sender.phones.size() == 1u);
  BOOST_TEST(!a.fields.sender.addresses.empty());
  BOOST_TEST(a.fields.sender.name.value_or("") == "Jane Agent");
  BOOST_TEST(a.fields.sender.organisation.value_or("") == "Example Studios LLC");
}

BOOST_AUTO_TEST_CASE(statements_are_recognized_in_other_wordings) {
  const Analysis a = Analyze(
      "We believe in good faith that the photo at https://en.wikipedia.org/wiki/File:X.jpg, "
      "our photograph \"Harbour\", is used without the permission of the owner. We swear under "
      "penalty of perjury that this is true and correct and that we are the owner's agent.\n"
      "Best regards,\nSam Example\nsam@example.org\n");
  BOOST_TEST(Has(a, "good_faith_statement"));
  BOOST_TEST(Has(a, "accuracy_and_authority_statement"));
  BOOST_TEST(a.complete);
}

BOOST_AUTO_TEST_CASE(deficient_and_not_a_notice) {
  // Work, location and contact, but no statements: the provider must ask (§512(c)(3)(B)(ii)).
  const Analysis deficient = Analyze(
      "My copyrighted photograph \"Dunes\" is copied at "
      "https://commons.wikimedia.org/wiki/File:Dunes.jpg without permission. Please remove it.\n"
      "Pat Example\npat@example.org\n");
  BOOST_TEST(VerdictName(deficient.verdict) == "deficient");
  BOOST_TEST(!Has(deficient, "good_faith_statement"));
  BOOST_TEST(std::count(deficient.missing.begin(), deficient.missing.end(),
                        "accuracy_and_authority_statement") == 1);
  // No location of the material and no contact: not a notice at all.
  const Analysis vague = Analyze("Your site infringes our copyright. Stop it.");
  BOOST_TEST(KindName(vague.kind) == "takedown");
  BOOST_TEST(VerdictName(vague.verdict) == "not_a_notice");
}

BOOST_AUTO_TEST_CASE(counter_notice_and_retraction) {
  const Analysis counter = Analyze(
      "This is a counter-notice. The file https://commons.wikimedia.org/wiki/File:Mine.jpg was "
      "removed. I swear, under penalty of perjury, that I have a good faith belief that the "
      "material was removed as a result of mistake or misidentification. I consent to the "
      "jurisdiction of the Federal District Court for my district and will accept service of "
      "process from the complainant.\nAlex Example\n1 Example Road, Columbus, OH 43004\n"
      "555-010-0001\n");
  BOOST_TEST(KindName(counter.kind) == "counter_notice");
  BOOST_TEST(Has(counter, "jurisdiction_consent"));
  BOOST_TEST(Has(counter, "mistake_statement"));
  BOOST_TEST(Has(counter, "removed_material"));
  const Analysis retraction = Analyze(
      "We hereby withdraw our DMCA notice of 3 May concerning File:Mine.jpg. Please restore it.");
  BOOST_TEST(KindName(retraction.kind) == "retraction");
  BOOST_TEST(Has(retraction, "retraction_statement"));
}

BOOST_AUTO_TEST_CASE(non_dmca_complaints_are_routed_by_category) {
  BOOST_TEST(Analyze("Your article uses our registered trademark ACME in a confusing way.")
                 .other_category == "trademark");
  BOOST_TEST(Analyze("The article about me contains defamatory lies.").other_category ==
             "defamation");
  BOOST_TEST(Analyze("Please delete my personal data and home address from the page.")
                 .other_category == "privacy");
  BOOST_TEST(Analyze("How do I upload a photo?").other_category == "question");
  const Analysis other = Analyze("Your article uses our registered trademark ACME.");
  BOOST_TEST(KindName(other.kind) == "other");
  BOOST_TEST(other.elements.empty());
  BOOST_TEST(!other.complete);
}

BOOST_AUTO_TEST_CASE(german_french_and_spanish_statements) {
  const Analysis de = Analyze(
      "Sehr geehrte Damen und Herren,\nwir vertreten die Beispiel GmbH, Inhaberin der "
      "Urheberrechte an dem Werk \"Stadtplan 2025\". Die Datei "
      "https://de.wikipedia.org/wiki/Datei:Stadtplan.png verletzt diese Rechte. Wir sind in "
      "gutem Glauben, dass die Nutzung nicht genehmigt ist. Wir versichern an Eides statt, dass "
      "diese Angaben richtig sind und wir bevollmächtigt sind.\nMit freundlichen Grüßen\n"
      "Max Beispiel\nBeispielstraße 5, 10115 Berlin\nmax@beispiel.example\n");
  BOOST_TEST(KindName(de.kind) == "takedown");
  BOOST_TEST(Has(de, "good_faith_statement"));
  BOOST_TEST(Has(de, "accuracy_and_authority_statement"));
  BOOST_TEST(de.language == "de");
  const Analysis fr = Analyze(
      "Madame, Monsieur,\nL'œuvre \"Carte\" protégée par le droit d'auteur est reproduite sur "
      "https://fr.wikipedia.org/wiki/Fichier:Carte.png. Nous croyons de bonne foi que cet usage "
      "n'est pas autorisé. Sous peine de parjure, nous déclarons que ces informations sont "
      "exactes et que nous sommes autorisés à agir.\nCordialement,\nClaire Exemple\n"
      "claire@exemple.example\n");
  BOOST_TEST(KindName(fr.kind) == "takedown");
  BOOST_TEST(Has(fr, "good_faith_statement"));
  BOOST_TEST(Has(fr, "accuracy_and_authority_statement"));
  const Analysis es = Analyze(
      "Estimados señores:\nLa obra \"Mapa\" protegida por derechos de autor aparece en "
      "https://es.wikipedia.org/wiki/Archivo:Mapa.png. Creemos de buena fe que el uso no está "
      "autorizado. Bajo pena de perjurio declaramos que la información es exacta y que estamos "
      "autorizados.\nAtentamente,\nLucía Ejemplo\nlucia@ejemplo.example\n");
  BOOST_TEST(KindName(es.kind) == "takedown");
  BOOST_TEST(Has(es, "good_faith_statement"));
  BOOST_TEST(Has(es, "accuracy_and_authority_statement"));
}

BOOST_AUTO_TEST_CASE(kind_names_round_trip) {
  for (Kind kind : {Kind::kTakedown, Kind::kCounterNotice, Kind::kRetraction, Kind::kOther}) {
    BOOST_TEST((KindFromName(KindName(kind)) == kind));
  }
  BOOST_TEST(!KindFromName("takedowns"));
}

BOOST_AUTO_TEST_CASE(hostile_input_never_crashes) {
  std::string junk(100000, '\0');
  for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>((i * 7919) % 256);
  const Analysis a = Analyze(junk);
  BOOST_TEST(a.elements.size() <= 6u);
  BOOST_TEST(Analyze("").missing.empty());
}

BOOST_AUTO_TEST_CASE(urls_over_the_limit_are_a_finding_and_left_for_a_person) {
  std::string text = "Please remove:\n";
  for (int i = 0; i < 5; ++i) {
    text += "https://commons.wikimedia.org/wiki/File:Limit_" + std::to_string(i) + ".jpg\n";
  }
  Intake intake;
  intake.limits.max_urls = 3;
  const Notice limited = UnderstandText(text, intake);
  BOOST_TEST(limited.targets.size() == 3u);
  BOOST_TEST(limited.targets.back().title.value_or("") == "File:Limit 2.jpg");
  const auto found = std::find_if(limited.findings.begin(), limited.findings.end(),
                                  [](const Finding& f) { return f.code == "limit.urls"; });
  BOOST_TEST_REQUIRE((found != limited.findings.end()));
  BOOST_TEST((found->severity == Finding::Severity::kCritical));
  BOOST_TEST(found->what.find("names 5 URLs; the first 3") != std::string::npos, found->what);
  BOOST_TEST(UnderstandText(text).targets.size() == 5u);  // the default is far above
}

}  // namespace
}  // namespace dmca::parsers::notice
