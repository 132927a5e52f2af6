#include "app/serve/server.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/URI.h>
#include <Poco/Util/ServerApplication.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "app/serve/security.h"
#include "app/serve/web.h"

namespace dmca::app::serve {
namespace {

// One line per request, without personal data (GDPR art. 5(1)(c), and the uploaders' privacy):
// no client address, no user, no query string (searches name senders), and a status page's
// reference cut, since it opens that page.
class AccessLog {
 public:
  explicit AccessLog(std::ostream& out) : out_(out) {}
  void Write(const std::string& method, std::string path, int status, std::size_t bytes, double ms,
             const pipeline::Clock& clock) {
    if (path.rfind("/status/", 0) == 0) path = "/status/-";
    std::lock_guard lock(mutex_);
    out_ << pipeline::FormatIso8601(clock.Now()) << ' ' << method << ' ' << path << ' ' << status
         << ' ' << bytes << ' ' << static_cast<long>(ms * 1000) << "us\n"
         << std::flush;
  }

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

std::map<std::string, std::string> ParseCookies(const std::string& header) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string item = header.substr(pos, end - pos);
    pos = end + 1;
    const std::size_t b = item.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    item = item.substr(b);
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos) continue;
    out.emplace(item.substr(0, eq), item.substr(eq + 1));
  }
  return out;
}

struct Shared {
  const Config& config;
  WebApp& app;
  AccessLog& log;
  const pipeline::Clock& clock;
  bool tls = false;
};

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(Shared& shared) : shared_(shared) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in,
                     Poco::Net::HTTPServerResponse& out) override {
    const auto start = std::chrono::steady_clock::now();
    Response response;
    Request request;
    try {
      response = Read(in, &request) ? shared_.app.Handle(request) : TooLarge();
    } catch (const std::exception& e) {
      // The one adapter around the handlers: nothing escapes into Poco's thread.
      response = Response::Json(500, "");
      response.content_type = "text/plain; charset=utf-8";
      response.body = "internal error\n";
    }
    Write(request, response, out);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    shared_.log.Write(in.getMethod(), request.path.empty() ? "-" : request.path, response.status,
                      response.body.size(), ms, shared_.clock);
  }

 private:
  static Response TooLarge() {
    Response r = Response::Json(413, "request too large\n");
    r.content_type = "text/plain; charset=utf-8";
    return r;
  }

  // False when the body is larger than [serve] max_body_kib allows.
  bool Read(Poco::Net::HTTPServerRequest& in, Request* r) {
    r->method = in.getMethod();
    Poco::URI uri(in.getURI());
    r->path = uri.getPath();
    std::multimap<std::string, std::string> query;
    if (ParseFormEncoded(uri.getRawQuery(), &query)) {
      for (auto& [k, v] : query) r->query.emplace(k, v);
    }
    for (const auto& [name, value] : in) {
      std::string lower = name;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r->headers[lower] = value;
    }
    r->cookies = ParseCookies(r->Header("cookie"));
    ResolveClient(in, r);

    const std::size_t limit = static_cast<std::size_t>(shared_.config.serve.max_body_kib) * 1024;
    if (in.hasContentLength() && in.getContentLength64() > static_cast<Poco::Int64>(limit)) {
      return false;
    }
    if (r->method == "POST") {
      std::istream& body = in.stream();
      char buffer[8192];
      while (body.read(buffer, sizeof buffer) || body.gcount() > 0) {
        r->body.append(buffer, static_cast<std::size_t>(body.gcount()));
        if (r->body.size() > limit) return false;
      }
      if (r->Header("content-type").rfind("application/x-www-form-urlencoded", 0) == 0 &&
          ParseFormEncoded(r->body, &r->form_all)) {
        for (const auto& [k, v] : r->form_all) r->form.emplace(k, v);
      }
    }
    return true;
  }

  void ResolveClient(Poco::Net::HTTPServerRequest& in, Request* r) {
    ResolveClientAddress(in.clientAddress().host().toString(), shared_.tls,
                         shared_.config.serve.trusted_proxies, r);
  }

  void Write(const Request& request, const Response& response, Poco::Net::HTTPServerResponse& out) {
    out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    out.setContentType(response.content_type);
    for (const std::string& cookie : response.set_cookies) out.add("Set-Cookie", cookie);
    if (!response.location.empty()) out.set("Location", response.location);
    if (!response.allow.empty()) out.set("Allow", response.allow);
    // Templates escape every value; the policy is the second line should one slip through.
    out.set("Content-Security-Policy",
            "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    out.set("X-Content-Type-Options", "nosniff");
    out.set("Referrer-Policy", "same-origin");
    out.set("Cache-Control", "no-store");
    if (request.https) out.set("Strict-Transport-Security", "max-age=31536000");
    out.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
    std::ostream& body = out.send();
    if (request.method != "HEAD") body.write(response.body.data(), response.body.size());
  }

  Shared& shared_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(Shared& shared) : shared_(shared) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(shared_);
  }

 private:
  Shared& shared_;
};

