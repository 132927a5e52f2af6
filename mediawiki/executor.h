#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "mediawiki/api.h"
#include "parsers/base/status.h"

namespace dmca::mediawiki {

// Runs planned calls. Execute returns OK only when the wiki confirmed the action
// (ParseActionReply); a Retryable() status means the call may be tried again later.
class Executor {
 public:
  virtual ~Executor() = default;
  virtual Status Execute(const ApiCall& call) = 0;
};

// Records each call and prints Describe(call) to `out` (when given), touching no network:
// `make demo` and `--dry-run`. Every call succeeds. Not thread-safe.
class DryRunExecutor : public Executor {
 public:
  explicit DryRunExecutor(std::ostream* out = nullptr) : out_(out) {}
  Status Execute(const ApiCall& call) override;
  const std::vector<ApiCall>& calls() const { return calls_; }

 private:
  std::ostream* out_;
  std::vector<ApiCall> calls_;
};

struct HttpConfig {
  std::string user;      // a bot password user, "Name@bot" (Special:BotPasswords)
  std::string password;  // the bot password; never logged nor put in a Status
  std::string user_agent = "dmca-pipeline/0.1 (https://foundation.wikimedia.org; legal@wikimedia.org)";
  std::string api_path = "/w/api.php";
  bool tls = true;       // false only for a test wiki on loopback
  int port = 0;          // 0: 443 (tls) or 80
  std::string ca_file;   // the CA to verify servers with; empty: the system's CAs
  int maxlag = 5;        // seconds (API:Etiquette)
  int max_attempts = 5;
  int timeout_seconds = 60;
  // Waits between attempts; injectable so tests need not sleep.
  std::function<void(std::chrono::milliseconds)> sleep;
};

// The Action API over HTTPS (Poco HTTPSClientSession, certificates and host names verified).
// Per site it logs in with the bot password (meta=tokens&type=login, action=login), keeps
// the session cookies, fetches a CSRF token (meta=tokens), fills it into the call, and sends
// with maxlag. 429/503 replies, maxlag and ratelimited errors are retried with backoff
// (RetryDelay, honouring Retry-After); a badtoken error refreshes the token once.
// Credentials never appear in logs or Status messages. Not thread-safe.
class HttpExecutor : public Executor {
 public:
  static Result<std::unique_ptr<HttpExecutor>> Create(HttpConfig config);
  Status Execute(const ApiCall& call) override;

  struct HttpReply {
    int status = 0;
    std::string body;
    std::optional<int> retry_after;
  };

 private:
  explicit HttpExecutor(HttpConfig config) : config_(std::move(config)) {}
  struct Session {
    std::map<std::string, std::string> cookies;
    std::string csrf;
  };
  Result<HttpReply> Post(const std::string& site, const Params& params);
  Result<std::string> PostWithRetry(const std::string& site, const Params& params);
  Status Login(const std::string& site);
  Result<std::string> FetchToken(const std::string& site, const std::string& type);

  HttpConfig config_;
  std::map<std::string, Session> sessions_;
};

// Fills the CSRF token and maxlag into a planned call's parameters (the token replaces
// kCsrfPlaceholder; maxlag goes before it).
Params PrepareParams(const ApiCall& call, const std::string& csrf, int maxlag);

}  // namespace dmca::mediawiki
