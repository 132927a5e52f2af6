#include "pipeline/model/case_json.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "pipeline/model/json_fields.h"

namespace dmca::model {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;
namespace notice = parsers::notice;
namespace wikiurl = parsers::wikiurl;

using json::Bool;
using json::NewObject;
using json::Opt;
using json::OptI64;
using json::OptInt;
using json::OptStr;
using json::Str;
using json::StrList;

Array::Ptr Strings(const std::vector<std::string>& values) {
  Array::Ptr array = new Array();
  for (const auto& value : values) array->add(value);
  return array;
}

Object::Ptr FindingToJson(const Finding& finding) {
  Object::Ptr object = NewObject();
  object->set("code", finding.code);
  object->set("severity", std::string(SeverityName(finding.severity)));
  object->set("where", finding.where);
  object->set("what", finding.what);
  return object;
}

Array::Ptr FindingsToJson(const Findings& findings) {
  Array::Ptr array = new Array();
  for (const auto& finding : findings) array->add(FindingToJson(finding));
  return array;
}

Object::Ptr PartyToJson(const notice::Party& party) {
  Object::Ptr object = NewObject();
  object->set("name", Opt(party.name));
  object->set("organisation", Opt(party.organisation));
  object->set("emails", Strings(party.emails));
  object->set("phones", Strings(party.phones));
  object->set("addresses", Strings(party.addresses));
  return object;
}

Object::Ptr FieldsToJson(const notice::Fields& fields) {
  Object::Ptr object = NewObject();
  object->set("sender", PartyToJson(fields.sender));
  object->set("principal", Opt(fields.principal));
  object->set("works", Strings(fields.works));
  object->set("date_sent", Opt(fields.date_sent));
  object->set("signature", Opt(fields.signature));
  return object;
}

Object::Ptr ElementsToJson(const std::vector<notice::Element>& elements) {
  Object::Ptr object = NewObject();
  for (const auto& element : elements) {
    Object::Ptr entry = NewObject();
    entry->set("present", element.present);
    entry->set("evidence", Opt(element.evidence));
    object->set(element.name, entry);
  }
  return object;
}

Object::Ptr FullTargetToJson(const wikiurl::Target& target) {
  Object::Ptr object = TargetToJson(target);
  object->set("oldid", OptInt(target.oldid));
  object->set("curid", OptInt(target.curid));
  object->set("findings", FindingsToJson(target.findings));
  return object;
}

// --- Reading back (NoticeFromJson). Missing keys read as empty: older rows stay readable.

Finding::Severity SeverityFromName(std::string_view name) {
  if (name == "info") return Finding::Severity::kInfo;
  if (name == "critical") return Finding::Severity::kCritical;
  return Finding::Severity::kWarning;
}

Findings FindingsFrom(const Object::Ptr& object, const std::string& key) {
  Findings out;
  Array::Ptr array = object ? object->getArray(key) : nullptr;
  if (!array) return out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    Object::Ptr entry = array->getObject(i);
    Finding finding;
    finding.code = Str(entry, "code");
    finding.severity = SeverityFromName(Str(entry, "severity"));
    finding.where = Str(entry, "where");
    finding.what = Str(entry, "what");
    out.push_back(std::move(finding));
  }
  return out;
}

notice::Party PartyFrom(const Object::Ptr& object) {
  notice::Party party;
  party.name = OptStr(object, "name");
  party.organisation = OptStr(object, "organisation");
  party.emails = StrList(object, "emails");
  party.phones = StrList(object, "phones");
  party.addresses = StrList(object, "addresses");
  return party;
}

wikiurl::Target TargetFrom(const Object::Ptr& object) {
  wikiurl::Target target;
  target.url = Str(object, "url");
  target.site = OptStr(object, "site");
  target.title = OptStr(object, "title");
  target.in_scope = Bool(object, "in_scope");
  target.spoof = Bool(object, "spoof");
  target.oldid = OptI64(object, "oldid");
  target.curid = OptI64(object, "curid");
  target.findings = FindingsFrom(object, "findings");
  return target;
}

