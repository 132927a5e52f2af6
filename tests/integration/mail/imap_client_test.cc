// The IMAP protocol layer without Dovecot: tokenizing, quoting, mailbox names, and the client
// against scripted (and hostile) servers.
#include "pipeline/sources/imap_client.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "Poco/Exception.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Timespan.h"

namespace dmca::pipeline::imap {
namespace {

BOOST_AUTO_TEST_CASE(tokenize_fetch_with_literal) {
  Response r;
  r.tag = "*";
  r.segments = {"12 FETCH (FLAGS (\\Seen $X) UID 7 BODY[] ", " INTERNALDATE \"17-Jul-1996\")"};
  r.literals = {"a)\r\n\"b\" {3}\r\n"};
  std::vector<Token> t = Tokenize(r);
  BOOST_REQUIRE(t.size() == 15u);
  BOOST_TEST(t[0].value == "12");
  BOOST_TEST(t[1].value == "FETCH");
  BOOST_TEST((t[2].kind == Token::Kind::kOpen));
  BOOST_TEST(t[4].value == "(");
  BOOST_TEST(t[5].value == "\\Seen");
  BOOST_TEST(t[9].value == "7");
  BOOST_TEST(t[10].value == "BODY[]");
  BOOST_TEST((t[11].kind == Token::Kind::kString));
  BOOST_TEST(t[11].value == "a)\r\n\"b\" {3}\r\n");
  BOOST_TEST(t[13].value == "17-Jul-1996");
  BOOST_TEST((t[14].kind == Token::Kind::kClose));
}

BOOST_AUTO_TEST_CASE(tokenize_quoted_nil_and_sections) {
  Response r;
  r.segments = {"OK [UIDVALIDITY 3857529045] \"a \\\"q\\\" \\\\\" nil BODY[HEADER.FIELDS (FROM)]"};
  std::vector<Token> t = Tokenize(r);
  BOOST_REQUIRE(t.size() == 5u);
  BOOST_TEST(t[1].value == "[UIDVALIDITY 3857529045]");
  BOOST_TEST(t[2].value == "a \"q\" \\");
  BOOST_TEST((t[3].kind == Token::Kind::kNil));
  BOOST_TEST(t[4].value == "BODY[HEADER.FIELDS (FROM)]");
  // An unterminated quoted string stops the tokens, it does not throw.
  r.segments = {"SEARCH \"open"};
  BOOST_TEST(Tokenize(r).size() == 1u);
}

BOOST_AUTO_TEST_CASE(fetched_body_of_an_expunged_message_is_absent) {
  Response nil;
  nil.tag = "*";
  nil.segments = {"2 FETCH (UID 2 BODY[] NIL)"};
  BOOST_TEST(!FetchedBody(nil, "2").has_value());
  Response quoted;
  quoted.tag = "*";
  quoted.segments = {"2 FETCH (BODY[] \"x\" FLAGS (\\Seen) UID 2)"};
  BOOST_TEST(*FetchedBody(quoted, "2") == "x");
}

BOOST_AUTO_TEST_CASE(quote_or_literal) {
  BOOST_TEST(*Quote("s3cret word") == "\"s3cret word\"");
  BOOST_TEST(*Quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  BOOST_TEST(!Quote("line\r\nbreak").has_value());
  BOOST_TEST(!Quote("gr\xc3\xbc\xc3\x9f").has_value());
}

BOOST_AUTO_TEST_CASE(modified_utf7_mailbox_names) {
  // RFC 3501 §5.1.3's examples and the '&' escape.
  BOOST_TEST(EncodeMailboxName("INBOX") == "INBOX");
  BOOST_TEST(EncodeMailboxName("Entw\xc3\xbcrfe") == "Entw&APw-rfe");
  BOOST_TEST(EncodeMailboxName(
                 "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e") ==
             "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
  BOOST_TEST(EncodeMailboxName("R&D") == "R&-D");
  BOOST_TEST(EncodeMailboxName("\xf0\x9f\x93\xa7") == "&2D3c5w-");  // U+1F4E7, a surrogate pair
}

BOOST_AUTO_TEST_CASE(response_codes) {
  BOOST_TEST(*ResponseCode("OK [UIDVALIDITY 42] UIDs valid", "UIDVALIDITY") == "42");
  BOOST_TEST(*ResponseCode("NO [TRYCREATE] Mailbox doesn't exist", "trycreate") == "");
  BOOST_TEST(!ResponseCode("NO [AUTHENTICATIONFAILED] no", "UNAVAILABLE").has_value());
}

// A scripted server on a loopback port: sends each chunk of `script` in its own write (so
// literals and lines arrive split), records what the client sent, then closes.
class ScriptedServer {
 public:
  explicit ScriptedServer(std::vector<std::string> script, bool wait_for_client = true)
      : server_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    thread_ = std::thread([this, script = std::move(script), wait_for_client] {
      Poco::Net::StreamSocket peer = server_.acceptConnection();
      peer.setReceiveTimeout(Poco::Timespan(2, 0));
      for (const std::string& chunk : script) {
        if (chunk == "<read>") {  // wait for a line from the client before going on
          ReadLine(peer);
          continue;
        }
        peer.sendBytes(chunk.data(), static_cast<int>(chunk.size()));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      if (wait_for_client) ReadLine(peer);
      peer.close();
    });
  }
  ~ScriptedServer() { thread_.join(); }

  Poco::Net::StreamSocket Connect() {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", server_.address().port()));
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    return socket;
  }
  std::string received() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }

 private:
  void ReadLine(Poco::Net::StreamSocket& peer) {
    char c = 0;
    try {
      while (peer.receiveBytes(&c, 1) == 1) {
        std::lock_guard<std::mutex> lock(mutex_);
        received_ += c;
        if (c == '\n') break;
      }
    } catch (const Poco::Exception&) {  // the client hung up or went quiet: the script ends
    }
  }

  Poco::Net::ServerSocket server_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::string received_;
};

BOOST_AUTO_TEST_CASE(client_reads_split_literals_exactly) {
  std::string body = "Subject: x\r\n\r\n{5}\r\n)\r\nA1 OK not the end\r\n";
  ScriptedServer server({"* OK ready\r\n", "<read>", "* 1 FETCH (UID 9 BODY[] {",
                         std::to_string(body.size()), "}\r\n", body.substr(0, 7), body.substr(7),
                         ")\r\n* 2 EXISTS\r\n", "A1 OK done\r\n"});
  Client client(server.Connect());
  BOOST_REQUIRE(client.Greeting().ok());
  auto reply = client.Command(
      {Arg::Atom("UID"), Arg::Atom("FETCH"), Arg::Atom("9"), Arg::Atom("BODY.PEEK[]")});
  BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().ToString());
  BOOST_TEST((reply->result == Reply::Result::kOk));
  BOOST_REQUIRE(reply->untagged.size() == 2u);
  BOOST_TEST(*FetchedBody(reply->untagged[0], "9") == body);
  BOOST_TEST(!FetchedBody(reply->untagged[0], "10").has_value());
  BOOST_TEST(!FetchedBody(reply->untagged[1], "9").has_value());
  BOOST_TEST(server.received() == "A1 UID FETCH 9 BODY.PEEK[]\r\n");
}

BOOST_AUTO_TEST_CASE(client_sends_synchronizing_literals) {
  ScriptedServer server({"* OK ready\r\n", "<read>", "+ go ahead\r\n", "<read>",
                         "A1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n"});
  Client client(server.Connect());
  BOOST_REQUIRE(client.Greeting().ok());
  std::string password = "gr\xc3\xbc\xc3\x9f \"q\"";
  auto reply =
      client.Command({Arg::Atom("LOGIN"), Arg::String("legal"), Arg::String(password)}, password);
  BOOST_REQUIRE(reply.ok());
  BOOST_TEST((reply->result == Reply::Result::kNo));
  BOOST_TEST(*ResponseCode(reply->text, "AUTHENTICATIONFAILED") == "");
  BOOST_TEST(server.received() == "A1 LOGIN \"legal\" {" + std::to_string(password.size()) +
                                      "}\r\n" + password + "\r\n");
}

BOOST_AUTO_TEST_CASE(client_survives_hostile_servers) {
  {
    ScriptedServer server({"* BYE too busy\r\n"}, false);
    Client client(server.Connect());
    auto greeting = client.Greeting();
    BOOST_TEST(!greeting.ok());
    BOOST_TEST(greeting.status().Retryable());
  }
  {
    // A literal far beyond any mail: refused before anything is allocated for it.
    ScriptedServer server({"* OK ready\r\n", "<read>", "* 1 FETCH (BODY[] {99999999999}\r\n"});
    Client client(server.Connect());
    BOOST_REQUIRE(client.Greeting().ok());
    auto reply = client.Command({Arg::Atom("NOOP")});
    BOOST_TEST(!reply.ok());
    BOOST_TEST(reply.status().message().find("exceeds the limit") != std::string::npos);
  }
  {
    // The connection ends in the middle of a literal.
    ScriptedServer server({"* OK ready\r\n", "<read>", "* 1 FETCH (BODY[] {100}\r\nonly this"},
                          false);
    Client client(server.Connect());
    BOOST_REQUIRE(client.Greeting().ok());
    auto reply = client.Command({Arg::Atom("NOOP")});
    BOOST_TEST(!reply.ok());
    BOOST_TEST(reply.status().Retryable());
  }
  {
    // Garbage, an unterminated quoted string and a stray continuation, then the completion.
    ScriptedServer server({"* OK ready\r\n", "<read>", "\x01\xff garbage (((\r\n",
                           "* 1 FETCH (UID \"9\r\n", "+ stray\r\n", "A1 BAD what\r\n"});
    Client client(server.Connect());
    BOOST_REQUIRE(client.Greeting().ok());
    auto reply = client.Command({Arg::Atom("NOOP")});
    BOOST_REQUIRE(reply.ok());
    BOOST_TEST((reply->result == Reply::Result::kBad));
    BOOST_TEST(reply->untagged.size() == 2u);
    for (const auto& r : reply->untagged) BOOST_TEST(!FetchedBody(r, "9").has_value());
  }
}

}  // namespace
}  // namespace dmca::pipeline::imap
