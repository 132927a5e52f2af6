#include "archive/export.h"

#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Parser.h>
#include <pugixml.hpp>

#include <filesystem>

#include "tests/archive/fixture.h"
#include "tests/archive/test_util.h"

namespace dmca::archive {
namespace {

using testing::Contains;

BOOST_AUTO_TEST_CASE(xml_export_is_well_formed_and_reads_back) {
  const auto pages = testing::AllFixturePages();
  const std::string xml = ExportXml(pages, "foundation.wikimedia.org", "2026-11-24T10:00:00Z");
  pugi::xml_document doc;
  const auto parsed = doc.load_string(xml.c_str());
  BOOST_REQUIRE_MESSAGE(parsed, parsed.description());
  const auto root = doc.child("mediawiki");
  BOOST_TEST(std::string(root.attribute("xmlns").value()) ==
             "http://www.mediawiki.org/xml/export-0.11/");
  std::size_t n = 0;
  for (const auto& page : root.children("page")) {
    const Page* source = nullptr;
    for (const Page& p : pages) {
      if (p.site == "foundation.wikimedia.org" && p.mode == PageMode::kCreate &&
          p.title == [&] {
            std::string t = page.child_value("title");
            for (char& c : t) c = c == ' ' ? '_' : c;
            return t;
          }()) {
        source = &p;
      }
    }
    BOOST_REQUIRE(source != nullptr);
    const auto rev = page.child("revision");
    BOOST_TEST(std::string(rev.child_value("text")) == source->wikitext);
    BOOST_TEST(std::string(rev.child_value("timestamp")) == "2026-11-24T10:00:00Z");
    BOOST_TEST(std::string(rev.child_value("model")) == "wikitext");
    BOOST_TEST(rev.child("text").attribute("bytes").as_ullong() == source->wikitext.size());
    ++n;
  }
  BOOST_TEST(n == 3u);  // one Foundation page per fixture
  // Commons sections are appended, never imported over the page.
  const std::string commons = ExportXml(pages, "commons.wikimedia.org", "2026-11-24T10:00:00Z");
  pugi::xml_document cdoc;
  BOOST_REQUIRE(cdoc.load_string(commons.c_str()));
  BOOST_TEST(!cdoc.child("mediawiki").child("page"));
}

BOOST_AUTO_TEST_CASE(xml_drops_characters_xml_cannot_carry) {
  Page p{.site = "s", .title = "T", .wikitext = std::string("a\x01\x1f" "b\t\n<&>]]>"),
         .mode = PageMode::kCreate, .summary = "x\x02", .section_title = "", .section_text = ""};
  pugi::xml_document doc;
  BOOST_REQUIRE(doc.load_string(ExportXml({p}, "s", "t").c_str()));
  BOOST_TEST(std::string(doc.child("mediawiki").child("page").child("revision").child_value("text")) ==
             "ab\t\n<&>]]>");
}

BOOST_AUTO_TEST_CASE(preview_is_escaped) {
  const auto pages = testing::AllFixturePages();
  const std::string html = PreviewHtml(pages);
  BOOST_TEST(!Contains(html, "<nowiki>"));
  BOOST_TEST(Contains(html, "&lt;nowiki&gt;"));
  BOOST_TEST(!Contains(html, "<script"));
  pugi::xml_document doc;  // escaped text keeps the page well formed
  BOOST_TEST(static_cast<bool>(doc.load_string(html.substr(html.find("<html")).c_str())));
}

BOOST_AUTO_TEST_CASE(file_names_are_safe_and_unique) {
  Page p;
  p.site = "commons.wikimedia.org";
  p.title = "Commons:Office_actions/DMCA_notices";
  BOOST_TEST(PageFileName(p, 2) == "002-commons.wikimedia.org-Commons_Office_actions_DMCA_notices.wikitext");
  p.title = "../../etc/passwd\\x";
  BOOST_TEST(PageFileName(p, 1) == "001-commons.wikimedia.org-.._.._etc_passwd_x.wikitext");
  p.title = std::string(400, 'y');
  BOOST_TEST(PageFileName(p, 1).size() <= 4u + 150u + 9u);
}

BOOST_AUTO_TEST_CASE(writes_an_archive_directory) {
  const auto pages = testing::AllFixturePages();
  const auto dir = std::filesystem::temp_directory_path() / "dmca_archive_export_test";
  std::filesystem::remove_all(dir);
  BOOST_REQUIRE(WritePages(pages, dir.string(), "2026-11-24T10:00:00Z").ok());
  std::size_t wikitext = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir / "wikitext")) {
    if (e.path().extension() == ".wikitext") ++wikitext;
  }
  BOOST_TEST(wikitext == pages.size());
  const auto index = Poco::JSON::Parser()
                         .parse(testing::ReadFile(dir / "index.json"))
                         .extract<Poco::JSON::Object::Ptr>();
  const auto list = index->getArray("pages");
  BOOST_REQUIRE_EQUAL(list->size(), pages.size());
  const std::string first = list->getObject(0)->getValue<std::string>("file");
  BOOST_TEST(testing::ReadFile(dir / first) == pages[0].wikitext);
  BOOST_TEST(std::filesystem::exists(dir / "export-foundation.wikimedia.org.xml"));
  BOOST_TEST(std::filesystem::exists(dir / "preview.html"));
  std::filesystem::remove_all(dir);

  const Status bad = WritePages(pages, "/proc/no/such/dir");
  BOOST_TEST(!bad.ok());
}

BOOST_AUTO_TEST_CASE(render_json_shape) {
  const auto pages = testing::AllFixturePages();
  const auto json = PagesToJson(pages);
  const auto list = json->getArray("pages");
  BOOST_REQUIRE_EQUAL(list->size(), pages.size());
  for (unsigned i = 0; i < list->size(); ++i) {
    const auto o = list->getObject(i);
    for (const char* key : {"site", "title", "wikitext", "mode"}) BOOST_TEST(o->has(key), key);
    const std::string mode = o->getValue<std::string>("mode");
    BOOST_TEST((mode == "create" || mode == "append" || mode == "new_section"));
  }
}

}  // namespace
}  // namespace dmca::archive
