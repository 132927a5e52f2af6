// A server that accepts the connection and then says nothing: every source gives up after its
// timeout with a retryable Status, in plain and in TLS mode (where the handshake never ends).
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/SocketAddress.h"
#include "pipeline/sources/imap_source.h"
#include "pipeline/sources/pop3_source.h"
#include "tests/integration/mail/dovecot_fixture.h"

namespace dmca::testing {
namespace {

using pipeline::TlsMode;

pipeline::MailServerOptions Silent(const Poco::Net::ServerSocket& server, TlsMode tls) {
  pipeline::MailServerOptions options;
  options.host = "127.0.0.1";
  options.port = server.address().port();
  options.tls = tls;
  options.user = "legal";
  options.password = "never-sent-4711";
  options.timeout = std::chrono::milliseconds(300);
  return options;
}

template <typename Open>
void CheckTimesOut(Open open) {
  // The kernel completes the TCP handshake from the listen backlog; nobody ever answers.
  Poco::Net::ServerSocket server(Poco::Net::SocketAddress("127.0.0.1", 0));
  for (TlsMode tls : {TlsMode::kNone, TlsMode::kImplicit, TlsMode::kStartTls}) {
    auto start = std::chrono::steady_clock::now();
    Status status = open(Silent(server, tls));
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST_MESSAGE("silent server: " << status.ToString() << " after " << seconds << " s");
    BOOST_TEST(!status.ok());
    BOOST_TEST(status.Retryable());
    BOOST_TEST(seconds < 3.0);
    BOOST_TEST(status.message().find("never-sent-4711") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(pop3_silent_server_times_out) {
  CheckTimesOut([](const pipeline::MailServerOptions& server) {
    pipeline::Pop3Options options;
    options.server = server;
    auto source = pipeline::OpenPop3Source(options, nullptr);
    return source.ok() ? Status::Ok() : source.status();
  });
}

BOOST_AUTO_TEST_CASE(imap_silent_server_times_out) {
  CheckTimesOut([](const pipeline::MailServerOptions& server) {
    pipeline::ImapOptions options;
    options.server = server;
    auto source = pipeline::OpenImapSource(options, nullptr);
    return source.ok() ? Status::Ok() : source.status();
  });
}

}  // namespace
}  // namespace dmca::testing
