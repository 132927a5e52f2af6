// Lumen submissions (DOMAIN.md "Lumen submissions"): POST <url>/notices, each queued one sent
// at most once.

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>

#include <memory>

#include "pipeline/publish/publish.h"

namespace dmca::pipeline {
namespace {

struct Answer {
  bool sent = false;  // the request went out whole: its fate is unknown without an answer
  int status = 0;     // 0: no answer
  std::string location;
  std::string body;
  std::string error;
};

// The one adapter that calls Poco::Net for Lumen: exceptions become an Answer.
Answer Post(const LumenOptions& options, const std::string& json) {
  Answer a;
  try {
    Poco::URI uri(options.url);
    std::string path = uri.getPath();
    if (path.empty() || path.back() != '/') path += '/';
    path += "notices";
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
      Poco::Net::initializeSSL();
      Poco::Net::Context::Ptr context = new Poco::Net::Context(
          Poco::Net::Context::TLS_CLIENT_USE, "", "", options.ca_file,
          Poco::Net::Context::VERIFY_RELAXED, 9, options.ca_file.empty(), "HIGH:!aNULL:!MD5");
      session =
          std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(options.timeout_seconds, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.set("Accept", "application/json");
    request.set("X-Authentication-Token", options.token);
    if (!options.user_agent.empty()) request.set("User-Agent", options.user_agent);
    request.setContentLength(static_cast<std::streamsize>(json.size()));
    std::ostream& out = session->sendRequest(request);
    out << json;
    out.flush();
    if (!out) {
      a.error = "the request could not be sent";
      return a;
    }
    a.sent = true;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    a.status = static_cast<int>(response.getStatus());
    if (response.has("Location")) a.location = response.get("Location");
    char buffer[4096];
    while (a.body.size() < 65536 && (in.read(buffer, sizeof buffer) || in.gcount() > 0)) {
      a.body.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
  } catch (const Poco::Exception& e) {
    a.error = e.displayText();
  } catch (const std::exception& e) {
    a.error = e.what();
  }
  return a;
}

std::string Describe(const Answer& a) {
  if (a.status == 0) return a.error;
  std::string body = a.body.substr(0, 300);
  for (char& c : body) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return "HTTP " + std::to_string(a.status) + (body.empty() ? "" : ": " + body);
}

}  // namespace

Status SendLumen(Store& store, const LumenOptions& options, const Clock& clock,
                 const std::string& actor, PublishReport* report) {
  PublishReport local;
  PublishReport& r = report ? *report : local;
  auto pending = store.LumenSubmissions("pending");
  if (!pending.ok()) return pending.status();
  for (const auto& s : *pending) {
    const std::string what = "Lumen submission " + std::to_string(s.id) + " (" + s.event + ")";
    // The intent first: a second publisher (or this one after a crash) never sends it again.
    Status taken = store.UpdateLumen(s.id, "pending", "sending", "", "",
                                     AuditNow(clock, actor, "lumen sending", what));
    if (taken.code() == Status::Code::kFailedPrecondition) continue;
    DMCA_RETURN_IF_ERROR(taken);
    const Answer a = Post(options, s.body);
    std::string to;
    std::string event;
    if (a.status == 201 && !a.location.empty()) {
      to = "sent";
      event = "lumen submitted";
      ++r.lumen_sent;
    } else if (!a.sent || a.status >= 500 || a.status == 429 || a.status == 408) {
      // Refused before it was taken (no connection, a server error): safe to send again.
      to = "pending";
      event = "lumen retry";
      ++r.lumen_retry;
    } else if (a.status == 0) {
      to = "uncertain";
      event = "lumen uncertain";
      ++r.lumen_failed;
      r.errors.push_back(what + ": no answer after sending (" + a.error +
                         "); check Lumen before sending again");
    } else {
      to = "failed";
      event = "lumen refused";
      ++r.lumen_failed;
      r.errors.push_back(what + ": " + Describe(a));
    }
    model::AuditEntry entry =
        AuditNow(clock, actor, event, what + ": " + (to == "sent" ? a.location : Describe(a)));
    DMCA_RETURN_IF_ERROR(
        store.UpdateLumen(s.id, "sending", to, to == "sent" ? a.location : "", Describe(a), entry));
  }
  return Status::Ok();
}

}  // namespace dmca::pipeline
