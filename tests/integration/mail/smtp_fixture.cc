// The test Postfix and Dovecot as tests use them (smtp_fixture.h).
#include "tests/integration/mail/smtp_fixture.h"

#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <thread>

#include "pipeline/sources/imap_client.h"
#include "pipeline/sources/mail_transport.h"

namespace dmca::testing::smtp {
namespace {

using namespace dmca::pipeline;  // NOLINT: the IMAP client's names
using std::chrono::seconds;

std::string Quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

// DIR/env of the running test Postfix: key=value lines.
const std::map<std::string, std::string>& Env() {
  static const std::map<std::string, std::string> env = [] {
    const char* dir = std::getenv("DMCA_TEST_SMTP_DIR");
    if (dir == nullptr) {
      throw std::runtime_error(
          "DMCA_TEST_SMTP_DIR is not set: run through ctest (fixture smtp) or start "
          "scripts/postfix-test-server.sh yourself (see this file's header)");
    }
    std::ifstream in(std::string(dir) + "/env");
    if (!in) throw std::runtime_error(std::string("no test Postfix in ") + dir);
    std::map<std::string, std::string> values;
    for (std::string line; std::getline(in, line);) {
      std::size_t eq = line.find('=');
      if (eq != std::string::npos) values[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return values;
  }();
  return env;
}

std::string Get(const std::string& key) { return Env().at(key); }
int Port(const std::string& key) { return std::stoi(Get(key)); }

// An address no other test (nor an earlier run) uses, with a mailbox one can log in to.
std::string NewMailbox(const std::string& what, const std::string& domain) {
  static int counter = 0;
  std::string address = what + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) +
                        "@" + domain;
  std::string command = Quote(std::string(DMCA_SOURCE_DIR) + "/scripts/dovecot-test-server.sh") +
                        " adduser " + Quote(Get("dovecot_dir")) + " " + Quote(address) +
                        " mailbox-pw";
  int status = std::system(command.c_str());
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("adduser failed for " + address);
  }
  return address;
}

// Every message in the address's INBOX, over IMAPS from the test Dovecot (the project's client);
// nullopt while the login fails (Dovecot learns of a new mailbox user within a second).
static std::optional<std::vector<std::string>> TryFetchInbox(const std::string& address) {
  MailServerOptions options;
  options.host = "127.0.0.1";
  options.port = Port("imaps_port");
  options.tls = TlsMode::kImplicit;
  options.ca_file = Get("dovecot_ca_file");
  options.user = address;
  options.password = "mailbox-pw";
  options.timeout = std::chrono::milliseconds(10'000);
  auto socket = mail_internal::Connect(options, 993);
  BOOST_REQUIRE_MESSAGE(socket.ok(), socket.status().ToString());
  imap::Client client(*socket);
  BOOST_REQUIRE(client.Greeting().ok());
  using imap::Arg;
  auto login = client.Command({Arg::Atom("LOGIN"), Arg::String(address), Arg::String("mailbox-pw")},
                              "mailbox-pw");
  BOOST_REQUIRE(login.ok());
  if (login->result != imap::Reply::Result::kOk) return std::nullopt;
  auto select = client.Command({Arg::Atom("SELECT"), Arg::Atom("INBOX")});
  BOOST_REQUIRE(select.ok() && select->result == imap::Reply::Result::kOk);
  auto fetch = client.Command(
      {Arg::Atom("UID"), Arg::Atom("FETCH"), Arg::Atom("1:*"), Arg::Atom("(UID BODY.PEEK[])")});
  BOOST_REQUIRE(fetch.ok() && fetch->result == imap::Reply::Result::kOk);
  std::vector<std::string> messages;
  for (const imap::Response& response : fetch->untagged) {
    std::vector<imap::Token> tokens = imap::Tokenize(response);
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (tokens[i].value != "UID") continue;
      if (auto body = imap::FetchedBody(response, tokens[i + 1].value)) {
        messages.push_back(*body);
      }
      break;
    }
  }
  (void)client.Command({Arg::Atom("LOGOUT")});
  client.Close();
  return messages;
}

std::vector<std::string> FetchInbox(const std::string& address) {
  auto deadline = std::chrono::steady_clock::now() + seconds(5);
  std::optional<std::vector<std::string>> messages = TryFetchInbox(address);
  while (!messages && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    messages = TryFetchInbox(address);
  }
  BOOST_REQUIRE_MESSAGE(messages.has_value(), "IMAP login as " + address);
  return *messages;
}

// Delivery is asynchronous (Postfix's queue, then LMTP): waits until `count` messages are there.
std::vector<std::string> AwaitInbox(const std::string& address, std::size_t count) {
  auto deadline = std::chrono::steady_clock::now() + seconds(30);
  std::vector<std::string> messages = FetchInbox(address);
  while (messages.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    messages = FetchInbox(address);
  }
  return messages;
}

}  // namespace dmca::testing::smtp
