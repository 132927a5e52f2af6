// `dmca fetch pop3|imap` as staff run it: a configuration file, a password file, a real Dovecot.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/integration/mail/dovecot_fixture.h"
#include "tests/integration/run.h"

namespace dmca::testing {
namespace {

std::string Sample() {
  std::ifstream in(std::string(DMCA_SOURCE_DIR) +
                       "/samples/maildir/new/1732441001.M1P100.intake.complete-attached.eml",
                   std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A configuration for `protocol` on `port` (implicit TLS, the test CA) in `dir`.
void WriteConfig(const DovecotServer& server, const std::string& dir, const std::string& protocol,
                 int port, const std::string& password, const std::string& extra) {
  std::ofstream(dir + "/secret") << password << "\n";
  std::ofstream(dir + "/dmca.conf") << "[store]\npath = " << dir << "/dmca.db\n[" << protocol
                                    << "]\nhost = 127.0.0.1\nport = " << port
                                    << "\ntls = implicit\nca_file = " << server.ca_file()
                                    << "\nuser = " << server.user() << "\npassword_file = " << dir
                                    << "/secret\n"
                                    << extra;
}

BOOST_AUTO_TEST_CASE(fetch_imaps_takes_each_message_once_and_flags_it) {
  DovecotServer server;
  server.Deliver(Sample());
  TempDir dir;
  WriteConfig(server, dir.path(), "imap", server.imaps_port(), server.password(), "");
  RunResult r = RunDmca({"fetch", "imap"}, dir.path());
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("1 read, 1 new") != std::string::npos, r.out);
  r = RunDmca({"fetch", "imap"}, dir.path());
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find(" 0 new") != std::string::npos, r.out);
  BOOST_TEST(RunDmca({"cases", "--kind", "takedown", "--ids"}, dir.path()).out == "1\n");
  BOOST_TEST(server.Files().size() == 1u);  // flagged, never deleted
}

BOOST_AUTO_TEST_CASE(fetch_pop3s_deletes_only_after_the_commit_when_configured) {
  DovecotServer server;
  server.Deliver(Sample());
  TempDir dir;
  WriteConfig(server, dir.path(), "pop3", server.pop3s_port(), server.password(),
              "delete_after_commit = true\n");
  const RunResult r = RunDmca({"fetch", "pop3"}, dir.path());
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("1 new") != std::string::npos, r.out);
  BOOST_TEST(server.Files().empty());
  BOOST_TEST(RunDmca({"cases", "--ids"}, dir.path()).out == "1\n");
}

BOOST_AUTO_TEST_CASE(a_refused_password_is_a_clear_error_that_never_shows_it) {
  DovecotServer server;
  TempDir dir;
  const std::string wrong = "wrong-Pa55word-xyz";
  WriteConfig(server, dir.path(), "imap", server.imaps_port(), wrong, "");
  const RunResult r = RunDmca({"fetch", "imap"}, dir.path());
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(!r.err.empty());
  BOOST_TEST(r.err.find(wrong) == std::string::npos, r.err);
  BOOST_TEST(r.out.find(wrong) == std::string::npos, r.out);
}

}  // namespace
}  // namespace dmca::testing
