// The archive's publishing outputs: the export-0.11 dump (validated with libxml2 against the
// XSD MediaWiki ships), Lumen's JSON keys, uploader notices by language, redaction review,
// statistics and the staff site's incremental writes.

#include <Poco/JSON/Parser.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "archive/export.h"
#include "archive/lumen.h"
#include "archive/site.h"
#include "archive/stats.h"
#include "tests/archive/fixture.h"
#include "tests/archive/test_util.h"
#include "tests/archive/xsd_check.h"

namespace dmca::archive {
namespace {

using testing::Contains;

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l;
  return out;
}

BOOST_AUTO_TEST_CASE(the_dump_validates_against_export_0_11_xsd) {
  const auto pages = testing::AllFixturePages();
  const std::string xml = ExportXml(pages, "foundation.wikimedia.org", "2026-11-24T10:00:00Z");
  const auto errors = dmca::testing::ValidateExport(xml);
  BOOST_TEST(errors.empty(), Join(errors));
  BOOST_TEST(Contains(xml, "<ns>100</ns>"));
  // An empty dump (a wiki with only sections) is valid too.
  const auto empty = dmca::testing::ValidateExport(
      ExportXml(pages, "commons.wikimedia.org", "2026-11-24T10:00:00Z"));
  BOOST_TEST(empty.empty(), Join(empty));
  // The validator does reject what the schema forbids (the check is not vacuous).
  std::string broken = xml;
  broken.replace(broken.find("<ns>"), 4, "<nss>");
  broken.replace(broken.find("</ns>"), 5, "</nss>");
  BOOST_TEST(!dmca::testing::ValidateExport(broken).empty());
}

BOOST_AUTO_TEST_CASE(the_revision_sha1_is_mediawikis) {
  Page p{.site = "s",
         .title = "Legal:DMCA_X",
         .wikitext = "hello",
         .mode = PageMode::kCreate,
         .summary = "",
         .section_title = "",
         .section_text = "",
         .role = "notice"};
  // php -r 'echo Wikimedia\base_convert(sha1("hello"), 16, 36, 31);'
  BOOST_TEST(Contains(ExportXml({p}, "s", "2026-11-24T10:00:00Z"),
                      "<sha1>jywkymwk5kel4plcu17bdqhwzuuz3nx</sha1>"));
}

// The keys Lumen's NoticesController permits (lumendatabase.org; a misspelt key is dropped).
const std::set<std::string> kNoticeKeys = {"type",
                                           "title",
                                           "subject",
                                           "body",
                                           "date_sent",
                                           "date_received",
                                           "source",
                                           "tag_list",
                                           "jurisdiction_list",
                                           "action_taken",
                                           "language",
                                           "counternotice_for_id",
                                           "works_attributes",
                                           "entity_notice_roles_attributes"};

BOOST_AUTO_TEST_CASE(lumen_json_uses_only_the_keys_lumen_accepts) {
  for (const auto& f : testing::LoadFixtures("render")) {
    if (f.c.kind() != parsers::notice::Kind::kTakedown) continue;
    const auto root =
        Poco::JSON::Parser().parse(LumenJson(f.c, "Partial")).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(root->size() == 1u);
    const auto notice = root->getObject("notice");
    BOOST_REQUIRE(notice);
    for (const auto& [key, value] : *notice) BOOST_TEST(kNoticeKeys.count(key) == 1u, key);
    BOOST_TEST(notice->getValue<std::string>("type") == "DMCA");
    BOOST_TEST(notice->getValue<std::string>("action_taken") == "Partial");
    const auto roles = notice->getArray("entity_notice_roles_attributes");
    std::set<std::string> names;
    for (unsigned i = 0; i < roles->size(); ++i) {
      const auto role = roles->getObject(i);
      names.insert(role->getValue<std::string>("name"));
      for (const auto& [key, value] : *role->getObject("entity_attributes")) {
        BOOST_TEST((key == "name" || key == "country_code"), key);
      }
    }
    BOOST_TEST(names.count("sender") == 1u);
    BOOST_TEST(names.count("recipient") == 1u);
    // Redacted like the pages.
    for (const auto& bad : f.must_not_contain) {
      BOOST_TEST(!Contains(LumenJson(f.c, "Yes"), bad), f.name << ": " << bad);
    }
  }
}

BOOST_AUTO_TEST_CASE(uploader_notices_speak_the_wikis_language) {
  BOOST_TEST(WikiLanguage("de.wikipedia.org") == "de");
  BOOST_TEST(WikiLanguage("fr.wikisource.org") == "fr");
  BOOST_TEST(WikiLanguage("commons.wikimedia.org") == "en");
  BOOST_TEST(WikiLanguage("www.wikidata.org") == "en");
  const auto fixtures = testing::LoadFixtures("render");
  BOOST_REQUIRE(!fixtures.empty());
  model::Case c = fixtures.front().c;
  for (const auto& f : fixtures) {
    if (f.c.kind() == parsers::notice::Kind::kTakedown) c = f.c;
  }
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"de.wikipedia.org", "Hinweis auf die Entfernung eines Uploads"},
      {"fr.wikipedia.org", "Avis de retrait d'un fichier téléversé"},
      {"es.wikipedia.org", "Aviso de retirada de un archivo subido"},
      {"ja.wikipedia.org", "Notice of upload removal"},  // no Japanese template: English
      {"commons.wikimedia.org", "Notice of upload removal"}};
  c.targets.clear();
  for (const auto& [site, heading] : expected) {
    model::CaseTarget t;
    t.target.url = "https://" + site + "/wiki/File:X.jpg";
    t.target.site = site;
    t.target.title = "File:X.jpg";
    t.target.in_scope = true;
    t.uploader = "Someone";
    c.targets.push_back(t);
  }
  auto pages = RenderNotice(c);
  BOOST_REQUIRE(pages.ok());
  std::map<std::string, std::string> headings;
  for (const auto& p : *pages) {
    if (p.role == "uploader") headings[p.site] = p.section_title;
  }
  for (const auto& [site, heading] : expected) BOOST_TEST(headings[site] == heading, site);
}

