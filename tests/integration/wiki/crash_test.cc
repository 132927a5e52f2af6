// `dmca execute` killed with SIGKILL at hundreds of random instants against the real wiki, then
// run to the end: every approved file deleted exactly once (counted in the wiki's deletion
// log), none lost, the audit trail intact, the SQLite store sound.
#define BOOST_TEST_MODULE wiki_crash
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <thread>

#include "tests/integration/wiki/wiki_fixture.h"

namespace dmca::testing {
namespace {

// What the queue looks like now: changes whenever any action moves a phase on.
std::string QueueState(const std::string& db) {
  const std::string command =
      "sqlite3 " + db + " \"SELECT group_concat(id || phase || state, ',') FROM actions\"";
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    pclose(pipe);
  }
  return out;
}

int KillPoints() {
  const char* n = std::getenv("DMCA_CRASH_KILLS");
  return n && *n ? std::atoi(n) : 200;
}

BOOST_AUTO_TEST_CASE(sigkill_at_random_points_then_run_to_the_end) {
  TestWiki wiki;
  TempDir tmp;
  const std::string config = wiki.WriteConfig(tmp.path());
  const std::string log = tmp.path() + "/execute.log";
  const unsigned seed = static_cast<unsigned>(
      std::chrono::system_clock::now().time_since_epoch().count() & 0xffffffff);
  BOOST_TEST_MESSAGE("seed " << seed << "; DMCA_CRASH_KILLS=" << KillPoints());
  std::mt19937 random(seed);
  // Kills land anywhere from the start of a run to a little past one step; the window widens
  // when a run was killed before it could move anything on (a loaded machine), and narrows
  // again after progress, so the kills spread over every phase of the work.
  int window_ms = 300;

  std::vector<std::string> titles;
  int kills = 0, runs = 0;
  for (int round = 0; kills < KillPoints(); ++round) {
    BOOST_REQUIRE_MESSAGE(round < 40, "the kills do not land while work remains");
    const std::string id = RunId() + "r" + std::to_string(round);
    std::vector<std::string> names;
    for (int i = 1; i <= 25; ++i) names.push_back("Crash " + id + " " + std::to_string(i) + ".png");
    wiki.Upload(tmp.path(), names);
    std::vector<std::string> urls;
    for (const auto& name : names) {
      urls.push_back(CommonsUrl(name));
      titles.push_back("File:" + name);
    }
    const std::string eml = tmp.path() + "/notice-" + id + ".eml";
    std::ofstream(eml, std::ios::binary) << TakedownMessage("crash-" + id, urls);
    BOOST_REQUIRE(RunDmca({"--config", config, "ingest", eml}).exit_code == 0);
    auto ids = RunDmca({"--config", config, "cases", "--state", "pending_approval", "--ids"});
    BOOST_REQUIRE(!ids.out.empty());
    auto approve = RunDmca(
        {"--config", config, "approve", ids.out.substr(0, ids.out.find('\n')), "--as", "jdoe"});
    BOOST_REQUIRE_MESSAGE(approve.exit_code == 0, approve.err);
    // Kill runs at random instants until one finishes the round's queue on its own.
    std::string before = QueueState(tmp.path() + "/dmca.db");
    while (kills < KillPoints()) {
      ++runs;
      const pid_t pid = SpawnDmca({"--config", config, "execute"}, log);
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<int>(0, window_ms)(random)));
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        ++kills;
        const std::string after = QueueState(tmp.path() + "/dmca.db");
        window_ms =
            after == before ? std::min(window_ms * 3 / 2, 8000) : std::max(window_ms * 4 / 5, 200);
        before = after;
        continue;
      }
      BOOST_REQUIRE_MESSAGE(WIFEXITED(status), "execute died on its own");
      const int code = WEXITSTATUS(status);
      BOOST_REQUIRE_MESSAGE(code == 0 || code == 75, "execute exited " << code << "; see " << log);
      if (code == 0) break;
    }
  }
  auto last = RunDmca({"--config", config, "execute"});
  BOOST_REQUIRE_MESSAGE(last.exit_code == 0, last.out + last.err);
  BOOST_TEST_MESSAGE(kills << " kills over " << runs << " runs, " << titles.size() << " files");

  for (const auto& title : titles) {
    std::size_t deletions = 0;
    for (const auto& entry : wiki.DeletionLog(title)) deletions += entry.action == "delete";
    BOOST_TEST(deletions == 1u, title << " deleted " << deletions << " times");
    BOOST_TEST(!wiki.FileExists(title), title);
    BOOST_TEST(wiki.CreateProtection(title) == "sysop/infinity", title);
  }
  auto cases = RunDmca({"--config", config, "cases", "--json"});
  BOOST_REQUIRE(cases.exit_code == 0);
  std::size_t deleted = 0;
  auto list = Poco::JSON::Parser().parse(cases.out).extract<Poco::JSON::Array::Ptr>();
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto c = list->getObject(static_cast<unsigned>(i));
    BOOST_TEST(c->getValue<std::string>("state") == "executed");
    auto targets = c->getArray("targets");
    for (std::size_t t = 0; t < targets->size(); ++t) {
      auto target = targets->getObject(static_cast<unsigned>(t));
      if (target->getValue<bool>("in_scope")) {
        BOOST_TEST(target->getValue<std::string>("state") == "deleted");
        BOOST_TEST(!target->isNull("sha1"));
        deleted += 1;
      }
    }
  }
  BOOST_TEST(deleted == titles.size());
  auto audit = RunDmca({"--config", config, "audit", "verify"});
  BOOST_TEST(audit.exit_code == 0, audit.out + audit.err);
  BOOST_TEST(
      std::system(("test \"$(sqlite3 " + tmp.path() + "/dmca.db 'PRAGMA integrity_check')\" = ok")
                      .c_str()) == 0);
}

}  // namespace
}  // namespace dmca::testing
