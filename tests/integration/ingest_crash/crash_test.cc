// Crash safety of ingestion: `dmca ingest` (Maildir, mbox) and `dmca fetch imap` (a real
// Dovecot) are killed with SIGKILL at random instants, over and over, while new mail keeps
// arriving; then run to the end. After every kill the store passes PRAGMA integrity_check, holds
// no message twice, and holds every message its source was told is done (a Maildir file in cur/,
// an IMAP message flagged \Seen); at the end every message is stored exactly once, none is lost
// and every Maildir file is still there.
//
// DMCA_CRASH_KILLS (default 200) sets the kills per source; the seed is printed (and taken from
// DMCA_CRASH_SEED) so a failure can be replayed. The kill window follows the work: it is the
// recent duration of an uninterrupted run, so kills land in start-up, reading, understanding,
// the group commit and the source commits on a fast or a loaded machine alike.
#define BOOST_TEST_MODULE integration_ingest_crash
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "tests/integration/mail/dovecot_fixture.h"
#include "tests/integration/run.h"

namespace dmca::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

int Kills() {
  const char* env = std::getenv("DMCA_CRASH_KILLS");
  return env ? std::max(1, std::atoi(env)) : 200;
}

unsigned Seed() {
  const char* env = std::getenv("DMCA_CRASH_SEED");
  return env ? static_cast<unsigned>(std::strtoul(env, nullptr, 10)) : std::random_device()();
}

// A small takedown: its own Message-ID, a Wikimedia URL, enough text to be understood.
std::string Notice(int n) {
  std::ostringstream m;
  m << "From: Rights Holder " << n << " <rights" << n << "@studio" << n % 7 << ".example>\r\n"
    << "To: legal@wikimedia.org\r\nSubject: DMCA notice " << n << "\r\n"
    << "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <crash-" << n << "@test.example>\r\n"
    << "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    << "The photograph at https://commons.wikimedia.org/wiki/File:Crash_" << n
    << ".jpg is my work, copied without permission.\r\nI have a good faith belief that the use "
       "is not authorized by the copyright owner, its agent, or the law.\r\nThe information in "
       "this notice is accurate, and under penalty of perjury I am authorized to act on behalf "
       "of the owner.\r\n/s/ Rights Holder "
    << n << "\r\n";
  return m.str();
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Maildir delivery as an MTA does it: written in tmp/, then renamed into new/; owned by
// `owner` ("uid:gid", the Dovecot fixture's mail owner) when given.
void DeliverMaildir(const fs::path& maildir, const std::string& name, const std::string& bytes,
                    const std::string& owner = "") {
  WriteFile(maildir / "tmp" / name, bytes);
  if (!owner.empty()) {
    const auto colon = owner.find(':');
    BOOST_REQUIRE(chown((maildir / "tmp" / name).c_str(),
                        static_cast<uid_t>(std::stoul(owner.substr(0, colon))),
                        static_cast<gid_t>(std::stoul(owner.substr(colon + 1)))) == 0);
  }
  fs::rename(maildir / "tmp" / name, maildir / "new" / name);
}

std::string MessageIdOf(const std::string& bytes) {
  const auto at = bytes.find("Message-ID: ");
  return bytes.substr(at + 12, bytes.find("\r\n", at) - at - 12);
}

// What the store holds, read by a connection of its own (what a crash left durable).
struct StoreState {
  std::string integrity;
  std::multiset<std::string> message_ids;
};

StoreState ReadStore(const std::string& path) {
  StoreState state;
  if (!fs::exists(path)) return state;
  Poco::Data::SQLite::Connector::registerConnector();
  Poco::Data::Session session("SQLite", path);
  session << "PRAGMA integrity_check", into(state.integrity), now;
  std::vector<std::string> ids;
  try {
    session << "SELECT message_id FROM cases", into(ids), now;
  } catch (const std::exception&) {  // killed before the schema was committed: no cases yet
  }
  state.message_ids.insert(ids.begin(), ids.end());
  return state;
}

// Runs dmca with `args` in `cwd` and SIGKILLs it after `delay` unless it ended first.
// Returns true when the kill landed (the process was still running).
bool RunAndKill(const std::vector<std::string>& args, const std::string& cwd,
                std::chrono::microseconds delay, std::chrono::microseconds* completed_in) {
  const auto start = Clock::now();
  const pid_t pid = fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(127);
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    std::vector<char*> argv{const_cast<char*>(DMCA_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(DMCA_BINARY, argv.data());
    _exit(127);
  }
  int status = 0;
  const auto deadline = start + delay;
  while (Clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      *completed_in = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
      BOOST_TEST_REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0),
                         "an uninterrupted run succeeds, status " << status);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return true;
  *completed_in = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  BOOST_TEST_REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0), "status " << status);
  return false;
}

