// `dmca execute` against a real MediaWiki (the CTest fixture `mediawiki`): ingest -> approve
// some targets -> execute, then the wiki's own API is asked what happened.

#include <Poco/JSON/Array.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <functional>

#include "tests/integration/wiki/wiki_fixture.h"

namespace dmca::testing {
namespace {

struct Case {
  std::string folder;
  std::string config;
  std::int64_t id = 0;
  std::vector<std::string> names;
  std::map<std::string, std::string> sha1;
};

// Uploads `count` files, ingests a notice naming them (plus an out-of-scope URL and a
// look-alike host), and returns the case.
Case MakeCase(TestWiki& wiki, const TempDir& tmp, const std::string& stem, int count,
              const std::string& change_tag = "dmca-takedown") {
  Case c;
  c.folder = tmp.path();
  const std::string id = RunId();
  for (int i = 1; i <= count; ++i)
    c.names.push_back(stem + " " + id + " " + std::to_string(i) + ".png");
  c.sha1 = wiki.Upload(c.folder, c.names);
  std::vector<std::string> urls = {"https://examplestock.example/harbour-lights/1"};
  for (const auto& name : c.names) urls.push_back(CommonsUrl(name));
  urls.push_back("https://commons.wikirnedia.org/wiki/File:Lookalike.png");
  {
    std::ofstream out(c.folder + "/notice.eml", std::ios::binary);
    out << TakedownMessage(stem + "-" + id, urls);
  }
  c.config = wiki.WriteConfig(c.folder, "", change_tag);
  auto ingest = RunDmca({"--config", c.config, "ingest", c.folder + "/notice.eml"}, c.folder);
  BOOST_REQUIRE_MESSAGE(ingest.exit_code == 0, ingest.err);
  auto ids = RunDmca({"--config", c.config, "cases", "--ids"}, c.folder);
  BOOST_REQUIRE(ids.exit_code == 0);
  c.id = std::stoll(ids.out);
  return c;
}

Poco::JSON::Object::Ptr Show(const Case& c) {
  auto shown =
      RunDmca({"--config", c.config, "cases", "show", std::to_string(c.id), "--json"}, c.folder);
  BOOST_REQUIRE_MESSAGE(shown.exit_code == 0, shown.err);
  return ParseObject(shown.out);
}

Poco::JSON::Object::Ptr TargetFor(const Poco::JSON::Object::Ptr& shown, const std::string& title) {
  auto targets = shown->getArray("targets");
  for (std::size_t i = 0; i < targets->size(); ++i) {
    auto t = targets->getObject(static_cast<unsigned>(i));
    if (!t->isNull("title") && t->getValue<std::string>("title") == title) return t;
  }
  BOOST_FAIL("no target " + title);
  return nullptr;
}

std::string FileTitle(const std::string& name) { return "File:" + name; }

// The "n" (what approve --targets takes) of the first target `pick` accepts.
std::string Number(const Poco::JSON::Object::Ptr& shown,
                   const std::function<bool(const Poco::JSON::Object::Ptr&)>& pick) {
  auto targets = shown->getArray("targets");
  for (std::size_t i = 0; i < targets->size(); ++i) {
    auto t = targets->getObject(static_cast<unsigned>(i));
    if (pick(t)) return std::to_string(t->getValue<int>("n"));
  }
  BOOST_FAIL("no such target");
  return "";
}

std::string NumberOf(const Poco::JSON::Object::Ptr& shown, const std::string& title) {
  return Number(shown, [&](const Poco::JSON::Object::Ptr& t) {
    return !t->isNull("title") && t->getValue<std::string>("title") == title;
  });
}

BOOST_AUTO_TEST_CASE(approved_files_are_deleted_protected_and_recorded_the_others_untouched) {
  TestWiki wiki;
  TempDir tmp;
  Case c = MakeCase(wiki, tmp, "Harbour", 4);
  const auto before = Show(c);
  const std::string spoof_n =
      Number(before, [](const Poco::JSON::Object::Ptr& t) { return t->getValue<bool>("spoof"); });
  const std::string outside_n = Number(before, [](const Poco::JSON::Object::Ptr& t) {
    return !t->getValue<bool>("in_scope") && !t->getValue<bool>("spoof");
  });
  auto spoof = RunDmca(
      {"--config", c.config, "approve", std::to_string(c.id), "--as", "jdoe", "--targets", spoof_n},
      c.folder);
  BOOST_TEST(spoof.exit_code == 1);
  BOOST_TEST(spoof.err.find("look-alike") != std::string::npos, spoof.err);
  auto outside = RunDmca({"--config", c.config, "approve", std::to_string(c.id), "--as", "jdoe",
                          "--targets", outside_n},
                         c.folder);
  BOOST_TEST(outside.exit_code == 1);
  BOOST_TEST(outside.err.find("not on a Wikimedia wiki") != std::string::npos, outside.err);

  auto approve = RunDmca(
      {"--config", c.config, "approve", std::to_string(c.id), "--as", "jdoe", "--targets",
       NumberOf(before, FileTitle(c.names[0])) + "," + NumberOf(before, FileTitle(c.names[1])) +
           "," + NumberOf(before, FileTitle(c.names[2]))},
      c.folder);
  BOOST_REQUIRE_MESSAGE(approve.exit_code == 0, approve.err);
  auto run = RunDmca({"--config", c.config, "execute"}, c.folder);
  BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.out + run.err);
  BOOST_TEST(run.out.find("3 deleted") != std::string::npos, run.out);

