// The wiki's etiquette signals, on a wiki of these tests alone (the fixture
// mediawiki_ratelimited, whose $wgRateLimits bind the bot): `ratelimited` and a forced `maxlag`
// are ridden out with backoff, and execution loses nothing and repeats nothing. MediaWiki 1.39
// limits edits, not deletions (scripts/mediawiki-test-server.sh), so the rate limit is met
// through the edits publishing will make.

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "mediawiki/client.h"
#include "mediawiki/reply.h"
#include "tests/integration/wiki/wiki_fixture.h"

namespace dmca::testing {
namespace {

constexpr const char* kLimitedWiki = "DMCA_TEST_MEDIAWIKI_RATELIMITED_DIR";

std::string FirstLine(const std::string& path) {
  std::string line;
  std::getline(std::ifstream(path), line);
  return line;
}

BOOST_AUTO_TEST_CASE(ratelimited_edits_are_retried_until_they_go_through) {
  TestWiki wiki(kLimitedWiki);
  mediawiki::HttpClientConfig config;
  config.api = wiki.api();
  config.credentials.user = wiki.bot_user();
  config.credentials.password = FirstLine(wiki.bot_password_file());
  config.user_agent = mediawiki::UserAgent("dmca-tests@example.org");
  auto client = mediawiki::HttpClient::Create(config);
  BOOST_REQUIRE(client.ok());
  const std::string id = RunId();
  for (int i = 1; i <= 6; ++i) {
    mediawiki::Edit edit;
    edit.site = "commons.wikimedia.org";
    edit.title = "Rate limit test " + id + " " + std::to_string(i);
    edit.text = "Page " + std::to_string(i);
    edit.summary = "rate limit test";
    auto reply = (*client)->Send(mediawiki::EditCall(edit, "dmca-takedown"));
    BOOST_REQUIRE_MESSAGE(reply.ok(), edit.title << ": " << reply.status().ToString());
    BOOST_TEST(mediawiki::ParseActionReply("edit", *reply).ok());
  }
  // The limit (MW_RATE_LIMIT in tests/integration/wiki/CMakeLists.txt) was met and waited out.
  BOOST_TEST((*client)->stats().retries > 0u);
  for (int i = 1; i <= 6; ++i) {
    auto page = wiki.Query({{"action", "query"},
                            {"titles", "Rate limit test " + id + " " + std::to_string(i)},
                            {"prop", "revisions"}});
    auto pages = page->getObject("query")->getArray("pages");
    BOOST_TEST(!pages->getObject(0)->has("missing"), i);
  }
}

BOOST_AUTO_TEST_CASE(execution_on_a_rate_limited_wiki_loses_and_repeats_nothing) {
  TestWiki wiki(kLimitedWiki);
  TempDir tmp;
  const std::string id = RunId();
  std::vector<std::string> names;
  for (int i = 1; i <= 4; ++i) names.push_back("Limited " + id + " " + std::to_string(i) + ".png");
  wiki.Upload(tmp.path(), names);
  std::vector<std::string> urls;
  for (const auto& name : names) urls.push_back(CommonsUrl(name));
  std::ofstream(tmp.path() + "/notice.eml", std::ios::binary)
      << TakedownMessage("limited-" + id, urls);
  const std::string config = wiki.WriteConfig(tmp.path());
  BOOST_REQUIRE(RunDmca({"--config", config, "ingest", tmp.path() + "/notice.eml"}).exit_code == 0);
  BOOST_REQUIRE(RunDmca({"--config", config, "approve", "1", "--as", "jdoe"}).exit_code == 0);
  auto run = RunDmca({"--config", config, "execute"});
  BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.out + run.err);
  for (const auto& name : names) {
    BOOST_TEST(wiki.DeletionLog("File:" + name).size() == 1u, name);
    BOOST_TEST(!wiki.FileExists("File:" + name), name);
  }
}

// A forced maxlag (the fixture's DIR/lag-count: each request sending maxlag= takes one off and
// sees 10 s of lag) is waited out with the wiki's Retry-After: every deletion done once.
BOOST_AUTO_TEST_CASE(maxlag_is_ridden_out) {
  TestWiki wiki(kLimitedWiki);
  TempDir tmp;
  const std::string id = RunId();
  std::vector<std::string> names = {"Lagoon " + id + " 1.png", "Lagoon " + id + " 2.png"};
  wiki.Upload(tmp.path(), names);
  std::ofstream(tmp.path() + "/notice.eml", std::ios::binary)
      << TakedownMessage("lagoon-" + id, {CommonsUrl(names[0]), CommonsUrl(names[1])});
  const std::string config = wiki.WriteConfig(tmp.path());
  BOOST_REQUIRE(RunDmca({"--config", config, "ingest", tmp.path() + "/notice.eml"}).exit_code == 0);
  BOOST_REQUIRE(RunDmca({"--config", config, "approve", "1", "--as", "jdoe"}).exit_code == 0);
  const std::string lag = wiki.dir() + "/lag-count";
  std::ofstream(lag) << "3\n";
  auto run = RunDmca({"--config", config, "execute", "--verbose"});
  const std::string left = FirstLine(lag);
  std::remove(lag.c_str());
  BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.out + run.err);
  BOOST_TEST(left == "0");  // every forced lag was met, and waited out
  for (const auto& name : names) {
    BOOST_TEST(wiki.DeletionLog("File:" + name).size() == 1u, name);
    BOOST_TEST(!wiki.FileExists("File:" + name), name);
  }
}

}  // namespace
}  // namespace dmca::testing
