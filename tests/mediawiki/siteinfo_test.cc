#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "mediawiki/siteinfo.h"
#include "parsers/wikiurl/wiki_url.h"

namespace dmca::mediawiki {
namespace {

const std::string kDir = std::string(DMCA_SOURCE_DIR) + "/tests/mediawiki/data/siteinfo";

BOOST_AUTO_TEST_CASE(siteinfo_namespaces_and_aliases_map_to_canonical_names) {
  const auto aliases = ParseSiteInfoNamespaces(
      R"({"query": {"namespaces": {"6": {"id": 6, "*": "Fitxer", "canonical": "File"}},
          "namespacealiases": [{"id": 6, "*": "Imatge"}]}})");  // formatversion=1
  BOOST_REQUIRE(aliases.ok());
  const auto has = [&](std::string alias, std::string canonical) {
    return std::find(aliases->begin(), aliases->end(), std::make_pair(alias, canonical)) !=
           aliases->end();
  };
  BOOST_TEST(has("Fitxer", "File"));
  BOOST_TEST(has("Imatge", "File"));
  BOOST_TEST(has("File", "File"));
  BOOST_TEST(!ParseSiteInfoNamespaces("<html>").ok());
  BOOST_TEST(!ParseSiteInfoNamespaces(R"({"query": {}})").ok());
}

BOOST_AUTO_TEST_CASE(a_refreshed_table_teaches_the_resolver_a_new_wiki) {
  // Catalan is not in the built-in table: before the refresh "Fitxer:" is no namespace.
  const std::string url = "https://ca.wikipedia.org/wiki/Fitxer:Exemple.jpg";
  BOOST_TEST(parsers::wikiurl::Resolve(url).title.value_or("") == "Fitxer:Exemple.jpg");
  const auto loaded = LoadSiteInfoDir(kDir);
  BOOST_REQUIRE_MESSAGE(loaded.ok(), loaded.status().ToString());
  BOOST_TEST(*loaded == 1);
  BOOST_TEST(parsers::wikiurl::Resolve(url).title.value_or("") == "File:Exemple.jpg");
  BOOST_TEST(parsers::wikiurl::Resolve("https://ca.wikipedia.org/wiki/Imatge:Exemple.jpg")
                 .title.value_or("") == "File:Exemple.jpg");
  BOOST_TEST(parsers::wikiurl::Resolve("https://ca.wikipedia.org/wiki/Usuària:Anna")
                 .title.value_or("") == "User:Anna");
  BOOST_TEST(!LoadSiteInfoDir("/nonexistent").ok());
}

}  // namespace
}  // namespace dmca::mediawiki
