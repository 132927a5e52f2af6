// The web service's core: routing, who is asking, cookies, CSRF, the templates and the store
// pool. The pages are in web_pages_staff.cc, web_pages_public.cc and web_api.cc.

#include "app/serve/web.h"

#include <Poco/URI.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/serve/security.h"

namespace dmca::app::serve {
namespace internal {
const std::vector<std::pair<std::string_view, std::string_view>>& BuiltinTemplateSources();
}  // namespace internal

namespace {

using kainjow::mustache::data;

std::vector<std::string> PathParts(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t pos = 1;
  while (pos <= path.size()) {
    std::size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    if (end > pos) parts.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return parts;
}

}  // namespace

std::optional<std::int64_t> CaseNumber(std::string_view text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  std::int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n > 0 ? std::optional(n) : std::nullopt;
}

std::string Request::Header(const std::string& lower_name) const {
  const auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

std::string Request::Form(const std::string& name) const {
  const auto it = form.find(name);
  return it == form.end() ? "" : it->second;
}

Response Response::Redirect(std::string to) {
  Response r;
  r.status = 303;
  r.location = std::move(to);
  return r;
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = std::move(body);
  return r;
}

bool ParseFormEncoded(const std::string& text, std::multimap<std::string, std::string>* all) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('&', pos);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    std::string name = item.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
    for (std::string* s : {&name, &value}) {
      for (char& c : *s) c = c == '+' ? ' ' : c;
      std::string decoded;
      try {
        Poco::URI::decode(*s, decoded);
      } catch (const std::exception&) {
        return false;
      }
      *s = std::move(decoded);
    }
    all->emplace(std::move(name), std::move(value));
  }
  return true;
}

void ResolveClientAddress(const std::string& peer, bool tls,
                          const std::vector<std::string>& proxies, Request* r) {
  auto trusted = [&](const std::string& a) {
    return std::find(proxies.begin(), proxies.end(), a) != proxies.end();
  };
  auto trim = [](const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, s.find_last_not_of(" \t") - b + 1);
  };
  r->client = peer;
  r->https = tls;
  if (!trusted(peer)) return;
  if (trim(r->Header("x-forwarded-proto")) == "https") r->https = true;
  const std::string forwarded = r->Header("x-forwarded-for");
  std::vector<std::string> hops;
  for (std::size_t pos = 0; pos < forwarded.size();) {
    std::size_t end = forwarded.find(',', pos);
    if (end == std::string::npos) end = forwarded.size();
    hops.push_back(trim(forwarded.substr(pos, end - pos)));
    pos = end + 1;
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (it->empty()) continue;
    r->client = *it;
    if (!trusted(*it)) break;
  }
}

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case Status::Code::kInvalidArgument:
      return 400;
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kFailedPrecondition:
    case Status::Code::kAlreadyExists:
      return 409;
    case Status::Code::kPermissionDenied:
      return 403;
    case Status::Code::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

Result<std::unique_ptr<DbPool::Lease>> DbPool::Acquire() {
  std::unique_ptr<Db> db;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      db = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!db) {
    db = std::make_unique<Db>();
    auto store = pipeline::OpenStore(options_);
    if (!store.ok()) return store.status();
    auto accounts = pipeline::OpenAccountStore(options_);
    if (!accounts.ok()) return accounts.status();
    db->store = std::move(store).value();
    db->accounts = std::move(accounts).value();
  }
  return std::make_unique<Lease>(*this, std::move(db));
}

void DbPool::Return(std::unique_ptr<Db> db) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(db));
}