// One source under fire: `deliver(n)` adds message n (and returns its bytes), `committed()`
// lists the Message-IDs the source was told are done, `finish()` checks the source at the end.
struct Scenario {
  std::string name;
  std::vector<std::string> args;  // the dmca command
  std::function<void(int n, const std::string& bytes)> deliver;
  std::function<std::set<std::string>()> committed;
  std::function<void(std::size_t delivered_files)> finish;
};

void Fire(const Scenario& s, const std::string& dir) {
  const unsigned seed = Seed();
  BOOST_TEST_MESSAGE(s.name << ": seed " << seed << ", " << Kills() << " kills");
  std::mt19937 random(seed);
  std::set<std::string> delivered_ids;
  std::size_t files = 0;
  int next = 0;
  auto deliver = [&](int count) {
    for (int i = 0; i < count; ++i) {
      // One in ten is a copy of an earlier message (a resent notice): still one case.
      const int n = next > 0 && random() % 10 == 0 ? static_cast<int>(random() % next) : next++;
      const std::string bytes = Notice(n);
      s.deliver(n, bytes);
      delivered_ids.insert(MessageIdOf(bytes));
      ++files;
    }
  };
  const std::string store = dir + "/dmca.db";
  std::chrono::microseconds window(300'000);
  int kills = 0, completions = 0;
  for (int round = 0; kills < Kills() && round < 4 * Kills(); ++round) {
    // Now and then a burst larger than a batch (256), so kills land between group commits.
    deliver(round % 40 == 39 ? 300 : 1 + static_cast<int>(random() % 4));
    const auto delay = std::chrono::microseconds(random() % window.count());
    std::chrono::microseconds took{0};
    if (RunAndKill(s.args, dir, delay, &took)) {
      ++kills;
    } else {
      ++completions;
      // The window follows the work: a little past what an uninterrupted run now takes.
      window = std::max(std::chrono::microseconds(20'000), (window + took * 3 / 2) / 2);
    }
    const StoreState state = ReadStore(store);
    if (!state.integrity.empty()) BOOST_TEST_REQUIRE(state.integrity == "ok", s.name);
    for (const auto& id : state.message_ids) {
      BOOST_TEST_REQUIRE(state.message_ids.count(id) == 1u, s.name << ": " << id << " stored twice");
    }
    for (const auto& id : s.committed()) {
      BOOST_TEST_REQUIRE(state.message_ids.count(id) == 1u,
                         s.name << ": " << id << " was committed to its source but not stored");
    }
  }
  BOOST_TEST_MESSAGE(s.name << ": " << kills << " kills, " << completions << " runs completed, "
                            << delivered_ids.size() << " distinct messages in " << files
                            << " deliveries, window " << window.count() / 1000 << " ms");
  BOOST_TEST(kills >= Kills());

  const RunResult last = RunDmca(s.args, dir);
  BOOST_TEST_REQUIRE(last.exit_code == 0, last.out << last.err);
  const StoreState state = ReadStore(store);
  BOOST_TEST_MESSAGE(s.name << ": the last run: " << last.out);
  BOOST_TEST(state.integrity == "ok");
  BOOST_TEST(state.message_ids.size() == delivered_ids.size());  // exactly once each
  BOOST_TEST((std::set<std::string>(state.message_ids.begin(), state.message_ids.end()) ==
              delivered_ids));
  BOOST_TEST(s.committed() == delivered_ids);
  s.finish(files);
}

std::set<std::string> IdsOfFiles(const fs::path& folder) {
  std::set<std::string> ids;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    ids.insert(MessageIdOf(bytes.str()));
  }
  return ids;
}

std::size_t CountFiles(const fs::path& folder) {
  std::error_code error;
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(folder, error), {}));
}

