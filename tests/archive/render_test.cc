#include "archive/render.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "archive/wikitext.h"
#include "tests/archive/fixture.h"
#include "tests/archive/test_util.h"

namespace dmca::archive {
namespace {

using testing::Contains;
using testing::CountOf;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Describe(const std::vector<Page>& pages) {
  std::string out;
  for (const Page& p : pages) {
    out += p.site + "\t" + p.title + "\t" + std::string(PageModeName(p.mode)) + "\t" + p.summary +
           "\t" + p.section_title + "\n";
  }
  return out;
}

// tests/data/archive/render/<name>/input.json -> expected/pages.txt and expected/NN.wikitext.
BOOST_AUTO_TEST_CASE(golden_pages) {
  const auto fixtures = testing::LoadFixtures("render");
  BOOST_REQUIRE_GE(fixtures.size(), 3u);
  for (const auto& f : fixtures) {
    BOOST_TEST_CONTEXT("fixture " << f.name) {
      auto pages = RenderNotice(f.c);
      BOOST_REQUIRE(pages.ok());
      const auto expected = f.dir / "expected";
      if (testing::UpdateGolden()) {
        std::filesystem::remove_all(expected);
        testing::WriteFile(expected / "pages.txt", Describe(*pages));
        for (std::size_t i = 0; i < pages->size(); ++i) {
          testing::WriteFile(expected / (std::to_string(i + 1) + ".wikitext"), (*pages)[i].wikitext);
        }
        continue;
      }
      BOOST_TEST(Describe(*pages) == testing::ReadFile(expected / "pages.txt"));
      for (std::size_t i = 0; i < pages->size(); ++i) {
        BOOST_TEST((*pages)[i].wikitext ==
                   testing::ReadFile(expected / (std::to_string(i + 1) + ".wikitext")),
                   "page " << i + 1);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(pages_obey_redaction_and_inertness) {
  for (const auto& f : testing::LoadFixtures("render")) {
    BOOST_TEST_CONTEXT("fixture " << f.name) {
      auto pages = RenderNotice(f.c);
      BOOST_REQUIRE(pages.ok());
      BOOST_REQUIRE(!pages->empty());
      std::string all;
      for (const Page& p : *pages) all += p.title + "\n" + p.wikitext + "\n";
      for (const auto& s : f.must_not_contain) BOOST_TEST(!Contains(all, s), "shows " << s);
      for (const auto& s : f.must_contain) BOOST_TEST(Contains(all, s), "lacks " << s);
      // Only the templates' own markup survives: no data-borne link, template or magic word.
      for (std::string_view bad : {"[[Category:", "{{subst", "__NOTOC__", "<script", "{{Template",
                                   "{{x}}", "{{{1}}}", "'''"}) {
        BOOST_TEST(!Contains(all, bad), "markup " << bad);
      }

      const Page& foundation = pages->front();
      BOOST_TEST(foundation.site == "foundation.wikimedia.org");
      BOOST_TEST(foundation.title.rfind("Legal:DMCA_", 0) == 0u);
      BOOST_TEST(PageModeName(foundation.mode) == "create");
      BOOST_TEST(foundation.wikitext.rfind("{{DMCA email |from=", 0) == 0u);
      BOOST_TEST(CountOf(foundation.wikitext, "{{") == 1u);
      BOOST_TEST(CountOf(foundation.wikitext, "}}") == 1u);
      // Each of the seven text parameters in its own nowiki (a URL in the subject is not
      // linked), and no other tag.
      BOOST_TEST(CountOf(Lower(foundation.wikitext), "<nowiki>") == 7u);
      BOOST_TEST(CountOf(Lower(foundation.wikitext), "</nowiki>") == 7u);
      BOOST_TEST(CountOf(foundation.wikitext, "<") == 14u);
      BOOST_TEST(CountOf(foundation.wikitext, ">") == 14u);
      BOOST_TEST(CountOf(foundation.wikitext, "|") == 8u);  // the eight parameters
      BOOST_TEST(!Contains(foundation.wikitext, "~~~"));
      for (const char* param : {"|from=", "|date=", "|subject=", "|to=", "|content=",
                                "|attachment=", "|message=<nowiki>", "|year="}) {
        BOOST_TEST(CountOf(foundation.wikitext, param) == 1u, param);
      }
      for (const Page& p : *pages) {
        BOOST_TEST(p.title.find_first_of("[]{}|#<>") == std::string::npos, p.title);
        if (p.mode == PageMode::kNewSection) {
          BOOST_TEST(!p.section_title.empty());
          BOOST_TEST(p.wikitext == "== " + p.section_title + " ==\n" + p.section_text);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(takedown_page_set) {
  const auto f = testing::LoadFixture(std::filesystem::path(DMCA_SOURCE_DIR) /
                                      "tests/data/archive/render/studio_takedown");
  auto pages = RenderNotice(f.c);
  BOOST_REQUIRE(pages.ok());
  BOOST_REQUIRE_EQUAL(pages->size(), 5u);
  const Page& list = (*pages)[1];
  BOOST_TEST(list.title == "Commons:Office_actions/DMCA_notices");
  BOOST_TEST(PageModeName(list.mode) == "append");
  BOOST_TEST(list.summary == "new takedown");
  const std::string title = "Example Studios LLC - Sunset over the Bay.jpg (2026-11-24)";
  BOOST_TEST(NoticeTitle(f.c.notice) == title);
  BOOST_TEST(list.wikitext.rfind("=== " + title + " ===\n", 0) == 0u);
  BOOST_TEST(CountOf(list.wikitext, "* {{lf|File:") == 2u);  // the two Commons files, once each
  BOOST_TEST(Contains(list.wikitext, "official action of the WMF office"));
  BOOST_TEST(Contains(list.wikitext, "must not be undone"));
  BOOST_TEST(list.wikitext.ends_with("~~~~\n"));
  const Page& pump = (*pages)[2];
  BOOST_TEST(pump.section_title == "Notification of DMCA takedown demand - " + title);
  BOOST_TEST(Contains(pump.wikitext, "[[COM:DMCA#" + title + "]]"));
  BOOST_TEST((*pages)[3].site == "commons.wikimedia.org");
  BOOST_TEST((*pages)[3].title == "User_talk:Example_uploader");
  BOOST_TEST((*pages)[3].section_title == "Notice of upload removal");
  BOOST_TEST(CountOf((*pages)[3].wikitext, "* [[:File:") == 2u);
  BOOST_TEST(Contains((*pages)[3].wikitext, "legal@wikimedia.org"));
  BOOST_TEST(Contains((*pages)[3].wikitext, "penalty of perjury"));
  BOOST_TEST((*pages)[4].site == "en.wikipedia.org");
  BOOST_TEST((*pages)[4].title == "User_talk:Other_User");

  // From a notice alone (dmca render): no uploaders, the Foundation, list and pump pages.
  auto from_notice = RenderNotice(f.c.notice);
  BOOST_REQUIRE(from_notice.ok());
  BOOST_TEST(from_notice->size() == 3u);
  RenderOptions quiet;
  quiet.village_pump = false;
  quiet.redaction.marker = "(removed)";
  auto without_pump = RenderNotice(f.c.notice, quiet);
  BOOST_REQUIRE(without_pump.ok());
  BOOST_TEST(without_pump->size() == 2u);
  BOOST_TEST(Contains(without_pump->front().wikitext, "(removed)"));
}

BOOST_AUTO_TEST_CASE(other_mail_publishes_nothing) {
  parsers::notice::Notice n;
  n.analysis.kind = parsers::notice::Kind::kOther;
  auto pages = RenderNotice(n);
  BOOST_REQUIRE(pages.ok());
  BOOST_TEST(pages->empty());
}

BOOST_AUTO_TEST_CASE(titles_and_dates) {
  parsers::notice::Notice n;
  n.analysis.kind = parsers::notice::Kind::kTakedown;
  BOOST_TEST(NoticeTitle(n) == "Copyright holder - Takedown notice");
  n.analysis.fields.sender.name = "Jane Doe";  // a person's name never reaches a title
  n.analysis.fields.works = {"The novel \"Rain\""};
  n.original.date = "November 24, 2026";
  BOOST_TEST(NoticeTitle(n) == "Copyright holder - The novel Rain (2026-11-24)");
  BOOST_TEST(FoundationPageTitle(n) == "Legal:DMCA_Copyright_holder_-_The_novel_Rain_(2026-11-24)");
  n.original.date = "24.11.2026";
  BOOST_TEST(NoticeDate(n) == "2026-11-24");
  n.original.date = "sometime in 2019";
  BOOST_TEST(NoticeDate(n).empty());
  BOOST_TEST(NoticeYear(n) == "2019");
  n.original.date.reset();
  BOOST_TEST(NoticeYear(n).empty());
}

BOOST_AUTO_TEST_CASE(templates_override_from_a_directory) {
  const auto dir = std::filesystem::temp_directory_path() / "dmca_archive_templates_test";
  std::filesystem::remove_all(dir);
  testing::WriteFile(dir / "village_pump.mustache",
                     "{{=<% %>=}}\n== Custom <% title %> ==\nBody <% legal_email %>\n");
  auto templates = Templates::Load(dir.string());
  BOOST_REQUIRE(templates.ok());
  BOOST_TEST(templates->Find("foundation_notice") != nullptr);  // the rest stay built in
  parsers::notice::Notice n;
  n.analysis.kind = parsers::notice::Kind::kTakedown;
  RenderOptions options;
  options.templates = &*templates;
  auto pages = RenderNotice(n, options);
  BOOST_REQUIRE(pages.ok());
  BOOST_TEST((*pages)[2].section_title == "Custom Copyright holder - Takedown notice");
  BOOST_TEST((*pages)[2].section_text == "Body legal@wikimedia.org\n");

  testing::WriteFile(dir / "broken.mustache", "{{#open}} never closed");
  auto broken = Templates::Load(dir.string());
  BOOST_TEST(!broken.ok());
  BOOST_TEST((broken.status().code() == Status::Code::kInvalidArgument));
  BOOST_TEST(!Templates::Load((dir / "missing").string()).ok());
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(builtin_templates_are_embedded) {
  const auto names = Templates::Builtin().Names();
  for (const char* name : {"foundation_notice", "commons_list", "village_pump", "uploader_notice",
                           "letter_acknowledgement", "letter_deficiency",
                           "letter_counter_notice_forward"}) {
    BOOST_TEST((std::find(names.begin(), names.end(), name) != names.end()), name);
    // Byte for byte the file in templates/.
    BOOST_TEST(*Templates::Builtin().Find(name) ==
               testing::ReadFile(std::filesystem::path(DMCA_SOURCE_DIR) / "templates" /
                                 (std::string(name) + ".mustache")));
  }
}

}  // namespace
}  // namespace dmca::archive
