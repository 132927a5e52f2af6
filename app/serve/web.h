#pragma once

#include <chrono>
#include <cstdint>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.h"
#include "app/serve/rate_limit.h"
#include "parsers/base/status.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/decide/queue.h"
#include "pipeline/decide/workflow.h"
#include "pipeline/store/accounts.h"
#include "pipeline/store/store.h"

namespace dmca::app::serve {

// One HTTP request as the handlers see it: already bounded in size (ServeConfig max_body) and
// with the client's address resolved through the trusted proxies only.
struct Request {
  std::string method;  // "GET", "POST"
  std::string path;    // without the query string, percent-decoded
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> form;           // application/x-www-form-urlencoded POST body
  std::multimap<std::string, std::string> form_all;  // every value (checkbox lists)
  std::string body;
  std::map<std::string, std::string> cookies;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string client;  // the client's address (X-Forwarded-For only from a trusted proxy)
  bool https = false;  // TLS here, or X-Forwarded-Proto: https from a trusted proxy

  std::string Header(const std::string& lower_name) const;
  std::string Form(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::string> set_cookies;  // full Set-Cookie values
  std::string location;                  // for 303 See Other
  std::string allow;                     // for 405

  static Response Redirect(std::string to);
  static Response Json(int status, std::string body);
};

// A store and the accounts for one request. Store objects are not thread-safe (store.h): the
// pool hands each request thread its own and takes it back after.
struct Db {
  std::unique_ptr<pipeline::Store> store;
  std::unique_ptr<pipeline::AccountStore> accounts;
};
class DbPool {
 public:
  explicit DbPool(pipeline::StoreOptions options) : options_(std::move(options)) {}
  class Lease {
   public:
    Lease(DbPool& pool, std::unique_ptr<Db> db) : pool_(pool), db_(std::move(db)) {}
    ~Lease() { pool_.Return(std::move(db_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Db* operator->() { return db_.get(); }

   private:
    DbPool& pool_;
    std::unique_ptr<Db> db_;
  };
  Result<std::unique_ptr<Lease>> Acquire();

 private:
  void Return(std::unique_ptr<Db> db);
  pipeline::StoreOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Db>> idle_;
};

// The pages' templates: templates/web/*.mustache compiled in, each replaced by a file of the
// same name in [templates] dir/web when there is one. {{x}} escapes HTML; {{{x}}} is only ever
// used for HTML the server rendered itself (a page inside the layout).
class WebTemplates {
 public:
  static Result<WebTemplates> Load(const std::string& override_dir);
  // The page `name` inside the layout, with `title`; every value escaped by the template.
  Result<std::string> Page(const std::string& name, const std::string& title,
                           kainjow::mustache::data data) const;

 private:
  Result<std::string> Render(const std::string& name, const kainjow::mustache::data& data) const;
  std::map<std::string, std::string> sources_;
};

// Who is asking: a logged-in staff member (session cookie or API token), or the public.
struct Who {
  std::optional<pipeline::StaffAccount> staff;
  std::string csrf;           // the session's CSRF token (browser sessions only)
  std::string session_token;  // the raw cookie value, to end the session at logout
  bool api = false;
};

// Everything `dmca serve` answers, transport aside (server.cc is the Poco adapter). The pages
// only parse, call pipeline/ (Workflow, ReviewQueue, the ingest runner, the store's reads) and
// render, like the command line. Thread-safe: one WebApp serves every request thread.
class WebApp {
 public:
  WebApp(const Config& config, WebTemplates templates, const pipeline::Clock& clock,
         pipeline::CounterNoticePolicy policy = {});
  Response Handle(const Request& request);

 private:
  // The areas (web_pages_staff.cc, web_pages_public.cc, web_api.cc).
  Response Login(const Request& r, Db& db);
  Response Logout(const Request& r, Db& db, const Who& who);
  Response QueuePage(const Request& r, Db& db, const Who& who);
  Response CasePage(const Request& r, Db& db, const Who& who, std::int64_t id,
                    const std::string& notice = {}, const std::string& error = {});
  Response SearchPage(const Request& r, Db& db, const Who& who);
  Response CalendarPage(const Request& r, Db& db, const Who& who);
  Response DecisionPost(const Request& r, Db& db, const Who& who, std::int64_t id,
                        const std::string& verb);
  Response CounterNoticePage(const Request& r, Db& db);
  Response StatusPage(const Request& r, Db& db, const std::string& reference);
  Response Api(const Request& r, Db& db, const Who& who);

  Response Page(const std::string& name, const std::string& title, kainjow::mustache::data data,
                const Who& who, int status = 200);
  Response Error(int status, const std::string& message, const Who& who);
  Who Identify(const Request& r, Db& db);
  std::string Cookie(const std::string& name, const std::string& value, int max_age) const;
  // A fresh random value in a form cookie, for the double-submit CSRF check of the forms
  // shown before anyone logs in (login, the counter-notice form).
  std::string FormToken(const Request& r, Response* response) const;
  bool FormTokenOk(const Request& r) const;

  // The review queue, kept for up to kQueueTtl: ReviewQueue reads every waiting case, and a
  // dashboard that many staff reload must not read them all for each one. Decisions made
  // through this server drop it at once; others (the command line) show within kQueueTtl.
  Result<std::vector<pipeline::QueueItem>> Queue(Db& db);
  void QueueChanged();
  static constexpr std::chrono::seconds kQueueTtl{2};
  std::mutex queue_mutex_;          // guards queue_ and queue_at_
  std::mutex queue_compute_mutex_;  // held by the one thread reading the queue from the store
  std::optional<std::vector<pipeline::QueueItem>> queue_;
  std::chrono::steady_clock::time_point queue_at_;

  const Config& config_;
  WebTemplates templates_;
  const pipeline::Clock& clock_;
  const pipeline::CounterNoticePolicy policy_;
  DbPool pool_;
  RateLimiter login_limit_;
  RateLimiter form_limit_;
};

// Sets `r->client` and `r->https` from the peer's address: the peer itself, or, when the peer is
// one of `proxies`, the nearest address in X-Forwarded-For that is not a proxy (RFC 7239 §8.1:
// every hop before an untrusted one may be forged), and X-Forwarded-Proto. Reads r->headers.
void ResolveClientAddress(const std::string& peer, bool tls,
                          const std::vector<std::string>& proxies, Request* r);

// A case number in a path ("12"; at most 12 digits, not 0); nullopt for anything else.
std::optional<std::int64_t> CaseNumber(std::string_view text);

// "application/x-www-form-urlencoded" (also a query string) into `all`; false when malformed.
bool ParseFormEncoded(const std::string& text, std::multimap<std::string, std::string>* all);

// The HTTP status for a non-OK Status: 400 invalid, 404 not found, 409 precondition (another
// decision came first, the wrong state), 403 permission, 503 retryable, else 500.
int HttpStatusFor(const Status& status);

}  // namespace dmca::app::serve
