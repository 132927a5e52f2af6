// `dmca tick` killed with SIGKILL at random instants (DMCA_CRASH_KILLS, default 100) while it
// restores files after accepted counter-notices and sends the letters through the real test
// Postfix, then run to the end: every file undeleted exactly once (counted in the wiki's
// deletion log), every letter delivered exactly once (counted by Message-ID in the recipients'
// mailboxes, read over IMAP), the audit trail intact and the store sound. A letter interrupted
// between the end of its data and the server's answer is "unconfirmed" (nobody can tell whether
// it went): the test settles it as staff would, by looking in the recipient's mailbox.
#define BOOST_TEST_MODULE clock_crash
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <thread>

#include "tests/integration/clock/story.h"
#include "tests/integration/mail/smtp_fixture.h"

namespace dmca::testing {
namespace {

int KillPoints() {
  const char* n = std::getenv("DMCA_CRASH_KILLS");
  return n && *n ? std::atoi(n) : 100;
}

// id -> (state, message_id, recipient) of every letter.
struct LetterRow {
  std::string state, message_id, to;
};
std::map<std::int64_t, LetterRow> Letters(const Story& s) {
  auto listed = Dmca(s, {"letters", "--json"});
  BOOST_REQUIRE_MESSAGE(listed.exit_code == 0, listed.err);
  auto list = Poco::JSON::Parser().parse(listed.out).extract<Poco::JSON::Array::Ptr>();
  std::map<std::int64_t, LetterRow> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto l = list->getObject(static_cast<unsigned>(i));
    out[l->getValue<std::int64_t>("id")] = {l->getValue<std::string>("state"),
                                            l->getValue<std::string>("message_id"),
                                            l->getValue<std::string>("to")};
  }
  return out;
}

std::size_t Delivered(const std::string& mailbox, const std::string& message_id) {
  return Count(smtp::FetchInbox(mailbox), "Message-ID: " + message_id);
}

BOOST_AUTO_TEST_CASE(sigkill_at_random_points_of_tick_then_run_to_the_end) {
  TestWiki wiki;
  Story s = NewStory(wiki, "crash");
  const std::string log = s.folder + "/tick.log";
  const unsigned seed = static_cast<unsigned>(
      std::chrono::system_clock::now().time_since_epoch().count() & 0xffffffff);
  BOOST_TEST_MESSAGE("seed " << seed << "; DMCA_CRASH_KILLS=" << KillPoints());
  std::mt19937 random(seed);
  int window_ms = 400;
  int kills = 0, runs = 0;
  const std::vector<std::string> tick = {"--config", s.config, "tick", "--now", kDay10};
  for (int round = 0; kills < KillPoints(); ++round) {
    BOOST_REQUIRE_MESSAGE(round < 30, "the kills do not land while work remains");
    // Three takedowns of two files each, three counter-notices accepted on day 1.
    for (int i = 0; i < 3; ++i) {
      ExecutedTakedown(wiki, s, "crash r" + std::to_string(round) + "c" + std::to_string(i), 2);
      Accepted(s, /*check=*/false);
    }
    while (kills < KillPoints()) {
      ++runs;
      const pid_t pid = SpawnDmca(tick, log);
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<int>(0, window_ms)(random)));
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        ++kills;
        continue;
      }
      BOOST_REQUIRE_MESSAGE(WIFEXITED(status), "tick died on its own; see " << log);
      const int code = WEXITSTATUS(status);
      // 1: a letter was found unconfirmed (settled below); 75: something to retry.
      BOOST_REQUIRE_MESSAGE(code == 0 || code == 1 || code == 75,
                            "tick exited " << code << "; see " << log);
      if (code == 0) break;
      window_ms = std::min(window_ms * 3 / 2, 6000);  // it finished early: aim later
    }
  }
  // To the end; unconfirmed letters settled as staff would, by looking in the mailbox.
  for (int attempt = 0; attempt < 5; ++attempt) {
    for (const auto& [id, l] : Letters(s)) {
      if (l.state != "unconfirmed") continue;
      std::this_thread::sleep_for(std::chrono::seconds(2));  // Postfix delivers asynchronously
      const bool there = Delivered(l.to, l.message_id) > 0;
      auto settled = Dmca(s, {"letters", there ? "confirm" : "resend", std::to_string(id), "--as",
                              "staff"});
      BOOST_REQUIRE_MESSAGE(settled.exit_code == 0, settled.out + settled.err);
    }
    auto last = Dmca(s, {"tick", "--now", kDay10});
    if (last.exit_code == 0) break;
    BOOST_REQUIRE_MESSAGE(attempt < 4, last.out + last.err);
  }
  BOOST_TEST_MESSAGE(kills << " kills over " << runs << " runs, " << s.names.size() << " files");

  for (const auto& name : s.names) {
    std::size_t restores = 0;
    for (const auto& entry : wiki.DeletionLog("File:" + name)) restores += entry.action == "restore";
    BOOST_TEST(restores == 1u, name << " restored " << restores << " times");
    BOOST_TEST(wiki.FileExists("File:" + name), name);
  }
  const auto letters = Letters(s);
  BOOST_TEST(letters.size() >= s.names.size());  // per counter-notice: copy + 2 restorations
  std::this_thread::sleep_for(std::chrono::seconds(3));
  for (const auto& [id, l] : letters) {
    BOOST_TEST(l.state == "sent", "letter " << id << " is " << l.state);
    BOOST_TEST(Delivered(l.to, l.message_id) == 1u, "letter " << id << " to " << l.to);
  }
  auto audit = Dmca(s, {"audit", "verify"});
  BOOST_TEST(audit.exit_code == 0, audit.out + audit.err);
  BOOST_TEST(std::system(("test \"$(sqlite3 " + s.folder +
                          "/dmca.db 'PRAGMA integrity_check')\" = ok")
                             .c_str()) == 0);
}

}  // namespace
}  // namespace dmca::testing
