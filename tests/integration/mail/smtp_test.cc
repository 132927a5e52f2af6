// Letters out through a real Postfix (scripts/postfix-test-server.sh, CTest fixture `smtp`),
// which delivers over LMTP into the test Dovecot's Maildirs; every letter is read back over
// IMAP. By hand:
//   scripts/dovecot-test-server.sh start /tmp/smtp/dovecot auto
//   scripts/postfix-test-server.sh start /tmp/smtp/postfix auto /tmp/smtp/dovecot
//   DMCA_TEST_SMTP_DIR=/tmp/smtp/postfix build/tests/integration/mail/test_integration_smtp
#define BOOST_TEST_MODULE smtp_transport
#define BOOST_TEST_NO_MAIN
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/SocketAddress.h"
#include "pipeline/notify/transport.h"
#include "pipeline/sources/imap_client.h"
#include "pipeline/sources/mail_transport.h"
#include "tests/integration/mail/smtp_fixture.h"

namespace dmca {
inline std::ostream& operator<<(std::ostream& out, Status::Code code) {
  return out << Status::CodeName(code);
}
}  // namespace dmca

namespace dmca::pipeline::notify {
namespace {

using std::chrono::seconds;

using testing::smtp::AwaitInbox;
using testing::smtp::FetchInbox;
using testing::smtp::Get;
using testing::smtp::NewMailbox;
using testing::smtp::Port;

SmtpConfig Submission(SmtpTls tls = SmtpTls::kStartTls) {
  SmtpConfig config;
  config.host = Get("host");
  config.port = Port(tls == SmtpTls::kImplicit ? "submissions_port" : "submission_port");
  config.tls = tls;
  config.user = Get("user");
  config.password = Get("password");
  config.ca_file = Get("ca_file");
  config.timeout = seconds(15);
  return config;
}

std::unique_ptr<MailTransport> Open(const SmtpConfig& config) {
  auto transport = OpenSmtp(config);
  BOOST_REQUIRE_MESSAGE(transport.ok(), transport.status().ToString());
  return std::move(transport).value();
}

// A letter with what a transfer must keep byte for byte: an encoded-word and a folded header,
// lines that start with "." and a line that is only "." (dot-stuffing, RFC 5321 §4.5.2), 8-bit
// text (8BITMIME), a long line.
OutgoingMail Letter(const std::vector<std::string>& to, const std::string& tag) {
  static int counter = 0;
  OutgoingMail mail;
  mail.message_id = "<letter-" + tag + "-" + std::to_string(::getpid()) + "." +
                    std::to_string(++counter) + "@dmca.wikimedia.org>";
  mail.envelope_from = "legal@wikimedia.org";
  mail.recipients = to;
  std::string data;
  data += "From: Wikimedia Foundation Legal <legal@wikimedia.org>\r\n";
  data += "To: " + to.front() + "\r\n";
  if (to.size() > 1) data += "Cc: " + to[1] + "\r\n";
  data += "Date: Tue, 01 Dec 2026 23:10:00 +0000\r\n";
  data += "Message-ID: " + mail.message_id + "\r\n";
  data += "Subject: =?UTF-8?Q?Counter-notice_received_=E2=80=94_case_" + tag + "?=\r\n";
  data += "X-DMCA-Case: " + tag + "\r\n";
  data += "References: <notice-1@example.org>\r\n <notice-2@example.org>\r\n";
  data += "MIME-Version: 1.0\r\n";
  data += "Content-Type: text/plain; charset=utf-8\r\n";
  data += "Content-Transfer-Encoding: 8bit\r\n\r\n";
  data += "Dear Rights Holder,\r\n";
  data += ".leading dot\r\n";
  data += ".\r\n";
  data += "..two dots\r\n";
  data +=
      "Caf\xc3\xa9 \xe2\x80\x94 17 U.S.C. \xc2\xa7"
      "512(g)(2)(B)\r\n";
  data += std::string(900, 'x') + "\r\n";
  data += "--\r\nWikimedia Foundation\r\n";
  mail.data = std::move(data);
  return mail;
}

// BeforeCommit that counts its calls.
struct Commit {
  int calls = 0;
  Status result = Status::Ok();
  BeforeCommit Fn() {
    return [this] {
      ++calls;
      return result;
    };
  }
};

// Sends `later` to `to`, then checks that it is the only letter there, half a second after it
// arrived: what was refused or abandoned before it never arrives.
void ExpectOnlyLetter(MailTransport& transport, const std::string& to, const OutgoingMail& later) {
  Commit ok;
  BOOST_REQUIRE(transport.Send(later, ok.Fn()).ok());
  AwaitInbox(to, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::vector<std::string> inbox = FetchInbox(to);
  BOOST_REQUIRE_EQUAL(inbox.size(), 1u);
  BOOST_CHECK(inbox[0].ends_with(later.data));
}

BOOST_AUTO_TEST_CASE(starttls_letter_arrives_byte_exact_for_every_recipient) {
  const std::string to = NewMailbox("rights");
  const std::string cc = NewMailbox("uploader", "example.com");
  OutgoingMail mail = Letter({to, cc}, "starttls");
  auto transport = Open(Submission(SmtpTls::kStartTls));
  int calls = 0;
  Status sent = transport->Send(mail, [&] {
    ++calls;
    // At the commit point the letter is all on the server but not yet accepted.
    BOOST_CHECK(FetchInbox(to).empty());
    return Status::Ok();
  });
  BOOST_REQUIRE_MESSAGE(sent.ok(), sent.ToString());
  BOOST_CHECK_EQUAL(calls, 1);
  for (const std::string& address : {to, cc}) {
    std::vector<std::string> inbox = AwaitInbox(address, 1);
    BOOST_REQUIRE_EQUAL(inbox.size(), 1u);
    // Postfix and Dovecot only prepend their trace headers (Return-Path, Delivered-To,
    // Received); the letter itself, headers and body, arrives unchanged and un-stuffed.
    BOOST_CHECK_MESSAGE(inbox[0].ends_with(mail.data), inbox[0]);
    BOOST_CHECK(inbox[0].find("Return-Path: <legal@wikimedia.org>") != std::string::npos);
  }
}

// The submissions port offers AUTH LOGIN only (the submission port PLAIN first).
BOOST_AUTO_TEST_CASE(implicit_tls_to_an_address_literal_with_auth_login) {
  const std::string to = NewMailbox("implicit");
  OutgoingMail mail = Letter({to}, "implicit");
  SmtpConfig config = Submission(SmtpTls::kImplicit);
  config.host = "127.0.0.1";  // the certificate names it as an iPAddress
  auto transport = Open(config);
  Commit commit;
  Status sent = transport->Send(mail, commit.Fn());
  BOOST_REQUIRE_MESSAGE(sent.ok(), sent.ToString());
  BOOST_CHECK_EQUAL(commit.calls, 1);
  std::vector<std::string> inbox = AwaitInbox(to, 1);
  BOOST_REQUIRE_EQUAL(inbox.size(), 1u);
  BOOST_CHECK(inbox[0].ends_with(mail.data));
  BOOST_CHECK(transport->Describe().find(Get("password")) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_certificate_from_another_authority_is_refused) {
  const std::string to = NewMailbox("wrongca");
  for (SmtpTls tls : {SmtpTls::kStartTls, SmtpTls::kImplicit}) {
    SmtpConfig config = Submission(tls);
    config.ca_file = Get("dovecot_ca_file");  // a real CA file, just not the one that signed
    Commit commit;
    Status sent = Open(config)->Send(Letter({to}, "wrongca"), commit.Fn());
    BOOST_CHECK_EQUAL(sent.code(), Status::Code::kFailedPrecondition);
    BOOST_CHECK_MESSAGE(sent.message().find("certificate") != std::string::npos, sent.message());
    BOOST_CHECK(sent.message().find(Get("password")) == std::string::npos);
    BOOST_CHECK_EQUAL(commit.calls, 0);
  }
}

BOOST_AUTO_TEST_CASE(a_wrong_password_is_refused_and_never_repeated) {
  const std::string to = NewMailbox("wrongpw");
  for (SmtpTls tls : {SmtpTls::kStartTls, SmtpTls::kImplicit}) {
    SmtpConfig config = Submission(tls);
    config.password = "not-the-" + config.password;
    Commit commit;
    Status sent = Open(config)->Send(Letter({to}, "wrongpw"), commit.Fn());
    BOOST_CHECK_EQUAL(sent.code(), Status::Code::kFailedPrecondition);
    BOOST_CHECK_MESSAGE(sent.message().find("535") != std::string::npos, sent.message());
    BOOST_CHECK(sent.message().find(config.password) == std::string::npos);
    BOOST_CHECK_EQUAL(commit.calls, 0);
  }
}

BOOST_AUTO_TEST_CASE(a_failing_before_commit_delivers_nothing) {
  const std::string to = NewMailbox("abandoned");
  auto transport = Open(Submission());
  OutgoingMail abandoned = Letter({to}, "abandoned");
  Commit failing;
  failing.result = Status::IOError("the store could not record the attempt");
  Status sent = transport->Send(abandoned, failing.Fn());
  BOOST_CHECK_EQUAL(sent.code(), Status::Code::kIOError);
  BOOST_CHECK_EQUAL(sent.message(), "the store could not record the attempt");
  BOOST_CHECK_EQUAL(failing.calls, 1);
  // A later letter to the same mailbox arrives, alone: the first never will.
  ExpectOnlyLetter(*transport, to, Letter({to}, "later"));
}

BOOST_AUTO_TEST_CASE(a_refusal_after_the_final_dot_comes_after_before_commit) {
  // The server reads the whole letter, then answers the "." with 554 or 451: BeforeCommit has
  // run (the letter might have gone), and the Status says it did not.
  const std::string to = NewMailbox("atend");
  auto transport = Open(Submission());
  for (auto [sender, code, words] :
       {std::tuple("refuse-at-end@example.org", Status::Code::kFailedPrecondition, "554 5.7.1"),
        std::tuple("defer-at-end@example.org", Status::Code::kUnavailable, "451 4.3.0")}) {
    OutgoingMail mail = Letter({to}, "atend");
    mail.envelope_from = sender;
    Commit commit;
    Status sent = transport->Send(mail, commit.Fn());
    BOOST_CHECK_EQUAL(sent.code(), code);
    BOOST_CHECK_MESSAGE(sent.message().find(words) != std::string::npos, sent.message());
    BOOST_CHECK_EQUAL(commit.calls, 1);
  }
  ExpectOnlyLetter(*transport, to, Letter({to}, "atend-later"));
}

BOOST_AUTO_TEST_CASE(a_server_that_is_down_is_unavailable) {
  int port = 0;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    port = probe.address().port();
  }  // closed: nothing listens there now
  SmtpConfig config = Submission();
  config.host = "127.0.0.1";
  config.port = port;
  Commit commit;
  Status sent = Open(config)->Send(Letter({"rights@example.org"}, "down"), commit.Fn());
  BOOST_CHECK_EQUAL(sent.code(), Status::Code::kUnavailable);
  BOOST_CHECK(sent.Retryable());
  BOOST_CHECK(sent.message().find(config.password) == std::string::npos);
  BOOST_CHECK_EQUAL(commit.calls, 0);
}

BOOST_AUTO_TEST_CASE(a_server_that_never_answers_times_out_unavailable) {
  // Accepts connections (the kernel's backlog) but never says a word.
  Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0));
  SmtpConfig config = Submission();
  config.host = "127.0.0.1";
  config.port = silent.address().port();
  config.timeout = seconds(1);
  Commit commit;
  auto start = std::chrono::steady_clock::now();
  Status sent = Open(config)->Send(Letter({"rights@example.org"}, "silent"), commit.Fn());
  BOOST_CHECK_EQUAL(sent.code(), Status::Code::kUnavailable);
  BOOST_CHECK_LT(std::chrono::steady_clock::now() - start, seconds(10));
  BOOST_CHECK_EQUAL(commit.calls, 0);
}

BOOST_AUTO_TEST_CASE(starttls_required_and_not_offered_is_refused) {
  // The relay port offers no STARTTLS: the letter is not sent in plain text instead.
  SmtpConfig config;
  config.host = "127.0.0.1";
  config.port = Port("relay_port");
  config.tls = SmtpTls::kStartTls;
  config.ca_file = Get("ca_file");
  Commit commit;
  const std::string to = NewMailbox("nostarttls");
  Status sent = Open(config)->Send(Letter({to}, "nostarttls"), commit.Fn());
  BOOST_CHECK_EQUAL(sent.code(), Status::Code::kFailedPrecondition);
  BOOST_CHECK_MESSAGE(sent.message().find("STARTTLS") != std::string::npos, sent.message());
  BOOST_CHECK_EQUAL(commit.calls, 0);
  // AUTH wanted where none is offered is refused the same way, before any letter.
  config.tls = SmtpTls::kNone;
  config.user = Get("user");
  config.password = Get("password");
  sent = Open(config)->Send(Letter({to}, "noauth"), commit.Fn());
  BOOST_CHECK_EQUAL(sent.code(), Status::Code::kFailedPrecondition);
  BOOST_CHECK_MESSAGE(sent.message().find("AUTH") != std::string::npos, sent.message());
  BOOST_CHECK_EQUAL(commit.calls, 0);
}

BOOST_AUTO_TEST_CASE(plain_text_to_a_loopback_relay_is_delivered) {
  SmtpConfig config;
  config.host = "127.0.0.1";
  config.port = Port("relay_port");
  config.tls = SmtpTls::kNone;
  const std::string to = NewMailbox("relay");
  OutgoingMail mail = Letter({to}, "relay");
  Commit commit;
  Status sent = Open(config)->Send(mail, commit.Fn());
  BOOST_REQUIRE_MESSAGE(sent.ok(), sent.ToString());
  BOOST_CHECK_EQUAL(commit.calls, 1);
  std::vector<std::string> inbox = AwaitInbox(to, 1);
  BOOST_REQUIRE_EQUAL(inbox.size(), 1u);
  BOOST_CHECK(inbox[0].ends_with(mail.data));
}

BOOST_AUTO_TEST_CASE(replies_map_to_retry_or_refusal_with_the_servers_words) {
  auto transport = Open(Submission());
  Commit commit;
  Status deferred = transport->Send(Letter({"defer@example.org"}, "defer"), commit.Fn());
  BOOST_CHECK_EQUAL(deferred.code(), Status::Code::kUnavailable);
  BOOST_CHECK_MESSAGE(deferred.message().find("450 4.2.1") != std::string::npos &&
                          deferred.message().find("Mailbox busy") != std::string::npos,
                      deferred.message());
  Status refused = transport->Send(Letter({"refuse@example.org"}, "refuse"), commit.Fn());
  BOOST_CHECK_EQUAL(refused.code(), Status::Code::kFailedPrecondition);
  BOOST_CHECK_MESSAGE(refused.message().find("550 5.7.1") != std::string::npos, refused.message());
  // Not on the submission port before STARTTLS: 530, a permanent refusal.
  SmtpConfig plain = Submission();
  plain.tls = SmtpTls::kNone;
  plain.host = "127.0.0.1";
  plain.user.clear();
  plain.password.clear();
  Status must_tls = Open(plain)->Send(Letter({"rights@example.org"}, "plain"), commit.Fn());
  BOOST_CHECK_EQUAL(must_tls.code(), Status::Code::kFailedPrecondition);
  BOOST_CHECK_MESSAGE(must_tls.message().find("530") != std::string::npos, must_tls.message());
  BOOST_CHECK_EQUAL(commit.calls, 0);

  // One refused recipient stops the letter for all: the good one gets nothing either.
  const std::string good = NewMailbox("allornone");
  Status mixed = transport->Send(Letter({good, "refuse@example.org"}, "mixed"), commit.Fn());
  BOOST_CHECK_EQUAL(mixed.code(), Status::Code::kFailedPrecondition);
  BOOST_CHECK_EQUAL(commit.calls, 0);
  ExpectOnlyLetter(*transport, good, Letter({good}, "after"));
}

}  // namespace
}  // namespace dmca::pipeline::notify

// Postfix's master must start as root; elsewhere the suite says so and is skipped (CTest
// SKIP_RETURN_CODE 77), as the fixture's start is.
int main(int argc, char* argv[]) {
  if (::geteuid() != 0) {
    std::printf("skipped: the test Postfix (scripts/postfix-test-server.sh) needs root\n");
    return 77;
  }
  return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}