void WriteConfig(const std::string& dir, const std::string& extra = "") {
  std::ofstream(dir + "/dmca.conf") << "[store]\npath = " << dir << "/dmca.db\n" << extra;
}

BOOST_AUTO_TEST_CASE(maildir_survives_sigkill_anywhere) {
  TempDir dir;
  const fs::path maildir = fs::path(dir.path()) / "intake";
  for (const char* sub : {"new", "cur", "tmp"}) fs::create_directories(maildir / sub);
  WriteConfig(dir.path());
  int file = 0;
  Scenario s;
  s.name = "Maildir";
  s.args = {"ingest", maildir.string()};
  s.deliver = [&](int n, const std::string& bytes) {
    DeliverMaildir(maildir, "17330" + std::to_string(++file) + ".M" + std::to_string(n) + ".crash",
                   bytes);
  };
  s.committed = [&] { return IdsOfFiles(maildir / "cur"); };
  s.finish = [&](std::size_t delivered_files) {
    BOOST_TEST(CountFiles(maildir / "new") == 0u);
    BOOST_TEST(CountFiles(maildir / "cur") == delivered_files);  // every file still there
  };
  Fire(s, dir.path());
}

BOOST_AUTO_TEST_CASE(mbox_survives_sigkill_anywhere) {
  TempDir dir;
  const std::string mbox = dir.path() + "/legal.mbox";
  WriteFile(mbox, "");
  WriteConfig(dir.path());
  std::string written;
  Scenario s;
  s.name = "mbox";
  s.args = {"ingest", mbox};
  s.deliver = [&](int, const std::string& bytes) {
    std::string entry = "From rights@studio.example Mon Nov 23 10:00:00 2026\n" + bytes + "\n";
    written += entry;
    std::ofstream(mbox, std::ios::binary | std::ios::app) << entry;
  };
  // An mbox is never changed: "committed" is whatever the store holds.
  s.committed = [&] {
    const StoreState state = ReadStore(dir.path() + "/dmca.db");
    return std::set<std::string>(state.message_ids.begin(), state.message_ids.end());
  };
  s.finish = [&](std::size_t) {
    std::ifstream in(mbox, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    BOOST_TEST((bytes.str() == written));  // the mailbox is left exactly as delivered
  };
  Fire(s, dir.path());
}

BOOST_AUTO_TEST_CASE(imap_fetch_survives_sigkill_anywhere) {
  DovecotServer server;
  TempDir dir;
  std::ofstream(dir.path() + "/secret") << server.password() << "\n";
  WriteConfig(dir.path(), "[imap]\nhost = 127.0.0.1\nport = " +
                              std::to_string(server.imap_port()) + "\ntls = none\nuser = " +
                              server.user() + "\npassword_file = " + dir.path() + "/secret\n");
  const fs::path maildir = fs::path(server.dir()) / "mail" / server.user();
  std::string owner;
  std::getline(std::ifstream(server.dir() + "/mail_owner"), owner);
  int file = 0;
  Scenario s;
  s.name = "IMAP";
  s.args = {"fetch", "imap"};
  s.deliver = [&](int n, const std::string& bytes) {
    // The fixture's own delivery makes the folders, with the mail owner's rights, the first time.
    if (file++ == 0) {
      server.Deliver(bytes);
      return;
    }
    DeliverMaildir(maildir, "17330" + std::to_string(file) + ".M" + std::to_string(n) + ".crash",
                   bytes, owner);
  };
  // \Seen is the after-commit flag: Dovecot writes it into the file name (":2,S").
  s.committed = [&] {
    std::set<std::string> ids;
    for (const auto& entry : fs::directory_iterator(maildir / "cur")) {
      const std::string name = entry.path().filename().string();
      const auto info = name.find(":2,");
      if (info == std::string::npos || name.find('S', info) == std::string::npos) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      ids.insert(MessageIdOf(bytes.str()));
    }
    return ids;
  };
  s.finish = [&](std::size_t delivered_files) {
    BOOST_TEST(server.Files().size() == delivered_files);  // flagged, never deleted
  };
  Fire(s, dir.path());
}

}  // namespace
}  // namespace dmca::testing