BOOST_AUTO_TEST_CASE(redaction_review_lists_each_span_and_follows_staff) {
  parsers::notice::Notice n;
  n.analysis.fields.sender.name = "Jane Doe";
  n.analysis.fields.sender.organisation = "Acme Studios LLC";
  const std::string text =
      "Acme Studios LLC asks. Call +1 (555) 010-0199 or mail jane.doe@gmail.com. Ref ZX-42.\n"
      "Sincerely,\nJane Doe\n";
  const auto spans = RedactionSpans(text, n);
  std::map<std::string, std::string> found;
  for (const auto& s : spans) found[s.text] = s.reason;
  BOOST_TEST(found["+1 (555) 010-0199"] == "telephone number");
  BOOST_TEST(found["jane.doe@gmail.com"].find("e-mail") != std::string::npos);
  BOOST_TEST(found.count("Jane Doe") == 1u);
  RedactionOptions staff;
  staff.redact = {"ZX-42"};
  staff.keep = {"Jane Doe"};  // say staff judge it a stage name
  const std::string out = Redact(text, n, staff);
  BOOST_TEST(!Contains(out, "ZX-42"));
  BOOST_TEST(Contains(out, "Jane Doe"));
  BOOST_TEST(Contains(out, "Acme Studios LLC"));
  // A staff span wins even over an organisation's name.
  staff.redact = {"Acme Studios"};
  BOOST_TEST(!Contains(Redact(text, n, staff), "Acme Studios"));
}