std::optional<notice::Verdict> VerdictFromName(std::string_view name) {
  for (auto verdict :
       {notice::Verdict::kComplete, notice::Verdict::kDeficient, notice::Verdict::kNotANotice}) {
    if (notice::VerdictName(verdict) == name) return verdict;
  }
  return std::nullopt;
}

}  // namespace

Object::Ptr TargetToJson(const wikiurl::Target& target) {
  Object::Ptr object = NewObject();
  object->set("url", target.url);
  object->set("site", Opt(target.site));
  object->set("title", Opt(target.title));
  object->set("in_scope", target.in_scope);
  object->set("spoof", target.spoof);
  return object;
}

Object::Ptr CheckToJson(const notice::Notice& n) {
  const auto& analysis = n.analysis;
  Object::Ptr original = NewObject();
  original->set("from", Opt(n.original.from));
  original->set("date", Opt(n.original.date));
  original->set("subject", Opt(n.original.subject));
  original->set("to", Opt(n.original.to));
  original->set("cc", Opt(n.original.cc));
  original->set("message_id", Opt(n.original.message_id));
  original->set("forward_depth", n.original.forward_depth);

  Array::Ptr targets = new Array();
  for (const auto& target : n.targets) targets->add(TargetToJson(target));

  Object::Ptr object = NewObject();
  object->set("kind", std::string(notice::KindName(analysis.kind)));
  object->set("original", original);
  object->set("targets", targets);
  object->set("elements", ElementsToJson(analysis.elements));
  object->set("complete", analysis.complete);
  object->set("missing", Strings(analysis.missing));
  object->set("verdict", std::string(notice::VerdictName(analysis.verdict)));
  object->set("kind_reason", analysis.kind_reason);
  if (analysis.kind == notice::Kind::kOther) object->set("category", analysis.other_category);
  object->set("language", analysis.language);
  object->set("fields", FieldsToJson(analysis.fields));
  Findings all = n.findings;
  all.insert(all.end(), analysis.findings.begin(), analysis.findings.end());
  object->set("findings", FindingsToJson(all));
  return object;
}

Object::Ptr NoticeToJson(const notice::Notice& n) {
  const auto& analysis = n.analysis;
  Object::Ptr original = NewObject();
  original->set("from", Opt(n.original.from));
  original->set("to", Opt(n.original.to));
  original->set("date", Opt(n.original.date));
  original->set("subject", Opt(n.original.subject));
  original->set("message_id", Opt(n.original.message_id));
  original->set("forward_depth", n.original.forward_depth);

  Array::Ptr elements = new Array();
  for (const auto& element : analysis.elements) {
    Object::Ptr entry = NewObject();
    entry->set("name", element.name);
    entry->set("present", element.present);
    entry->set("evidence", Opt(element.evidence));
    elements->add(entry);
  }
  Object::Ptr analysis_json = NewObject();
  analysis_json->set("kind", std::string(notice::KindName(analysis.kind)));
  analysis_json->set("kind_reason", analysis.kind_reason);
  analysis_json->set("other_category", analysis.other_category);
  analysis_json->set("language", analysis.language);
  analysis_json->set("elements", elements);
  analysis_json->set("verdict", std::string(notice::VerdictName(analysis.verdict)));
  analysis_json->set("complete", analysis.complete);
  analysis_json->set("missing", Strings(analysis.missing));
  analysis_json->set("fields", FieldsToJson(analysis.fields));
  analysis_json->set("findings", FindingsToJson(analysis.findings));

  Array::Ptr targets = new Array();
  for (const auto& target : n.targets) targets->add(FullTargetToJson(target));
  Array::Ptr attachments = new Array();
  for (const auto& attachment : n.attachments) {
    Object::Ptr entry = NewObject();
    entry->set("path", attachment.path);
    entry->set("filename", attachment.filename);
    entry->set("mime_type", attachment.mime_type);
    entry->set("size", static_cast<Poco::UInt64>(attachment.size));
    entry->set("text_extracted", attachment.text_extracted);
    attachments->add(entry);
  }

  Object::Ptr object = NewObject();
  object->set("version", 1);
  object->set("original", original);
  object->set("body", n.body);
  object->set("analysis", analysis_json);
  object->set("targets", targets);
  object->set("attachments", attachments);
  object->set("findings", FindingsToJson(n.findings));
  return object;
}

