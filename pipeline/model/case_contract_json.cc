// The case as staff tools and outside checks read it (CONTRACT.md "dmca cases show ID --json"),
// and the evidence the store keeps on each target.

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "pipeline/model/case_json.h"
#include "pipeline/model/json_fields.h"

namespace dmca::model {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

using json::I64;
using json::NewObject;
using json::Opt;
using json::OptInt;
using json::Str;

Object::Ptr RevisionToJson(const Revision& r) {
  Object::Ptr o = NewObject();
  o->set("user", r.user);
  o->set("timestamp", r.timestamp);
  o->set("revid", static_cast<Poco::Int64>(r.revid));
  return o;
}

Revision RevisionFromJson(const Object::Ptr& o) {
  return {Str(o, "user"), Str(o, "timestamp"), I64(o, "revid")};
}

}  // namespace

Object::Ptr EvidenceToJson(const TargetEvidence& evidence) {
  Object::Ptr o = NewObject();
  o->set("checked_at", evidence.checked_at);
  o->set("exists", evidence.exists);
  o->set("page_id", static_cast<Poco::Int64>(evidence.page_id));
  Array::Ptr uploads = new Array();
  for (const auto& u : evidence.uploads) {
    Object::Ptr upload = NewObject();
    upload->set("user", u.user);
    upload->set("timestamp", u.timestamp);
    upload->set("sha1", u.sha1);
    upload->set("size", static_cast<Poco::Int64>(u.size));
    uploads->add(upload);
  }
  o->set("uploads", uploads);
  o->set("creator", evidence.creator ? Var(RevisionToJson(*evidence.creator)) : Var());
  Array::Ptr edits = new Array();
  for (const auto& r : evidence.last_edits) edits->add(RevisionToJson(r));
  o->set("last_edits", edits);
  return o;
}

Result<TargetEvidence> EvidenceFromJson(const std::string& json) {
  try {
    const auto root = Poco::JSON::Parser().parse(json).extract<Object::Ptr>();
    TargetEvidence evidence;
    evidence.checked_at = Str(root, "checked_at");
    evidence.exists = root->optValue<bool>("exists", false);
    evidence.page_id = I64(root, "page_id");
    if (const auto uploads = root->getArray("uploads")) {
      for (std::size_t i = 0; i < uploads->size(); ++i) {
        const auto u = uploads->getObject(static_cast<unsigned>(i));
        evidence.uploads.push_back(
            {Str(u, "user"), Str(u, "timestamp"), Str(u, "sha1"), I64(u, "size")});
      }
    }
    if (const auto creator = root->getObject("creator")) {
      evidence.creator = RevisionFromJson(creator);
    }
    if (const auto edits = root->getArray("last_edits")) {
      for (std::size_t i = 0; i < edits->size(); ++i) {
        evidence.last_edits.push_back(RevisionFromJson(edits->getObject(static_cast<unsigned>(i))));
      }
    }
    return evidence;
  } catch (const Poco::Exception& e) {
    return Status::Corruption("unreadable target evidence: " + e.displayText());
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("unreadable target evidence: ") + e.what());
  }
}

Object::Ptr CaseToJson(const Case& c) {
  Object::Ptr o = NewObject();
  o->set("id", static_cast<Poco::Int64>(c.id));
  o->set("kind", std::string(parsers::notice::KindName(c.kind())));
  o->set("state", std::string(StateName(c.state)));
  o->set("received", c.ReceivedAt());
  o->set("received_source", c.receipt_source.empty() ? Var() : Var(c.receipt_source));
  o->set("ingested", c.received_at);
  if (c.restoration) {
    Object::Ptr r = NewObject();
    r->set("earliest", c.restoration->earliest);
    r->set("latest", c.restoration->latest);
    r->set("on", c.restoration->on);
    o->set("restoration", r);
  } else {
    o->set("restoration", Var());
  }
  Object::Ptr original = NewObject();
  original->set("from", Opt(c.notice.original.from));
  original->set("date", Opt(c.notice.original.date));
  original->set("subject", Opt(c.notice.original.subject));
  o->set("original", original);
  o->set("complete", c.notice.analysis.complete);
  Array::Ptr missing = new Array();
  for (const auto& name : c.notice.analysis.missing) missing->add(name);
  o->set("missing", missing);
  Array::Ptr targets = new Array();
  int n = 0;
  for (const auto& t : c.targets) {
    Object::Ptr target = NewObject();
    target->set("n", ++n);
    target->set("url", t.target.url);
    target->set("site", Opt(t.target.site));
    target->set("title", Opt(t.target.title));
    target->set("in_scope", t.target.in_scope);
    target->set("spoof", t.target.spoof);
    target->set("state", std::string(TargetStateName(t.state)));
    target->set("uploader", Opt(t.uploader));
    target->set("sha1", Opt(t.sha1));
    target->set("log_id", OptInt(t.log_id));
    target->set("evidence", t.evidence ? Var(EvidenceToJson(*t.evidence)) : Var());
    targets->add(target);
  }
  o->set("targets", targets);
  Array::Ptr links = new Array();
  for (const auto& link : c.links) {
    Object::Ptr l = NewObject();
    l->set("case", static_cast<Poco::Int64>(link.case_id));
    l->set("relation", link.relation);
    links->add(l);
  }
  o->set("links", links);
  Array::Ptr audit = new Array();
  for (const auto& entry : c.audit) {
    Object::Ptr a = NewObject();
    a->set("at", entry.at);
    a->set("actor", entry.actor);
    a->set("event", entry.action);
    a->set("note", entry.detail.empty() ? Var() : Var(entry.detail));
    audit->add(a);
  }
  o->set("audit", audit);
  return o;
}

}  // namespace dmca::model