class ServeApplication final : public Poco::Util::ServerApplication {
 public:
  ServeApplication(Poco::Net::HTTPServer& server, std::string address, std::ostream& out)
      : server_(server), address_(std::move(address)), out_(out) {}

 protected:
  int main(const std::vector<std::string>&) override {
    server_.start();
    out_ << "listening on " << address_ << std::endl;
    waitForTerminationRequest();
    out_ << "stopping: finishing the requests in flight" << std::endl;
    server_.stop();
    for (int i = 0; i < 100 && server_.currentConnections() > 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    server_.stopAll(true);
    return EXIT_OK;
  }

 private:
  Poco::Net::HTTPServer& server_;
  std::string address_;
  std::ostream& out_;
};

}  // namespace

int RunServer(const Config& config, const pipeline::Clock& clock,
              const pipeline::CounterNoticePolicy& policy, std::ostream& out, std::ostream& err) {
  if (Status s = InitCrypto(); !s.ok()) {
    err << "dmca serve: " << s.message() << "\n";
    return 1;
  }
  auto templates =
      WebTemplates::Load(config.templates_dir.empty() ? "" : config.templates_dir + "/web");
  if (!templates.ok()) {
    err << "dmca serve: " << templates.status().message() << "\n";
    return 1;
  }
  std::ofstream log_file;
  if (!config.serve.access_log.empty()) {
    log_file.open(config.serve.access_log, std::ios::app);
    if (!log_file) {
      err << "dmca serve: cannot write the access log " << config.serve.access_log << "\n";
      return 1;
    }
  }
  AccessLog log(config.serve.access_log.empty() ? out : log_file);
  WebApp app(config, std::move(templates).value(), clock, policy);
  Shared shared{config, app, log, clock, !config.serve.tls_cert.empty()};
  try {
    // The handler threads inherit this mask, so SIGTERM reaches waitForTerminationRequest's
    // sigwait instead of ending the process in some handler thread.
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGINT, SIGTERM, SIGQUIT}) sigaddset(&signals, s);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    const Poco::Net::SocketAddress address(config.serve.listen);
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    if (shared.tls) {
      Poco::Net::Context::Ptr context =
          new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, config.serve.tls_key,
                                 config.serve.tls_cert, "", Poco::Net::Context::VERIFY_NONE);
      context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                                Poco::Net::Context::PROTO_TLSV1 |
                                Poco::Net::Context::PROTO_TLSV1_1);
      socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 256, context);
    } else {
      socket = std::make_unique<Poco::Net::ServerSocket>(address, 256);
    }
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams();
    params->setMaxThreads(std::max(2, config.serve.threads));
    params->setMaxQueued(512);
    params->setTimeout(Poco::Timespan(std::max(1, config.serve.timeout_seconds), 0));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    params->setServerName("dmca");
    Poco::Net::HTTPServer server(new Factory(shared), *socket, params);
    ServeApplication application(server, socket->address().toString(), out);
    return application.run(std::vector<std::string>{"dmca-serve"}) == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
    err << "dmca serve: " << (poco ? poco->displayText() : e.what()) << "\n";
    return 1;
  }
}

}  // namespace dmca::app::serve
