#include <Poco/Exception.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <boost/test/unit_test.hpp>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include "mediawiki/client.h"

namespace dmca {
inline std::ostream& operator<<(std::ostream& out, Status::Code code) {
  return out << Status::CodeName(code);
}
}  // namespace dmca

namespace dmca::mediawiki {
namespace {

constexpr char kPassword[] = "bot-password-7c1f3e";

HttpClientConfig BotConfig(std::string api) {
  HttpClientConfig config;
  config.api = std::move(api);
  config.credentials.user = "DMCA-Bot@dmca";
  config.credentials.password = kPassword;
  config.user_agent = UserAgent("legal@example.org");
  return config;
}

// A one-shot HTTP server on loopback for testing our side of the exchange: it answers each
// connection with the next canned response, records each request, and stops when all are sent
// (or after a few seconds without a client, so a failing test cannot hang).
class CannedServer {
 public:
  explicit CannedServer(std::vector<std::string> responses)
      : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)), responses_(std::move(responses)) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~CannedServer() { Wait(); }
  // Until every response was sent (or the server gave up waiting for a client).
  void Wait() {
    if (thread_.joinable()) thread_.join();
  }
  std::string api() const {
    return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + "/w/api.php";
  }
  // After Wait().
  const std::vector<std::string>& requests() const { return requests_; }

  static std::string Response(const std::string& body, const std::string& headers = "") {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n" + headers +
           "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
           body;
  }

 private:
  void Serve() {
    for (const auto& response : responses_) {
      try {
        if (!socket_.poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ)) return;
        Poco::Net::StreamSocket peer = socket_.acceptConnection();
        peer.setReceiveTimeout(Poco::Timespan(5, 0));
        requests_.push_back(ReadRequest(peer));
        peer.sendBytes(response.data(), static_cast<int>(response.size()));
        peer.shutdownSend();
      } catch (const Poco::Exception&) {
        // The client hung up early (the reply cap): that is what some tests want.
      }
    }
  }

  static std::string ReadRequest(Poco::Net::StreamSocket& peer) {
    std::string request;
    char buffer[4096];
    std::size_t wanted = std::string::npos;
    while (wanted == std::string::npos || request.size() < wanted) {
      const int n = peer.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) break;
      request.append(buffer, static_cast<std::size_t>(n));
      const auto end = request.find("\r\n\r\n");
      if (wanted == std::string::npos && end != std::string::npos) {
        const auto at = request.find("Content-Length: ");
        const std::size_t length =
            at == std::string::npos ? 0 : std::stoul(request.substr(at + 16));
        wanted = end + 4 + length;
      }
    }
    return request;
  }

  Poco::Net::ServerSocket socket_;
  std::vector<std::string> responses_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

BOOST_AUTO_TEST_SUITE(http_client)

BOOST_AUTO_TEST_CASE(user_agent_names_the_contact) {
  BOOST_TEST(UserAgent("legal@example.org") == "dmca-pipeline/0.1.0 (legal@example.org)");
}

BOOST_AUTO_TEST_CASE(create_refuses_a_missing_account) {
  HttpClientConfig config = BotConfig("https://{site}/w/api.php");
  config.credentials = {};
  auto client = HttpClient::Create(config);
  BOOST_TEST(client.status().code() == Status::Code::kInvalidArgument);
  BOOST_TEST(client.status().message().find("no account") != std::string::npos);
  // A user without a password is no account either.
  config.credentials.user = "DMCA-Bot@dmca";
  BOOST_TEST(HttpClient::Create(config).status().code() == Status::Code::kInvalidArgument);
  // An OAuth token alone, or an account for one site only, is enough.
  config.credentials = {};
  config.credentials.oauth_token = "oauth-token";
  BOOST_TEST(HttpClient::Create(config).ok());
  config.credentials = {};
  config.site_credentials["commons.wikimedia.org"] = {"DMCA-Bot@dmca", kPassword, ""};
  BOOST_TEST(HttpClient::Create(config).ok());
}

