// What OpenSmtp accepts, and what it says about itself, before any server is involved.
#include <boost/test/unit_test.hpp>

#include "pipeline/notify/transport.h"

namespace dmca::pipeline::notify {
namespace {

SmtpConfig Config(std::string host, SmtpTls tls) {
  SmtpConfig config;
  config.host = std::move(host);
  config.tls = tls;
  return config;
}

BOOST_AUTO_TEST_CASE(plain_text_only_to_this_machine) {
  // RFC 8314 §1: a letter, and a password, must not cross the network in the clear.
  for (const char* host : {"localhost", "127.0.0.1", "127.0.0.53", "::1"}) {
    BOOST_CHECK_MESSAGE(OpenSmtp(Config(host, SmtpTls::kNone)).ok(), host);
  }
  for (const char* host : {"smtp.wikimedia.org", "10.0.0.1", "128.0.0.1", "localhost.evil.com",
                           "127.0.0.1.evil.com", "127.evil.com"}) {
    auto transport = OpenSmtp(Config(host, SmtpTls::kNone));
    BOOST_CHECK_MESSAGE(!transport.ok(), host);
    BOOST_CHECK(transport.status().code() == Status::Code::kInvalidArgument);
  }
  BOOST_CHECK(OpenSmtp(Config("smtp.wikimedia.org", SmtpTls::kStartTls)).ok());
}

BOOST_AUTO_TEST_CASE(a_configuration_that_cannot_work_is_refused_at_once) {
  BOOST_CHECK(!OpenSmtp(Config("", SmtpTls::kStartTls)).ok());
  SmtpConfig port = Config("mx.example.org", SmtpTls::kStartTls);
  port.port = 70000;
  BOOST_CHECK(!OpenSmtp(port).ok());
  SmtpConfig user_only = Config("mx.example.org", SmtpTls::kStartTls);
  user_only.user = "legal";
  BOOST_CHECK(!OpenSmtp(user_only).ok());
  SmtpConfig no_time = Config("mx.example.org", SmtpTls::kStartTls);
  no_time.timeout = std::chrono::seconds(0);
  BOOST_CHECK(!OpenSmtp(no_time).ok());
}

BOOST_AUTO_TEST_CASE(describe_names_the_server_and_never_the_credentials) {
  SmtpConfig config = Config("smtp.example.org", SmtpTls::kStartTls);
  config.user = "legal@wikimedia.org";
  config.password = "hunter2 secret";
  auto transport = OpenSmtp(config);
  BOOST_REQUIRE(transport.ok());
  BOOST_CHECK_EQUAL((*transport)->Describe(), "smtp://smtp.example.org:587 (STARTTLS, AUTH)");
  SmtpConfig implicit = Config("smtp.example.org", SmtpTls::kImplicit);
  implicit.port = 465;
  BOOST_CHECK_EQUAL((*OpenSmtp(implicit))->Describe(),
                    "smtps://smtp.example.org:465 (implicit TLS)");
  SmtpConfig plain = Config("127.0.0.1", SmtpTls::kNone);
  plain.port = 25;
  BOOST_CHECK_EQUAL((*OpenSmtp(plain))->Describe(), "smtp://127.0.0.1:25 (plain)");
  // SMTP cannot tell after the fact whether an interrupted letter was taken.
  BOOST_CHECK(!(*transport)->Delivered(OutgoingMail{}).has_value());
}

BOOST_AUTO_TEST_CASE(a_letter_that_could_inject_commands_is_refused_before_connecting) {
  // Port 9 on loopback: nothing is contacted, the letter is refused first.
  SmtpConfig config = Config("127.0.0.1", SmtpTls::kNone);
  config.port = 9;
  auto transport = OpenSmtp(config);
  BOOST_REQUIRE(transport.ok());
  OutgoingMail mail;
  mail.message_id = "<x@y>";
  mail.envelope_from = "legal@wikimedia.org>\r\nRCPT TO:<victim@example.org";
  mail.recipients = {"rights@example.org"};
  mail.data = "Subject: x\r\n\r\nx\r\n";
  int calls = 0;
  auto commit = [&] {
    ++calls;
    return Status::Ok();
  };
  BOOST_CHECK((*transport)->Send(mail, commit).code() == Status::Code::kInvalidArgument);
  mail.envelope_from = "legal@wikimedia.org";
  mail.recipients = {"a@example.org", "b@example.org>\r\nDATA"};
  BOOST_CHECK((*transport)->Send(mail, commit).code() == Status::Code::kInvalidArgument);
  mail.recipients.clear();
  BOOST_CHECK((*transport)->Send(mail, commit).code() == Status::Code::kInvalidArgument);
  BOOST_CHECK_EQUAL(calls, 0);
}

}  // namespace
}  // namespace dmca::pipeline::notify
