#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "mediawiki/api.h"
#include "parsers/base/status.h"

namespace dmca::mediawiki {

// Sends Action API calls to the wikis. Send returns the reply body once the API accepted the
// call; an API error is a Status (StatusForError: Retryable() for maxlag, ratelimited, a busy
// server; NotFound for missingtitle; ...). Implementations are not thread-safe: a worker owns
// one, and sends one request at a time per wiki (API:Etiquette).
class Client {
 public:
  virtual ~Client() = default;
  virtual Result<std::string> Send(const ApiCall& call) = 0;
  // The user name the wiki records our actions under on `site` (a bot password's "Name@app"
  // acts as "Name"), to recognize our own log entries.
  virtual Result<std::string> AccountName(const std::string& site) = 0;
};

// One account: a bot password (Special:BotPasswords) or an OAuth 2 owner-only access token.
struct Credentials {
  std::string user;         // "Name@app"
  std::string password;     // the bot password; never logged nor put in a Status
  std::string oauth_token;  // sent as "Authorization: Bearer"; never logged
  bool empty() const { return oauth_token.empty() && (user.empty() || password.empty()); }
};

struct ClientStats {
  std::size_t requests = 0;  // HTTP requests sent, logins and tokens included
  std::size_t logins = 0;
  std::size_t tokens = 0;   // CSRF tokens fetched
  std::size_t retries = 0;  // attempts after a retryable failure
};

struct HttpClientConfig {
  // The Action API endpoint; "{site}" becomes the call's site. Without "{site}" every site's
  // calls go to this one endpoint (a staging or test wiki standing in for all of them).
  std::string api = "https://{site}/w/api.php";
  std::map<std::string, std::string> api_overrides;  // site -> endpoint, for wikis elsewhere
  Credentials credentials;                           // for every site without its own
  std::map<std::string, Credentials> site_credentials;
  std::string user_agent;                  // UserAgent(contact)
  std::string ca_file;                     // the CA to verify servers with; empty: the system's CAs
  int maxlag = 5;                          // seconds (API:Etiquette); 0: not sent
  int max_attempts = 6;                    // per call, for retryable failures
  int timeout_seconds = 60;                // connect, send and each read
  std::size_t max_reply_bytes = 16 << 20;  // a longer reply is refused, not read into memory
  // Waits between attempts; injectable so tests need not sleep and the executor can renew
  // its claim while it waits.
  std::function<void(std::chrono::milliseconds)> sleep;
};

// "dmca-pipeline/0.1.0 (<contact>)" (the User-Agent policy asks for a way to reach the
// operator); an empty contact is refused by HttpClient::Create.
std::string UserAgent(const std::string& contact);

// The endpoint for `site`: an override, else `api` with "{site}" replaced.
std::string EndpointFor(const HttpClientConfig& config, const std::string& site);

// The Action API over HTTP(S) (Poco; certificates and host names verified). Per endpoint and
// account it logs in once with the bot password (meta=tokens&type=login, action=login) or sends
// the OAuth token, keeps the session cookies, fetches one CSRF token for the session, and sends
// every call with maxlag. HTTP 429/500/502/503/504, network errors, maxlag and ratelimited are
// retried with backoff (RetryDelay, honouring Retry-After); badtoken refreshes the token once.
// Credentials never appear in logs or Status messages.
class HttpClient final : public Client {
 public:
  static Result<std::unique_ptr<HttpClient>> Create(HttpClientConfig config);
  ~HttpClient() override;

  Result<std::string> Send(const ApiCall& call) override;
  Result<std::string> AccountName(const std::string& site) override;
  const ClientStats& stats() const { return stats_; }

 private:
  struct Session;
  explicit HttpClient(HttpClientConfig config);
  Session& SessionFor(const std::string& site);
  Status LogIn(Session& session);
  Status FetchCsrf(Session& session);
  // One call, retried while the failure is retryable.
  Result<std::string> SendWithRetry(Session& session, const Params& params,
                                    const std::string& what);

  HttpClientConfig config_;
  ClientStats stats_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;  // by endpoint and account
};

// Fills the CSRF token and maxlag into a planned call's parameters (the token replaces
// kCsrfPlaceholder; maxlag goes before it).
Params PrepareParams(const ApiCall& call, const std::string& csrf, int maxlag);

}  // namespace dmca::mediawiki