BOOST_AUTO_TEST_CASE(statistics_by_month_and_year) {
  std::vector<CaseFacts> facts;
  auto add = [&](std::string day, std::string verdict, bool acted, bool partial,
                 std::optional<int> days) {
    CaseFacts f;
    f.received = std::move(day);
    f.kind = "takedown";
    f.verdict = std::move(verdict);
    f.acted = acted;
    f.acted_partially = partial;
    f.days_to_action = days;
    facts.push_back(f);
  };
  add("2026-11-02", "complete", true, false, 1);
  add("2026-11-20", "complete", true, true, 4);
  add("2026-11-21", "deficient", false, false, std::nullopt);
  add("2026-12-01", "complete", true, false, 2);
  CaseFacts counter;
  counter.received = "2026-11-03";
  counter.kind = "counter_notice";
  facts.push_back(counter);
  facts[0].counter_noticed = true;
  const Stats s = ComputeStats(facts);
  BOOST_REQUIRE_EQUAL(s.months.size(), 2u);
  BOOST_REQUIRE_EQUAL(s.years.size(), 1u);
  const auto& nov = s.months[0];
  BOOST_TEST(nov.period == "2026-11");
  BOOST_TEST(nov.received == 3);
  BOOST_TEST(nov.complete == 2);
  BOOST_TEST(nov.deficient == 1);
  BOOST_TEST(nov.acted_fully == 1);
  BOOST_TEST(nov.acted_partially == 1);
  BOOST_TEST(nov.counter_noticed == 1);
  BOOST_TEST(*nov.median_days_to_action == 2.5);
  BOOST_TEST(*s.years[0].median_days_to_action == 2.0);
  const std::string csv = StatsCsv(s);
  BOOST_TEST(csv.rfind("period,received,complete,deficient,not_a_notice,acted_fully,"
                       "acted_partially,rejected,counter_noticed,restored,retracted,"
                       "median_days_to_action\n",
                       0) == 0);
  BOOST_TEST(Contains(csv, "\n2026-11,3,2,1,0,1,1,0,1,0,0,2.5\n"));
  const auto json = Poco::JSON::Parser().parse(StatsJson(s)).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(json->getArray("months")->getObject(1)->getValue<int>("received") == 1);
  const std::string html = StatsHtml(s);
  BOOST_TEST(Contains(html, "<svg"));
  BOOST_TEST(!Contains(html, "<script"));
  BOOST_TEST(testing::CountOf(html, "<rect") >= 9u);
}

std::vector<SiteCase> SampleSite(int n) {
  std::vector<SiteCase> cases;
  for (int i = 1; i <= n; ++i) {
    SiteCase c;
    c.id = i;
    c.received = i % 2 ? "2026-10-05T10:00:00Z" : "2026-11-05T10:00:00Z";
    c.kind = "takedown";
    c.state = "published";
    c.title = "Example <Studios> - File " + std::to_string(i);
    c.targets.push_back(
        {"commons.wikimedia.org", "File:F" + std::to_string(i) + ".jpg", "deleted"});
    cases.push_back(c);
  }
  return cases;
}

BOOST_AUTO_TEST_CASE(the_site_rewrites_only_what_changed_and_leaves_nothing_behind) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("dmca_site_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto cases = SampleSite(6);
  SiteReport first;
  BOOST_REQUIRE(WriteSite(SiteFiles(cases, {}), dir.string(), &first).ok());
  BOOST_TEST(first.written == 6u + 2u + 4u);  // cases, two months, index and stats
  BOOST_TEST(std::filesystem::exists(dir / "case/000003.html"));
  BOOST_TEST(std::filesystem::exists(dir / "2026-10.html"));
  const std::string page = testing::ReadFile(dir / "case/000003.html");
  BOOST_TEST(Contains(page, "Example &lt;Studios&gt;"));
  BOOST_TEST(!Contains(page, "<Studios>"));
  const auto time = std::filesystem::last_write_time(dir / "case/000001.html");

  SiteReport again;
  BOOST_REQUIRE(WriteSite(SiteFiles(cases, {}), dir.string(), &again).ok());
  BOOST_TEST(again.written == 0u);
  BOOST_TEST(again.removed == 0u);
  BOOST_TEST((std::filesystem::last_write_time(dir / "case/000001.html") == time));

  cases[1].state = "restored";  // case 2, in 2026-11
  cases.pop_back();             // case 6 is gone
  SiteReport changed;
  BOOST_REQUIRE(WriteSite(SiteFiles(cases, {}), dir.string(), &changed).ok());
  BOOST_TEST(changed.written == 3u);  // case 2, 2026-11 (state and one case fewer), the index
  BOOST_TEST(changed.removed == 1u);
  BOOST_TEST(!std::filesystem::exists(dir / "case/000006.html"));
  BOOST_TEST((std::filesystem::last_write_time(dir / "case/000001.html") == time));
  std::size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) ++files;
  }
  BOOST_TEST(files == 5u + 2u + 4u + 1u);  // and the manifest; no temporary files
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dmca::archive