  auto shown = Show(c);
  BOOST_TEST(shown->getValue<std::string>("state") == "executed");
  for (int i = 0; i < 3; ++i) {
    const std::string title = FileTitle(c.names[i]);
    BOOST_TEST(!wiki.FileExists(title), title);
    BOOST_TEST(wiki.CreateProtection(title) == "sysop/infinity", title);
    const auto log = wiki.DeletionLog(title);
    BOOST_REQUIRE_EQUAL(log.size(), 1u);
    BOOST_TEST(log[0].action == "delete");
    BOOST_TEST(log[0].user == "DMCA-Bot");
    BOOST_TEST(log[0].comment.find("Office action: DMCA takedown, see [[wmf:Legal:DMCA_") == 0,
               log[0].comment);
    BOOST_TEST((log[0].tags == std::vector<std::string>{"dmca-takedown"}));
    auto target = TargetFor(shown, title);
    BOOST_TEST(target->getValue<std::string>("state") == "deleted");
    BOOST_TEST(target->getValue<std::string>("uploader") == "Uploader");
    BOOST_TEST(target->getValue<std::string>("sha1") == c.sha1[c.names[i]]);
    BOOST_TEST(!target->isNull("log_id"));
  }
  // Not approved: untouched on the wiki, pending in the case.
  const std::string kept = FileTitle(c.names[3]);
  BOOST_TEST(wiki.FileExists(kept));
  BOOST_TEST(wiki.DeletionLog(kept).empty());
  BOOST_TEST(TargetFor(shown, kept)->getValue<std::string>("state") == "pending");

  // Run again: nothing is done twice.
  auto again = RunDmca({"--config", c.config, "execute"}, c.folder);
  BOOST_TEST(again.exit_code == 0);
  BOOST_TEST(again.out.find("0 deleted") != std::string::npos, again.out);
  BOOST_TEST(wiki.DeletionLog(FileTitle(c.names[0])).size() == 1u);

  // Restoration of one of them through the same executor.
  auto restore =
      RunDmca({"--config", c.config, "restore", std::to_string(c.id), "--as", "jdoe", "--targets",
               NumberOf(before, FileTitle(c.names[1])), "--note", "licence confirmed"},
              c.folder);
  BOOST_REQUIRE_MESSAGE(restore.exit_code == 0, restore.err);
  auto restored = RunDmca({"--config", c.config, "execute"}, c.folder);
  BOOST_REQUIRE_MESSAGE(restored.exit_code == 0, restored.out + restored.err);
  const std::string back = FileTitle(c.names[1]);
  BOOST_TEST(wiki.FileExists(back));
  BOOST_TEST(wiki.CreateProtection(back).empty());
  const auto log = wiki.DeletionLog(back);
  BOOST_REQUIRE_EQUAL(log.size(), 2u);
  BOOST_TEST(log[0].action == "restore");
  BOOST_TEST((log[0].tags == std::vector<std::string>{"dmca-takedown"}));
  BOOST_TEST(TargetFor(Show(c), back)->getValue<std::string>("state") == "restored");
}

BOOST_AUTO_TEST_CASE(missing_and_already_deleted_targets_are_recorded_not_errors) {
  TestWiki wiki;
  TempDir tmp;
  Case c = MakeCase(wiki, tmp, "Quay", 2);
  // Someone else deleted both files before the evidence was taken: nothing to do, recorded.
  wiki.Write({{"action", "delete"}, {"title", FileTitle(c.names[0])}, {"reason", "cleanup"}});
  wiki.Write({{"action", "delete"}, {"title", FileTitle(c.names[1])}, {"reason", "cleanup"}});
  auto approve =
      RunDmca({"--config", c.config, "approve", std::to_string(c.id), "--as", "jdoe"}, c.folder);
  BOOST_REQUIRE_MESSAGE(approve.exit_code == 0, approve.err);
  auto run = RunDmca({"--config", c.config, "execute"}, c.folder);
  BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.out + run.err);
  auto shown = Show(c);
  BOOST_TEST(TargetFor(shown, FileTitle(c.names[0]))->getValue<std::string>("state") == "missing");
  BOOST_TEST(wiki.DeletionLog(FileTitle(c.names[0])).size() == 1u);  // only the other's
}

BOOST_AUTO_TEST_CASE(an_undefined_change_tag_stops_before_anything_is_done) {
  TestWiki wiki;
  TempDir tmp;
  Case c = MakeCase(wiki, tmp, "Pier", 1, "no-such-tag");
  auto approve =
      RunDmca({"--config", c.config, "approve", std::to_string(c.id), "--as", "jdoe"}, c.folder);
  BOOST_REQUIRE(approve.exit_code == 0);
  auto run = RunDmca({"--config", c.config, "execute"}, c.folder);
  BOOST_TEST(run.exit_code == 1);
  BOOST_TEST(run.err.find("change tag 'no-such-tag'") != std::string::npos, run.err);
  BOOST_TEST(wiki.FileExists(FileTitle(c.names[0])));
  BOOST_TEST(run.err.find(std::string("secret")) == std::string::npos);
}

}  // namespace
}  // namespace dmca::testing
