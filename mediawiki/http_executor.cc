// The one adapter over Poco's HTTP client: Poco exceptions stop here and become Status.

#include <istream>
#include <sstream>
#include <thread>

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
#include <Poco/StreamCopier.h>

#include "mediawiki/executor.h"
#include "mediawiki/reply.h"

namespace dmca::mediawiki {
namespace {

Poco::Net::Context::Ptr ClientContext(const std::string& ca_file) {
  // VERIFY_RELAXED on a client verifies the server's chain; Poco checks the host name after
  // the handshake. Default CAs unless a CA file is configured.
  return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", ca_file,
                                Poco::Net::Context::VERIFY_RELAXED, 9, ca_file.empty(),
                                "HIGH:!aNULL:!MD5");
}

}  // namespace

Result<std::unique_ptr<HttpExecutor>> HttpExecutor::Create(HttpConfig config) {
  if (config.user.empty() || config.password.empty()) {
    return Status::InvalidArgument("mediawiki: a bot password user and password are required");
  }
  if (config.max_attempts < 1) config.max_attempts = 1;
  if (!config.sleep) {
    config.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  }
  Poco::Net::initializeSSL();
  return std::unique_ptr<HttpExecutor>(new HttpExecutor(std::move(config)));
}

Result<HttpExecutor::HttpReply> HttpExecutor::Post(const std::string& site, const Params& params) {
  try {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (config_.tls) {
      session = std::make_unique<Poco::Net::HTTPSClientSession>(
          site, static_cast<Poco::UInt16>(config_.port ? config_.port : 443),
          ClientContext(config_.ca_file));
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(
          site, static_cast<Poco::UInt16>(config_.port ? config_.port : 80));
    }
    session->setTimeout(Poco::Timespan(config_.timeout_seconds, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, config_.api_path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("User-Agent", config_.user_agent);
    request.setContentType("application/x-www-form-urlencoded");
    Session& state = sessions_[site];
    if (!state.cookies.empty()) {
      Poco::Net::NameValueCollection cookies;
      for (const auto& [name, value] : state.cookies) cookies.add(name, value);
      request.setCookies(cookies);
    }
    const std::string body = FormEncode(params);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    HttpReply reply;
    reply.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, reply.body);
    std::vector<Poco::Net::HTTPCookie> cookies;
    response.getCookies(cookies);
    for (const auto& c : cookies) state.cookies[c.getName()] = c.getValue();
    if (response.has("Retry-After")) {
      try {
        reply.retry_after = std::stoi(response.get("Retry-After"));
      } catch (const std::exception&) {
        reply.retry_after.reset();  // an HTTP-date: fall back to our own backoff
      }
    }
    return reply;
  } catch (const Poco::Net::SSLException& e) {
    return Status::PermissionDenied("TLS with " + site + " failed: " + e.displayText());
  } catch (const Poco::Net::NetException& e) {
    return Status::Unavailable(site + ": " + e.displayText());
  } catch (const Poco::TimeoutException& e) {
    return Status::Unavailable(site + ": " + e.displayText());
  } catch (const Poco::Exception& e) {
    return Status::Unavailable(site + ": " + e.displayText());
  } catch (const std::exception& e) {
    return Status::Internal(site + ": " + e.what());
  }
}

Result<std::string> HttpExecutor::PostWithRetry(const std::string& site, const Params& params) {
  for (int attempt = 1;; ++attempt) {
    auto reply = Post(site, params);
    Status failure;
    std::optional<int> retry_after;
    if (!reply.ok()) {
      failure = reply.status();
    } else if (reply->status == 429 || reply->status == 503 || reply->status == 502 ||
               reply->status == 504) {
      failure = Status::Unavailable(site + ": HTTP " + std::to_string(reply->status));
      retry_after = reply->retry_after;
    } else if (reply->status != 200) {
      return Status::InvalidArgument(site + ": HTTP " + std::to_string(reply->status));
    } else {
      // maxlag and ratelimited arrive as 200 with an error object.
      auto parsed = ParseReply(reply->body);
      if (parsed.ok() || !parsed.status().Retryable()) return std::move(reply->body);
      failure = parsed.status();
      retry_after = reply->retry_after;
    }
    const auto delay = RetryDelay(attempt, config_.max_attempts, failure, retry_after);
    if (!delay) return failure;
    config_.sleep(*delay);
  }
}

Result<std::string> HttpExecutor::FetchToken(const std::string& site, const std::string& type) {
  auto body = PostWithRetry(site, {{"action", "query"}, {"meta", "tokens"}, {"type", type},
                                   {"format", "json"}, {"formatversion", "2"}});
  if (!body.ok()) return body.status();
  return ParseToken(*body, type);
}

Status HttpExecutor::Login(const std::string& site) {
  auto login_token = FetchToken(site, "login");
  if (!login_token.ok()) return login_token.status();
  auto body = PostWithRetry(site, {{"action", "login"},
                                   {"lgname", config_.user},
                                   {"lgpassword", config_.password},
                                   {"lgtoken", *login_token},
                                   {"format", "json"},
                                   {"formatversion", "2"}});
  if (!body.ok()) return body.status();
  DMCA_RETURN_IF_ERROR(ParseLogin(*body));
  auto csrf = FetchToken(site, "csrf");
  if (!csrf.ok()) return csrf.status();
  sessions_[site].csrf = *csrf;
  return Status::Ok();
}

Status HttpExecutor::Execute(const ApiCall& call) {
  std::string action;
  for (const auto& [key, value] : call.params) {
    if (key == "action") action = value;
  }
  for (int token_tries = 0; token_tries < 2; ++token_tries) {
    if (call.needs_token && sessions_[call.site].csrf.empty()) {
      DMCA_RETURN_IF_ERROR(Login(call.site).Annotate(call.site));
    }
    auto body = PostWithRetry(call.site,
                              PrepareParams(call, sessions_[call.site].csrf, config_.maxlag));
    if (!body.ok()) return body.status().Annotate(call.summary);
    Status result = ParseActionReply(action, *body);
    // A session that expired: log in again and retry once (API:Tokens).
    if (result.code() == Status::Code::kFailedPrecondition &&
        result.message().starts_with("badtoken")) {
      sessions_[call.site] = Session{};
      continue;
    }
    return result.ok() ? result : result.Annotate(call.summary);
  }
  return Status::PermissionDenied(call.summary + ": the CSRF token was refused twice");
}

}  // namespace dmca::mediawiki