Result<notice::Notice> NoticeFromJson(const std::string& json) {
  try {
    Poco::JSON::Parser parser;
    Object::Ptr object = parser.parse(json).extract<Object::Ptr>();
    if (!object) return Status::Corruption("notice JSON is not an object");
    notice::Notice n;
    Object::Ptr original = object->getObject("original");
    n.original.from = OptStr(original, "from");
    n.original.to = OptStr(original, "to");
    n.original.date = OptStr(original, "date");
    n.original.subject = OptStr(original, "subject");
    n.original.message_id = OptStr(original, "message_id");
    if (original && original->has("forward_depth")) {
      n.original.forward_depth = original->getValue<int>("forward_depth");
    }
    n.body = Str(object, "body");

    Object::Ptr analysis = object->getObject("analysis");
    auto& a = n.analysis;
    const std::string kind = Str(analysis, "kind");
    const auto parsed_kind = notice::KindFromName(kind);
    if (!parsed_kind) return Status::Corruption("notice JSON: unknown kind \"" + kind + "\"");
    a.kind = *parsed_kind;
    a.kind_reason = Str(analysis, "kind_reason");
    a.other_category = Str(analysis, "other_category");
    a.language = Str(analysis, "language");
    if (Array::Ptr elements = analysis->getArray("elements")) {
      for (std::size_t i = 0; i < elements->size(); ++i) {
        Object::Ptr entry = elements->getObject(i);
        a.elements.push_back(
            {Str(entry, "name"), Bool(entry, "present"), OptStr(entry, "evidence")});
      }
    }
    const std::string verdict = Str(analysis, "verdict");
    const auto parsed_verdict = VerdictFromName(verdict);
    if (!parsed_verdict) {
      return Status::Corruption("notice JSON: unknown verdict \"" + verdict + "\"");
    }
    a.verdict = *parsed_verdict;
    a.complete = Bool(analysis, "complete");
    a.missing = StrList(analysis, "missing");
    Object::Ptr fields = analysis->getObject("fields");
    a.fields.sender = PartyFrom(fields ? fields->getObject("sender") : nullptr);
    a.fields.principal = OptStr(fields, "principal");
    a.fields.works = StrList(fields, "works");
    a.fields.date_sent = OptStr(fields, "date_sent");
    a.fields.signature = OptStr(fields, "signature");
    a.findings = FindingsFrom(analysis, "findings");

    if (Array::Ptr targets = object->getArray("targets")) {
      for (std::size_t i = 0; i < targets->size(); ++i) {
        n.targets.push_back(TargetFrom(targets->getObject(i)));
      }
    }
    if (Array::Ptr attachments = object->getArray("attachments")) {
      for (std::size_t i = 0; i < attachments->size(); ++i) {
        Object::Ptr entry = attachments->getObject(i);
        notice::Attachment attachment;
        attachment.path = Str(entry, "path");
        attachment.filename = Str(entry, "filename");
        attachment.mime_type = Str(entry, "mime_type");
        attachment.size = static_cast<std::size_t>(entry->getValue<Poco::UInt64>("size"));
        attachment.text_extracted = Bool(entry, "text_extracted");
        n.attachments.push_back(std::move(attachment));
      }
    }
    n.findings = FindingsFrom(object, "findings");
    return n;
  } catch (const Poco::Exception& e) {
    return Status::Corruption("notice JSON: " + e.displayText());
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("notice JSON: ") + e.what());
  }
}

std::string Stringify(const Object::Ptr& object, bool pretty) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(object, out, pretty ? 2 : 0, pretty ? 2 : -1);
  return out.str();
}

std::string Stringify(const Array::Ptr& array, bool pretty) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(array, out, pretty ? 2 : 0, pretty ? 2 : -1);
  return out.str();
}

}  // namespace dmca::model
