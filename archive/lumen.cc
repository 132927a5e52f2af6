#include "archive/lumen.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>

#include <array>
#include <set>
#include <sstream>

#include "archive/redact.h"
#include "archive/text_util.h"

namespace dmca::archive {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr NewObject() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

// ISO 3166-1 alpha-2 of a country an address line names, "" when none is recognized.
std::string CountryOf(const std::vector<std::string>& addresses) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kCountries = {{
      {"united states", "US"},
      {"usa", "US"},
      {"u.s.a", "US"},
      {"germany", "DE"},
      {"deutschland", "DE"},
      {"france", "FR"},
      {"spain", "ES"},
      {"españa", "ES"},
      {"united kingdom", "GB"},
      {"england", "GB"},
      {"canada", "CA"},
      {"italy", "IT"},
      {"netherlands", "NL"},
      {"japan", "JP"},
  }};
  for (const auto& address : addresses) {
    const std::string lower = AsciiLower(address);
    for (const auto& [name, code] : kCountries) {
      const auto at = lower.find(name);
      if (at == std::string::npos) continue;
      const std::size_t end = at + name.size();
      const bool bounded = (at == 0 || !IsAsciiAlpha(lower[at - 1])) &&
                           (end >= lower.size() || !IsAsciiAlpha(lower[end]));
      if (bounded) return std::string(code);
    }
  }
  return "";
}

Object::Ptr Role(std::string_view role, const std::string& name, const std::string& country) {
  Object::Ptr entity = NewObject();
  entity->set("name", name);
  if (!country.empty()) entity->set("country_code", country);
  Object::Ptr o = NewObject();
  o->set("name", std::string(role));
  o->set("entity_attributes", entity);
  return o;
}

Array::Ptr Urls(const std::vector<std::string>& urls) {
  Array::Ptr list = new Array();
  for (const auto& url : urls) {
    Object::Ptr o = NewObject();
    o->set("url", url);
    list->add(o);
  }
  return list;
}

}  // namespace

Object::Ptr LumenNotice(const model::Case& c, std::string_view action_taken,
                        const RenderOptions& options) {
  const auto& notice = c.notice;
  const auto& fields = notice.analysis.fields;
  const auto& r = options.redaction;
  Object::Ptr n = NewObject();
  n->set("type", std::string("DMCA"));
  n->set("title", NoticeTitle(notice));
  n->set("subject", RedactHeader(notice.original.subject.value_or(""), notice, r));
  n->set("body", Redact(notice.body, notice, r));
  if (const std::string sent = NoticeDate(notice); !sent.empty()) n->set("date_sent", sent);
  if (c.received_at.size() >= 10) n->set("date_received", c.received_at.substr(0, 10));
  const std::string language = notice.analysis.language;
  n->set("language", language.empty() || language == "und" ? std::string("en") : language);
  n->set("action_taken", std::string(action_taken));
  n->set("jurisdiction_list", std::string("US"));

  std::vector<std::string> infringing, copyrighted;
  std::set<std::string> seen;
  for (const auto& t : c.targets) {
    if (!seen.insert(t.target.url).second) continue;
    if (model::Actionable(t.target)) {
      infringing.push_back(t.target.url);
    } else if (!t.target.in_scope && !t.target.spoof) {
      copyrighted.push_back(t.target.url);
    }
  }
  for (const auto& t : notice.targets) {
    if (!t.in_scope && !t.spoof && seen.insert(t.url).second) copyrighted.push_back(t.url);
  }
  std::string works;
  for (const auto& w : fields.works) {
    if (!works.empty()) works += "; ";
    works += Redact(w, notice, r);
  }
  Object::Ptr work = NewObject();
  work->set("description", works.empty() ? NoticeTitle(notice) : works);
  work->set("copyrighted_urls_attributes", Urls(copyrighted));
  work->set("infringing_urls_attributes", Urls(infringing));
  Array::Ptr works_list = new Array();
  works_list->add(work);
  n->set("works_attributes", works_list);

  Array::Ptr roles = new Array();
  const std::string country = CountryOf(fields.sender.addresses);
  // An "organisation" naming Wikimedia is the recipient the extractor read from the greeting,
  // never the sender.
  const auto& org = fields.sender.organisation;
  const bool sender_named = org && !org->empty() && org->find("Wikimedia") == std::string::npos;
  const std::string sender = sender_named ? Redact(*org, notice, r)
                             : fields.principal && !fields.principal->empty()
                                 ? Redact(*fields.principal, notice, r)
                                 : r.marker;
  roles->add(Role("sender", sender, country));
  if (fields.principal && !fields.principal->empty()) {
    roles->add(Role("principal", Redact(*fields.principal, notice, r), ""));
  }
  roles->add(Role("recipient", "Wikimedia Foundation", "US"));
  n->set("entity_notice_roles_attributes", roles);

  Object::Ptr root = NewObject();
  root->set("notice", n);
  return root;
}

std::string LumenJson(const model::Case& c, std::string_view action_taken,
                      const RenderOptions& options) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(LumenNotice(c, action_taken, options), out, 0);
  return out.str();
}

}  // namespace dmca::archive