BOOST_AUTO_TEST_CASE(create_refuses_a_missing_contact) {
  HttpClientConfig config = BotConfig("https://{site}/w/api.php");
  config.user_agent.clear();
  auto client = HttpClient::Create(config);
  BOOST_TEST(client.status().code() == Status::Code::kInvalidArgument);
  BOOST_TEST(client.status().message().find("contact") != std::string::npos);
  BOOST_TEST(client.status().message().find(kPassword) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(create_refuses_an_api_that_is_not_http) {
  for (const char* api : {"ftp://{site}/w/api.php", "file:///etc/passwd", "{site}/w/api.php"}) {
    auto client = HttpClient::Create(BotConfig(api));
    BOOST_TEST(client.status().code() == Status::Code::kInvalidArgument, api);
    BOOST_TEST(client.status().message().find(kPassword) == std::string::npos);
  }
  BOOST_TEST(HttpClient::Create(BotConfig("http://127.0.0.1:8080/api.php")).ok());
  BOOST_TEST(HttpClient::Create(BotConfig("https://{site}/w/api.php")).ok());
}

BOOST_AUTO_TEST_CASE(create_refuses_an_override_that_is_not_http) {
  HttpClientConfig config = BotConfig("https://{site}/w/api.php");
  config.api_overrides["foundation.wikimedia.org"] = "ftp://staging.example.org/api.php";
  auto client = HttpClient::Create(config);
  BOOST_TEST(client.status().code() == Status::Code::kInvalidArgument);
  BOOST_TEST(
      client.status().message().find("ftp://staging.example.org/api.php") != std::string::npos,
      client.status().message());
  config.api_overrides["foundation.wikimedia.org"] = "https://staging.example.org/api.php";
  BOOST_TEST(HttpClient::Create(config).ok());
}

BOOST_AUTO_TEST_CASE(endpoint_for_a_site) {
  HttpClientConfig config;  // the default: every wiki at its own host
  BOOST_TEST(EndpointFor(config, "commons.wikimedia.org") ==
             "https://commons.wikimedia.org/w/api.php");
  BOOST_TEST(EndpointFor(config, "en.wikipedia.org") == "https://en.wikipedia.org/w/api.php");
  // Without "{site}": one test wiki stands in for all of them.
  config.api = "http://127.0.0.1:8080/api.php";
  BOOST_TEST(EndpointFor(config, "commons.wikimedia.org") == "http://127.0.0.1:8080/api.php");
  BOOST_TEST(EndpointFor(config, "en.wikipedia.org") == "http://127.0.0.1:8080/api.php");
  // An override wins for its site only.
  config.api = "https://{site}/w/api.php";
  config.api_overrides["foundation.wikimedia.org"] = "https://staging.example.org/api.php";
  BOOST_TEST(EndpointFor(config, "foundation.wikimedia.org") ==
             "https://staging.example.org/api.php");
  BOOST_TEST(EndpointFor(config, "commons.wikimedia.org") ==
             "https://commons.wikimedia.org/w/api.php");
}

BOOST_AUTO_TEST_CASE(an_unreachable_wiki_is_retried_then_retryable) {
  // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
  HttpClientConfig config = BotConfig("http://127.0.0.1:9/api.php");
  config.max_attempts = 4;
  std::vector<std::chrono::milliseconds> slept;
  config.sleep = [&](std::chrono::milliseconds d) { slept.push_back(d); };
  auto client = HttpClient::Create(config);
  BOOST_TEST_REQUIRE(client.ok(), client.status().ToString());
  const auto reply = (*client)->Send(DeleteCall("commons.wikimedia.org", "File:A.jpg", "r", ""));
  BOOST_TEST(reply.status().code() == Status::Code::kUnavailable, reply.status().ToString());
  BOOST_TEST(reply.status().Retryable());
  BOOST_TEST(reply.status().message().find("4 attempts") != std::string::npos,
             reply.status().message());
  BOOST_TEST(reply.status().message().find("127.0.0.1:9") != std::string::npos);
  BOOST_TEST(reply.status().message().find(kPassword) == std::string::npos);
  BOOST_TEST_REQUIRE(slept.size() == 3u);  // max_attempts - 1
  BOOST_TEST(slept[0].count() == 1000);    // RetryDelay's backoff
  BOOST_TEST(slept[1].count() == 2000);
  BOOST_TEST(slept[2].count() == 4000);
  BOOST_TEST((*client)->stats().requests == 4u);
  BOOST_TEST((*client)->stats().retries == 3u);
  // AccountName needs the same login and fails the same way.
  const auto account = (*client)->AccountName("commons.wikimedia.org");
  BOOST_TEST(account.status().Retryable());
  BOOST_TEST(account.status().message().find(kPassword) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_oauth_session_asks_who_it_is) {
  CannedServer server({CannedServer::Response(
      R"({"batchcomplete":true,"query":{"userinfo":{"id":4,"name":"DMCA-Bot"}}})")});
  HttpClientConfig config = BotConfig(server.api());
  config.credentials = {};
  config.credentials.oauth_token = "oauth-secret-token";
  config.maxlag = 0;
  auto client = HttpClient::Create(config);
  BOOST_TEST_REQUIRE(client.ok(), client.status().ToString());
  const auto name = (*client)->AccountName("commons.wikimedia.org");
  BOOST_TEST_REQUIRE(name.ok(), name.status().ToString());
  BOOST_TEST(*name == "DMCA-Bot");
  server.Wait();
  BOOST_TEST_REQUIRE(server.requests().size() == 1u);
  const std::string& request = server.requests()[0];
  BOOST_TEST(request.starts_with("POST /w/api.php HTTP/1.1\r\n"));
  BOOST_TEST(request.find("User-Agent: dmca-pipeline/0.1.0 (legal@example.org)\r\n") !=
             std::string::npos);
  BOOST_TEST(request.find("Authorization: Bearer oauth-secret-token\r\n") != std::string::npos);
  BOOST_TEST(request.find("Content-Type: application/x-www-form-urlencoded") != std::string::npos);
  BOOST_TEST(request.ends_with("\r\n\r\naction=query&meta=userinfo&format=json&formatversion=2"));
}

// The whole exchange of one deletion with a bot password, against canned replies: login token,
// login, CSRF token, then the call, retried once after maxlag (HTTP 200 with Retry-After).
BOOST_AUTO_TEST_CASE(a_write_logs_in_fetches_a_token_and_waits_out_maxlag) {
  CannedServer server({
      CannedServer::Response(
          R"({"batchcomplete":true,"query":{"tokens":{"logintoken":"9ed1499d+\\"}}})",
          "Set-Cookie: wikiSession=s1; path=/; HttpOnly\r\n"),
      CannedServer::Response(
          R"({"login":{"result":"Success","lguserid":4,"lgusername":"DMCA-Bot"}})"),
      CannedServer::Response(
          R"({"batchcomplete":true,"query":{"tokens":{"csrftoken":"d41d8cd9+\\"}}})"),
      CannedServer::Response(
          R"({"error":{"code":"maxlag","info":"Waiting for a database server: 10 seconds lagged.","host":"db","lag":10,"type":"db"}})",
          "Retry-After: 3\r\nMediaWiki-API-Error: maxlag\r\n"),
      CannedServer::Response(R"({"delete":{"title":"File:A.jpg","reason":"r","logid":11}})"),
  });
  HttpClientConfig config = BotConfig(server.api());
  std::vector<std::chrono::milliseconds> slept;
  config.sleep = [&](std::chrono::milliseconds d) { slept.push_back(d); };
  auto client = HttpClient::Create(config);
  BOOST_TEST_REQUIRE(client.ok(), client.status().ToString());
  const auto reply = (*client)->Send(DeleteCall("commons.wikimedia.org", "File:A.jpg", "r", ""));
  BOOST_TEST_REQUIRE(reply.ok(), reply.status().ToString());
  BOOST_TEST(reply->find("\"logid\":11") != std::string::npos);
  BOOST_TEST_REQUIRE(slept.size() == 1u);
  BOOST_TEST(slept[0].count() == 3000);  // Retry-After, not our own backoff
  const ClientStats& stats = (*client)->stats();
  BOOST_TEST(stats.requests == 5u);
  BOOST_TEST(stats.logins == 1u);
  BOOST_TEST(stats.tokens == 1u);
  BOOST_TEST(stats.retries == 1u);
  BOOST_TEST(*(*client)->AccountName("commons.wikimedia.org") == "DMCA-Bot");  // no new login

  server.Wait();
  const auto& r = server.requests();
  BOOST_TEST_REQUIRE(r.size() == 5u);
  auto body = [](const std::string& request) {
    return request.substr(request.find("\r\n\r\n") + 4);
  };
  BOOST_TEST(body(r[0]) == "action=query&meta=tokens&type=login&format=json&formatversion=2");
  BOOST_TEST(body(r[1]) ==
             "action=login&lgname=DMCA-Bot%40dmca&lgpassword=" + std::string(kPassword) +
                 "&lgtoken=9ed1499d%2B%5C&format=json&formatversion=2");
  BOOST_TEST(body(r[2]) == "action=query&meta=tokens&type=csrf&format=json&formatversion=2");
  // assert=user after the action, maxlag before the token, the token last.
  const std::string deletion =
      "action=delete&assert=user&title=File%3AA.jpg&reason=r"
      "&format=json&formatversion=2&maxlag=5&token=d41d8cd9%2B%5C";
  BOOST_TEST(body(r[3]) == deletion);
  BOOST_TEST(body(r[4]) == deletion);
  BOOST_TEST(r[0].find("Cookie:") == std::string::npos);
  for (std::size_t i = 1; i < r.size(); ++i) {
    BOOST_TEST(r[i].find("Cookie: wikiSession=s1\r\n") != std::string::npos, i);
  }
}

// badtoken: the session expired between calls. The client logs in again and sends once more;
// a second badtoken is the answer.
BOOST_AUTO_TEST_CASE(a_lost_session_is_logged_in_again_once) {
  const std::string login_token =
      CannedServer::Response(R"({"batchcomplete":true,"query":{"tokens":{"logintoken":"l+\\"}}})");
  const std::string login = CannedServer::Response(R"({"login":{"result":"Success"}})");
  const std::string csrf =
      CannedServer::Response(R"({"batchcomplete":true,"query":{"tokens":{"csrftoken":"c+\\"}}})");
  const std::string badtoken =
      CannedServer::Response(R"({"error":{"code":"badtoken","info":"Invalid CSRF token."}})");
  CannedServer server({login_token, login, csrf, badtoken, login_token, login, csrf, badtoken});
  auto client = HttpClient::Create(BotConfig(server.api()));
  BOOST_TEST_REQUIRE(client.ok(), client.status().ToString());
  const Status s =
      (*client)->Send(DeleteCall("commons.wikimedia.org", "File:A.jpg", "r", "")).status();
  BOOST_TEST(s.code() == Status::Code::kFailedPrecondition, s.ToString());
  BOOST_TEST(s.message().find("badtoken") != std::string::npos, s.message());
  BOOST_TEST((*client)->stats().logins == 2u);
  BOOST_TEST((*client)->stats().tokens == 2u);
  BOOST_TEST((*client)->stats().requests == 8u);
}

BOOST_AUTO_TEST_CASE(a_refused_login_names_the_account_not_the_password) {
  CannedServer server({
      CannedServer::Response(
          R"({"batchcomplete":true,"query":{"tokens":{"logintoken":"9ed1499d+\\"}}})"),
      CannedServer::Response(
          R"({"login":{"result":"Failed","reason":"Incorrect username or password entered. Please try again."}})"),
  });
  auto client = HttpClient::Create(BotConfig(server.api()));
  BOOST_TEST_REQUIRE(client.ok(), client.status().ToString());
  const Status s =
      (*client)->Send(DeleteCall("commons.wikimedia.org", "File:A.jpg", "r", "")).status();
  BOOST_TEST(s.code() == Status::Code::kPermissionDenied, s.ToString());
  BOOST_TEST(s.message().find("DMCA-Bot@dmca") != std::string::npos, s.message());
  BOOST_TEST(s.message().find("Incorrect username or password") != std::string::npos);
  BOOST_TEST(s.message().find(kPassword) == std::string::npos);
  BOOST_TEST((*client)->stats().requests == 2u);  // no delete was sent
}

BOOST_AUTO_TEST_CASE(a_reply_longer_than_the_cap_is_refused) {
  // Our own limit, not the wiki's: a body that would not fit is not read into memory.
  signal(SIGPIPE, SIG_IGN);  // the client hangs up while the server still writes
  const std::string body = "{\"pad\":\"" + std::string(200'000, 'x') + "\"}";
  HttpClientConfig config = BotConfig("");
  config.credentials = {};
  config.credentials.oauth_token = "oauth-secret-token";
  config.max_reply_bytes = 4096;
  std::vector<std::chrono::milliseconds> slept;
  config.sleep = [&](std::chrono::milliseconds d) { slept.push_back(d); };
  Status refused;
  {
    CannedServer server({CannedServer::Response(body)});
    config.api = server.api();
    auto client = HttpClient::Create(config);
    BOOST_TEST_REQUIRE(client.ok(), client.status().ToString());
    refused = (*client)->AccountName("commons.wikimedia.org").status();
    BOOST_TEST((*client)->stats().requests == 1u);
  }
  BOOST_TEST(refused.code() == Status::Code::kInvalidArgument, refused.ToString());
  BOOST_TEST(!refused.Retryable());
  BOOST_TEST(refused.message().find("reply longer than 4096 bytes refused") != std::string::npos,
             refused.message());
  BOOST_TEST(refused.message().find("oauth-secret-token") == std::string::npos);
  BOOST_TEST(slept.empty());  // not retried
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::mediawiki
