// The one adapter over Poco's HTTP client: Poco exceptions stop here and become Status.

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>

#include <istream>
#include <thread>
#include <vector>

#include "mediawiki/client.h"
#include "mediawiki/reply.h"

namespace dmca::mediawiki {

struct HttpClient::Session {
  std::string endpoint;  // the API URL, for messages (it holds no secret)
  Poco::URI uri;
  const Credentials* credentials = nullptr;
  std::map<std::string, std::string> cookies;
  bool logged_in = false;
  std::string csrf;
  std::string account;  // the user name the wiki knows us by
};

namespace {

constexpr std::string_view kVersion = "0.1.0";

Poco::Net::Context::Ptr ClientContext(const std::string& ca_file) {
  // VERIFY_RELAXED on a client verifies the server's chain; Poco checks the host name after
  // the handshake. Default CAs unless a CA file is configured.
  return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", ca_file,
                                Poco::Net::Context::VERIFY_RELAXED, 9, ca_file.empty(),
                                "HIGH:!aNULL:!MD5");
}

struct HttpReply {
  int status = 0;
  std::string body;
  std::optional<int> retry_after;
};

bool RetryableHttp(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

// The session must be logged in again: its token or cookie expired.
bool SessionLost(const Status& s) {
  const auto& m = s.message();
  return m.starts_with("badtoken") || m.starts_with("notoken") ||
         m.starts_with("assertuserfailed") || m.starts_with("assertbotfailed") ||
         m.starts_with("mustbeloggedin");
}

}  // namespace

std::string UserAgent(const std::string& contact) {
  return "dmca-pipeline/" + std::string(kVersion) + " (" + contact + ")";
}

std::string EndpointFor(const HttpClientConfig& config, const std::string& site) {
  if (auto it = config.api_overrides.find(site); it != config.api_overrides.end()) {
    return it->second;
  }
  std::string url = config.api;
  if (auto at = url.find("{site}"); at != std::string::npos) url.replace(at, 6, site);
  return url;
}

Params PrepareParams(const ApiCall& call, const std::string& csrf, int maxlag) {
  Params out;
  for (const auto& [key, value] : call.params) {
    if (key == "token") {
      if (maxlag > 0) out.emplace_back("maxlag", std::to_string(maxlag));
      out.emplace_back(key, value == kCsrfPlaceholder ? csrf : value);
    } else {
      out.emplace_back(key, value);
    }
  }
  if (!call.needs_token && maxlag > 0) out.emplace_back("maxlag", std::to_string(maxlag));
  return out;
}

Result<std::unique_ptr<HttpClient>> HttpClient::Create(HttpClientConfig config) {
  if (config.credentials.empty() && config.site_credentials.empty()) {
    return Status::InvalidArgument(
        "mediawiki: no account: set [mediawiki] user and password_file (a bot password) or "
        "oauth_token_file");
  }
  if (config.user_agent.empty()) {
    return Status::InvalidArgument(
        "mediawiki: set [mediawiki] contact (an address for the User-Agent, API:Etiquette)");
  }
  // The api and every per-site override: an endpoint is an http(s) URL.
  std::vector<std::string> endpoints = {config.api};
  for (const auto& [site, url] : config.api_overrides) endpoints.push_back(url);
  for (const std::string& endpoint : endpoints) {
    try {
      std::string url = endpoint;
      if (auto at = url.find("{site}"); at != std::string::npos) url.replace(at, 6, "example.org");
      Poco::URI probe(url);
      if (probe.getScheme() != "https" && probe.getScheme() != "http") {
        return Status::InvalidArgument("mediawiki: api must be an http(s) URL: " + endpoint);
      }
    } catch (const Poco::Exception& e) {
      return Status::InvalidArgument("mediawiki: api is not a URL: " + e.displayText());
    }
  }
  if (config.max_attempts < 1) config.max_attempts = 1;
  if (!config.sleep) {
    config.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  }
  Poco::Net::initializeSSL();
  return std::unique_ptr<HttpClient>(new HttpClient(std::move(config)));
}

HttpClient::HttpClient(HttpClientConfig config) : config_(std::move(config)) {}
HttpClient::~HttpClient() = default;

HttpClient::Session& HttpClient::SessionFor(const std::string& site) {
  const std::string endpoint = EndpointFor(config_, site);
  const auto own = config_.site_credentials.find(site);
  const Credentials* credentials =
      own != config_.site_credentials.end() ? &own->second : &config_.credentials;
  // One session per endpoint and account: one wiki standing in for all sites logs in once.
  const std::string key = endpoint + "\n" + credentials->user + "\n" +
                          (credentials->oauth_token.empty() ? "" : "oauth");
  auto& slot = sessions_[key];
  if (!slot) {
    slot = std::make_unique<Session>();
    slot->endpoint = endpoint;
    slot->uri = Poco::URI(endpoint);
    slot->credentials = credentials;
  }
  return *slot;
}

namespace {

Result<HttpReply> Post(const Poco::URI& uri, const std::string& endpoint,
                       const HttpClientConfig& config, const std::string& oauth_token,
                       std::map<std::string, std::string>& cookies, const std::string& body) {
  try {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
      session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                                ClientContext(config.ca_file));
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(config.timeout_seconds, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathEtc(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("User-Agent", config.user_agent);
    request.setContentType("application/x-www-form-urlencoded");
    if (!oauth_token.empty()) request.set("Authorization", "Bearer " + oauth_token);
    if (!cookies.empty()) {
      Poco::Net::NameValueCollection jar;
      for (const auto& [name, value] : cookies) jar.add(name, value);
      request.setCookies(jar);
    }
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    HttpReply reply;
    reply.status = static_cast<int>(response.getStatus());
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      reply.body.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (reply.body.size() > config.max_reply_bytes) {
        return Status::InvalidArgument(endpoint + ": reply longer than " +
                                       std::to_string(config.max_reply_bytes) + " bytes refused");
      }
    }
    std::vector<Poco::Net::HTTPCookie> set;
    response.getCookies(set);
    for (const auto& c : set) cookies[c.getName()] = c.getValue();
    if (response.has("Retry-After")) {
      try {
        reply.retry_after = std::stoi(response.get("Retry-After"));
      } catch (const std::exception&) {
        reply.retry_after.reset();  // an HTTP-date: fall back to our own backoff
      }
    }
    return reply;
  } catch (const Poco::Net::SSLException& e) {
    return Status::PermissionDenied("TLS with " + endpoint + " failed: " + e.displayText());
  } catch (const Poco::TimeoutException& e) {
    return Status::Unavailable(endpoint + ": timed out: " + e.displayText());
  } catch (const Poco::Exception& e) {
    return Status::Unavailable(endpoint + ": " + e.displayText());
  } catch (const std::exception& e) {
    return Status::Unavailable(endpoint + ": " + e.what());
  }
}

}  // namespace

Result<std::string> HttpClient::SendWithRetry(Session& session, const Params& params,
                                              const std::string& what) {
  const std::string body = FormEncode(params);
  for (int attempt = 1;; ++attempt) {
    ++stats_.requests;
    auto reply = Post(session.uri, session.endpoint, config_, session.credentials->oauth_token,
                      session.cookies, body);
    Status failure;
    std::optional<int> retry_after;
    if (!reply.ok()) {
      failure = reply.status();
    } else if (RetryableHttp(reply->status)) {
      failure = Status::Unavailable(session.endpoint + ": HTTP " + std::to_string(reply->status));
      retry_after = reply->retry_after;
    } else if (reply->status != 200) {
      return Status::InvalidArgument(what + ": " + session.endpoint + " answered HTTP " +
                                     std::to_string(reply->status));
    } else {
      // maxlag and ratelimited arrive as HTTP 200 with an error object.
      auto parsed = ParseReply(reply->body);
      if (parsed.ok()) return std::move(reply->body);
      if (!parsed.status().Retryable()) return parsed.status();
      failure = parsed.status();
      retry_after = reply->retry_after;
    }
    const auto delay = RetryDelay(attempt, config_.max_attempts, failure, retry_after);
    if (!delay) return failure.Annotate(what + " after " + std::to_string(attempt) + " attempts");
    ++stats_.retries;
    config_.sleep(*delay);
  }
}

Status HttpClient::LogIn(Session& session) {
  session.cookies.clear();
  session.csrf.clear();
  session.logged_in = false;
  const Credentials& c = *session.credentials;
  if (c.empty()) {
    return Status::InvalidArgument("mediawiki: no account configured for " + session.endpoint);
  }
  ++stats_.logins;
  if (c.oauth_token.empty()) {
    auto token_reply = SendWithRetry(session,
                                     {{"action", "query"},
                                      {"meta", "tokens"},
                                      {"type", "login"},
                                      {"format", "json"},
                                      {"formatversion", "2"}},
                                     "login token");
    if (!token_reply.ok()) return token_reply.status();
    auto token = ParseToken(*token_reply, "login");
    // Before login the token is the anonymous one: only its absence is an error here.
    if (!token.ok() && token.status().code() != Status::Code::kPermissionDenied) {
      return token.status();
    }
    auto login = SendWithRetry(session,
                               {{"action", "login"},
                                {"lgname", c.user},
                                {"lgpassword", c.password},
                                {"lgtoken", token.ok() ? *token : std::string("+\\")},
                                {"format", "json"},
                                {"formatversion", "2"}},
                               "login");
    if (!login.ok()) return login.status();
    DMCA_RETURN_IF_ERROR(ParseLogin(*login).Annotate("as " + c.user + " on " + session.endpoint));
    session.account = c.user.substr(0, c.user.find('@'));
  } else {
    auto info = SendWithRetry(
        session,
        {{"action", "query"}, {"meta", "userinfo"}, {"format", "json"}, {"formatversion", "2"}},
        "account");
    if (!info.ok()) return info.status();
    auto name = ParseUserName(*info);
    if (!name.ok()) {
      return Status::PermissionDenied("the OAuth token was not accepted by " + session.endpoint);
    }
    session.account = *name;
  }
  session.logged_in = true;
  return Status::Ok();
}

Status HttpClient::FetchCsrf(Session& session) {
  ++stats_.tokens;
  auto reply = SendWithRetry(session,
                             {{"action", "query"},
                              {"meta", "tokens"},
                              {"type", "csrf"},
                              {"format", "json"},
                              {"formatversion", "2"}},
                             "csrf token");
  if (!reply.ok()) return reply.status();
  auto token = ParseToken(*reply, "csrf");
  if (!token.ok()) return token.status();
  session.csrf = *token;
  return Status::Ok();
}

Result<std::string> HttpClient::Send(const ApiCall& call) {
  Session& session = SessionFor(call.site);
  for (int round = 0;; ++round) {
    if (!session.logged_in) DMCA_RETURN_IF_ERROR(LogIn(session));
    if (call.needs_token && session.csrf.empty()) DMCA_RETURN_IF_ERROR(FetchCsrf(session));
    Params params = PrepareParams(call, session.csrf, config_.maxlag);
    // Never act anonymously if the session was lost between calls (API:Assert).
    params.insert(params.begin() + 1, {"assert", "user"});
    auto reply = SendWithRetry(session, params, call.summary);
    if (reply.ok() || round > 0 || !SessionLost(reply.status())) return reply;
    session.logged_in = false;  // log in again and send once more
  }
}

Result<std::string> HttpClient::AccountName(const std::string& site) {
  Session& session = SessionFor(site);
  if (!session.logged_in) DMCA_RETURN_IF_ERROR(LogIn(session));
  return session.account;
}

}  // namespace dmca::mediawiki
