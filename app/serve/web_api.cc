// The JSON API for tools: the command line's operations over HTTP, authenticated by an API
// token (`dmca user token NAME`) in "Authorization: Bearer". Cookies never authenticate it, so a
// page on another site cannot make a browser call it (no CSRF token needed).
//   GET  /api/v1/queue                  the review queue (dmca queue)
//   GET  /api/v1/cases[?state=&kind=]   cases (dmca cases --json)
//   GET  /api/v1/cases/ID               one case (dmca cases show ID --json, CONTRACT.md)
//   POST /api/v1/cases/ID/VERB          approve, accept, reject, retry, restore, set-kind,
//                                       court-action; body {"targets": [1, 3], "note": "...",
//                                       "kind": "..."}

#include <Poco/JSON/Parser.h>

#include "app/serve/decisions.h"
#include "app/serve/web.h"
#include "pipeline/decide/queue.h"
#include "pipeline/model/case_json.h"

namespace dmca::app::serve {
namespace {

Response JsonError(int status, const std::string& message) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object();
  o->set("error", message);
  return Response::Json(status, model::Stringify(o, false) + "\n");
}

Response JsonError(const Status& status) {
  return JsonError(HttpStatusFor(status), status.message());
}

// {"targets": [...], "note": "...", "kind": "..."} into `d`; false with `why` when malformed.
bool ParseDecisionBody(const std::string& body, DecisionRequest* d, std::string* why) {
  if (body.empty()) return true;
  try {
    Poco::JSON::Parser parser;
    const auto value = parser.parse(body);
    const auto o = value.extract<Poco::JSON::Object::Ptr>();
    if (o->has("note")) d->note = o->getValue<std::string>("note");
    if (o->has("kind")) d->kind = o->getValue<std::string>("kind");
    if (o->has("targets")) {
      const auto list = o->getArray("targets");
      if (!list) {
        *why = "targets must be a list of target numbers";
        return false;
      }
      for (std::size_t i = 0; i < list->size(); ++i) {
        const int n = list->getElement<int>(static_cast<unsigned>(i));
        if (n < 1) {
          *why = "target numbers start at 1";
          return false;
        }
        d->targets.push_back(static_cast<std::size_t>(n));
      }
    }
  } catch (const std::exception& e) {
    *why = std::string("the body is not the JSON expected: ") + e.what();
    return false;
  }
  return true;
}

}  // namespace

Response WebApp::Api(const Request& r, Db& db, const Who& who) {
  if (!who.api || !who.staff) {
    Response out = JsonError(401, "an API token is needed: Authorization: Bearer TOKEN");
    out.set_cookies.clear();
    return out;
  }
  const std::string prefix = "/api/v1/";
  if (r.path.rfind(prefix, 0) != 0) return JsonError(404, "no such API call");
  const std::string rest = r.path.substr(prefix.size());
  if (rest == "queue" && r.method == "GET") {
    auto items = Queue(db);
    if (!items.ok()) return JsonError(items.status());
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array();
    for (const auto& item : *items) {
      Poco::JSON::Object::Ptr o = new Poco::JSON::Object();
      o->set("case", item.case_id);
      o->set("awaits", item.awaits);
      o->set("what", item.what);
      o->set("since", item.since);
      o->set("from", item.from);
      list->add(o);
    }
    return Response::Json(200, model::Stringify(list) + "\n");
  }
  if (rest == "cases" && r.method == "GET") {
    pipeline::CaseFilter filter;
    filter.limit = 1000;
    if (r.query.count("state")) {
      filter.state = model::StateFromName(r.query.at("state"));
      if (!filter.state) return JsonError(400, "unknown state");
    }
    if (r.query.count("kind")) {
      filter.kind = parsers::notice::KindFromName(r.query.at("kind"));
      if (!filter.kind) return JsonError(400, "unknown kind");
    }
    auto cases = db.store->List(filter);
    if (!cases.ok()) return JsonError(cases.status());
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array();
    for (const auto& c : *cases) list->add(model::CaseToJson(c));
    return Response::Json(200, model::Stringify(list) + "\n");
  }
  if (rest.rfind("cases/", 0) == 0) {
    const std::string tail = rest.substr(6);
    const std::size_t slash = tail.find('/');
    const auto number = CaseNumber(tail.substr(0, slash));
    if (!number) return JsonError(404, "no such case");
    const std::int64_t id = *number;
    if (slash == std::string::npos && r.method == "GET") {
      auto c = db.store->Get(id);
      if (!c.ok()) return JsonError(c.status());
      return Response::Json(200, model::Stringify(model::CaseToJson(*c)) + "\n");
    }
    if (slash != std::string::npos && r.method == "POST") {
      DecisionRequest d;
      d.verb = tail.substr(slash + 1);
      d.case_id = id;
      std::string why;
      if (!ParseDecisionBody(r.body, &d, &why)) return JsonError(400, why);
      pipeline::Workflow workflow(*db.store, clock_, policy_);
      auto said = Decide(workflow, *who.staff, d);
      QueueChanged();
      if (!said.ok()) return JsonError(said.status());
      Poco::JSON::Object::Ptr o = new Poco::JSON::Object();
      o->set("ok", true);
      o->set("case", id);
      o->set("message", *said);
      return Response::Json(200, model::Stringify(o, false) + "\n");
    }
  }
  return JsonError(404, "no such API call");
}

}  // namespace dmca::app::serve