Result<WebTemplates> WebTemplates::Load(const std::string& override_dir) {
  WebTemplates t;
  for (const auto& [name, source] : internal::BuiltinTemplateSources()) {
    t.sources_[std::string(name)] = std::string(source);
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!override_dir.empty() && fs::is_directory(override_dir, ec)) {
    for (fs::directory_iterator it(override_dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() != ".mustache") continue;
      std::ifstream in(it->path(), std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      if (!in.good() && !in.eof()) return Status::IOError("cannot read " + it->path().string());
      t.sources_[it->path().stem().string()] = buffer.str();
    }
  }
  for (const auto& [name, source] : t.sources_) {
    kainjow::mustache::mustache tmpl{source};
    if (!tmpl.is_valid()) {
      return Status::InvalidArgument("web template " + name + ": " + tmpl.error_message());
    }
  }
  if (!t.sources_.count("layout")) return Status::NotFound("web template layout is missing");
  return t;
}

Result<std::string> WebTemplates::Render(const std::string& name, const data& values) const {
  const auto it = sources_.find(name);
  if (it == sources_.end()) return Status::NotFound("no web template " + name);
  kainjow::mustache::mustache tmpl{it->second};
  std::string out = tmpl.render(values);
  if (!tmpl.error_message().empty()) {
    return Status::Internal("web template " + name + ": " + tmpl.error_message());
  }
  return out;
}

Result<std::string> WebTemplates::Page(const std::string& name, const std::string& title,
                                       data values) const {
  auto body = Render(name, values);
  if (!body.ok()) return body.status();
  values.set("title", title);
  values.set("content", *body);
  return Render("layout", values);
}

WebApp::WebApp(const Config& config, WebTemplates templates, const pipeline::Clock& clock,
               pipeline::CounterNoticePolicy policy)
    : config_(config),
      templates_(std::move(templates)),
      clock_(clock),
      policy_(std::move(policy)),
      pool_([&] {
        pipeline::StoreOptions o;
        o.sqlite_path = config.store_path;
        o.postgres_url = config.store_url;
        o.clock = &clock;
        return o;
      }()),
      login_limit_(5,
                   std::chrono::milliseconds(60'000 / std::max(1, config.serve.login_per_minute))),
      form_limit_(3,
                  std::chrono::milliseconds(3'600'000 / std::max(1, config.serve.form_per_hour))) {}

Result<std::vector<pipeline::QueueItem>> WebApp::Queue(Db& db) {
  auto fresh = [&]() -> std::optional<std::vector<pipeline::QueueItem>> {
    std::lock_guard lock(queue_mutex_);
    if (queue_ && std::chrono::steady_clock::now() - queue_at_ < kQueueTtl) return *queue_;
    return std::nullopt;
  };
  if (auto items = fresh()) return *items;
  // One thread reads the store; the others show the queue it replaces meanwhile (or, when there
  // is none yet, wait for it), so an expired queue under load is read once, not once a thread.
  std::unique_lock computing(queue_compute_mutex_, std::try_to_lock);
  if (!computing.owns_lock()) {
    {
      std::lock_guard lock(queue_mutex_);
      if (queue_) return *queue_;
    }
    computing.lock();
    if (auto items = fresh()) return *items;
  }
  const auto started = std::chrono::steady_clock::now();
  auto items = pipeline::ReviewQueue(*db.store);
  if (!items.ok()) return items.status();
  std::lock_guard lock(queue_mutex_);
  queue_ = *items;
  queue_at_ = started;
  return items;
}

void WebApp::QueueChanged() {
  std::lock_guard lock(queue_mutex_);
  queue_.reset();
}

std::string WebApp::Cookie(const std::string& name, const std::string& value, int max_age) const {
  // HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it, the first
  // defence against forged cross-site POSTs (the CSRF token is the second); Secure: never over
  // plain HTTP (browsers count http://127.0.0.1 and localhost as secure).
  std::string c = name + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (config_.serve.secure_cookies) c += "; Secure";
  return c;
}

std::string WebApp::FormToken(const Request& r, Response* response) const {
  const auto it = r.cookies.find("dmca_form");
  if (it != r.cookies.end() && it->second.size() == 32) return it->second;
  const std::string token = RandomHex(16);
  response->set_cookies.push_back(Cookie("dmca_form", token, 3600 * 4));
  return token;
}

bool WebApp::FormTokenOk(const Request& r) const {
  const auto it = r.cookies.find("dmca_form");
  return it != r.cookies.end() && SameSecret(it->second, r.Form("csrf"));
}

Who WebApp::Identify(const Request& r, Db& db) {
  Who who;
  const std::string auth = r.Header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    auto staff = db.accounts->FindToken(TokenHash(auth.substr(7)));
    if (staff.ok() && *staff) who.staff = **staff;
    who.api = true;
    return who;
  }
  const auto it = r.cookies.find("dmca_session");
  if (it == r.cookies.end() || it->second.size() != 64) return who;
  auto session =
      db.accounts->FindSession(TokenHash(it->second), pipeline::FormatIso8601(clock_.Now()));
  if (session.ok() && *session) {
    who.staff = (*session)->staff;
    who.csrf = (*session)->csrf;
    who.session_token = it->second;
  }
  return who;
}

Response WebApp::Page(const std::string& name, const std::string& title, data values,
                      const Who& who, int status) {
  if (who.staff) {
    data staff;
    staff.set("name", who.staff->name);
    staff.set("role", std::string(pipeline::RoleName(who.staff->role)));
    values.set("staff", staff);
    values.set("csrf", who.csrf);
  }
  auto html = templates_.Page(name, title, std::move(values));
  Response r;
  r.status = status;
  if (!html.ok()) {
    r.status = 500;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "the page could not be rendered: " + html.status().message() + "\n";
    return r;
  }
  r.body = std::move(html).value();
  return r;
}

Response WebApp::Error(int status, const std::string& message, const Who& who) {
  data values;
  values.set("message", message);
  values.set("status", std::to_string(status));
  return Page("error", "Error " + std::to_string(status), values, who, status);
}

Response WebApp::Handle(const Request& r) {
  auto lease = pool_.Acquire();
  if (!lease.ok()) {
    Response out = Response::Json(503, "");
    out.content_type = "text/plain; charset=utf-8";
    out.body = "the store is not available: " + lease.status().message() + "\n";
    return out;
  }
  Db& db = *(*lease)->operator->();
  const Who who = Identify(r, db);
  const std::vector<std::string> parts = PathParts(r.path);
  const bool post = r.method == "POST";
  if (r.method != "GET" && r.method != "HEAD" && !post) {
    Response out = Error(405, "this method is not allowed here", who);
    out.allow = "GET, POST";
    return out;
  }

  if (r.path == "/healthz") return Response::Json(200, "{\"ok\": true}\n");
  if (!parts.empty() && parts[0] == "api") return Api(r, db, who);
  // The public pages: the uploader's form and its status page.
  if (r.path == "/counter-notice") return CounterNoticePage(r, db);
  if (parts.size() == 2 && parts[0] == "status") return StatusPage(r, db, parts[1]);
  if (r.path == "/login") return Login(r, db);

  // Everything else is for staff.
  if (!who.staff) {
    if (post) return Error(403, "log in first", who);
    return Response::Redirect("/login");
  }
  if (post) {
    // The session's CSRF token on every form (OWASP's synchronizer token pattern); SameSite
    // cookies alone do not cover old browsers or a same-site attacker.
    if (!SameSecret(who.csrf, r.Form("csrf"))) {
      return Error(403,
                   "this form is stale or did not come from this site; reload the page and "
                   "try again",
                   who);
    }
  }
  if (r.path == "/logout" && post) return Logout(r, db, who);
  if (r.path == "/" && !post) return QueuePage(r, db, who);
  if (r.path == "/cases" && !post) return SearchPage(r, db, who);
  if (r.path == "/calendar" && !post) return CalendarPage(r, db, who);
  if (parts.size() >= 2 && parts[0] == "cases") {
    const auto id = CaseNumber(parts[1]);
    if (!id) return Error(404, "no such case", who);
    if (parts.size() == 2 && !post) return CasePage(r, db, who, *id);
    if (parts.size() == 3 && post) return DecisionPost(r, db, who, *id, parts[2]);
  }
  return Error(404, "there is no page here", who);
}

}  // namespace dmca::app::serve
