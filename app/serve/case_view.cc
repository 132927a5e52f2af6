#include "app/serve/case_view.h"

#include <algorithm>

#include "pipeline/calendar/business_days.h"

namespace dmca::app::serve {
namespace {

using kainjow::mustache::data;

struct Mark {
  std::size_t begin, end;
  std::string element;
};

// The body cut at each element's evidence (the verbatim substring the analyzer quoted), so the
// template marks it without any HTML built here.
data Segments(const parsers::notice::Notice& notice) {
  std::vector<Mark> marks;
  for (const auto& e : notice.analysis.elements) {
    if (!e.present || !e.evidence || e.evidence->empty()) continue;
    const std::size_t at = notice.body.find(*e.evidence);
    if (at != std::string::npos) marks.push_back({at, at + e.evidence->size(), e.name});
  }
  std::sort(marks.begin(), marks.end(),
            [](const Mark& a, const Mark& b) { return a.begin < b.begin; });
  data list{data::type::list};
  std::size_t pos = 0;
  for (const Mark& m : marks) {
    if (m.begin < pos) continue;  // overlapping evidence: the first one is marked
    if (m.begin > pos) {
      data plain;
      plain.set("text", notice.body.substr(pos, m.begin - pos));
      list.push_back(plain);
    }
    data marked;
    marked.set("text", notice.body.substr(m.begin, m.end - m.begin));
    marked.set("element", m.element);
    marked.set("mark", true);
    list.push_back(marked);
    pos = m.end;
  }
  if (pos < notice.body.size()) {
    data plain;
    plain.set("text", notice.body.substr(pos));
    list.push_back(plain);
  }
  return list;
}

std::string OrDash(const std::optional<std::string>& value) { return value.value_or("-"); }

}  // namespace

std::string ElementInPlainWords(const std::string& name) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"signature", "A signature (a typed name such as \"/s/ Jane Doe\" will do)"},
      {"copyrighted_work", "What copyrighted work is said to be infringed"},
      {"infringing_material", "Which material is said to infringe, and where it is (URLs)"},
      {"contact_information", "Contact information: name, postal address, telephone number"},
      {"good_faith_statement",
       "A statement of good faith belief that the use is not authorized by the owner or the law"},
      {"accuracy_and_authority_statement",
       "A statement that the notice is accurate and, under penalty of perjury, that the sender "
       "may act for the owner"},
      {"removed_material", "What was removed, and where it appeared before (the URLs)"},
      {"mistake_statement",
       "A statement under penalty of perjury that you believe in good faith the material was "
       "removed by mistake or misidentification"},
      {"jurisdiction_consent",
       "Your consent to the jurisdiction of a US Federal District Court, and that you will "
       "accept service of process from the person who sent the notice"},
  };
  for (const auto& [key, words] : kWords) {
    if (name == key) return words;
  }
  return name;
}

std::string TargetLink(const parsers::wikiurl::Target& target) {
  if (target.site && target.title && !target.spoof) {
    std::string title = *target.title;
    std::replace(title.begin(), title.end(), ' ', '_');
    return "https://" + *target.site + "/wiki/" + title;
  }
  if (target.url.rfind("https://", 0) == 0 || target.url.rfind("http://", 0) == 0) {
    return target.url;
  }
  return "";
}

std::pair<std::string, std::string> RestoreWindowOf(const std::string& received_at) {
  auto date = pipeline::ParseDate(received_at.substr(0, 10));
  if (!date.ok()) return {"", ""};
  const auto window = pipeline::RestoreWindowFor(*date);
  return {pipeline::FormatDate(window.earliest), pipeline::FormatDate(window.latest)};
}

data CaseView(const model::Case& c, const std::vector<pipeline::AuditRecord>& trail) {
  const auto& a = c.notice.analysis;
  data v;
  v.set("id", std::to_string(c.id));
  v.set("kind", std::string(parsers::notice::KindName(a.kind)));
  v.set("state", std::string(model::StateName(c.state)));
  v.set("received", c.ReceivedAt());
  v.set("from", OrDash(c.notice.original.from));
  v.set("date", OrDash(c.notice.original.date));
  v.set("subject", OrDash(c.notice.original.subject));
  v.set("complete", a.complete);
  v.set("verdict", std::string(parsers::notice::VerdictName(a.verdict)));
  v.set("takedown", a.kind == parsers::notice::Kind::kTakedown);
  v.set("counter_notice", a.kind == parsers::notice::Kind::kCounterNotice);
  v.set("segments", Segments(c.notice));

  data elements{data::type::list};
  for (const auto& e : a.elements) {
    data item;
    item.set("name", e.name);
    item.set("words", ElementInPlainWords(e.name));
    item.set("present", e.present);
    if (e.evidence) item.set("evidence", *e.evidence);
    elements.push_back(item);
  }
  v.set("elements", elements);

  data targets{data::type::list};
  bool any_deleted = false;
  for (std::size_t i = 0; i < c.targets.size(); ++i) {
    const auto& t = c.targets[i];
    data item;
    item.set("n", std::to_string(i + 1));
    item.set("url", t.target.url);
    item.set("site", OrDash(t.target.site));
    item.set("title", t.target.title.value_or(t.target.url));
    item.set("state", std::string(model::TargetStateName(t.state)));
    item.set("uploader", OrDash(t.uploader));
    item.set("sha1", OrDash(t.sha1));
    const std::string link = TargetLink(t.target);
    if (!link.empty()) item.set("link", link);
    item.set("actionable", model::Actionable(t.target));
    item.set("spoof", t.target.spoof);
    any_deleted = any_deleted || t.state == model::TargetState::kDeleted;
    if (t.evidence) {
      data uploads{data::type::list};
      for (const auto& u : t.evidence->uploads) {
        data up;
        up.set("user", u.user);
        up.set("timestamp", u.timestamp);
        up.set("sha1", u.sha1);
        up.set("size", std::to_string(u.size));
        uploads.push_back(up);
      }
      item.set("uploads", uploads);
      item.set("checked_at", t.evidence->checked_at);
    }
    targets.push_back(item);
  }
  v.set("targets", targets);
  v.set("has_targets", !c.targets.empty());
  v.set("any_deleted", any_deleted);

  data links{data::type::list};
  for (const auto& l : c.links) {
    data item;
    item.set("case", std::to_string(l.case_id));
    item.set("relation", l.relation);
    links.push_back(item);
  }
  if (c.linked_case && c.links.empty()) {
    data item;
    item.set("case", std::to_string(*c.linked_case));
    item.set("relation", "answers");
    links.push_back(item);
  }
  v.set("links", links);
  v.set("has_links", !links.is_empty_list());

  data audit{data::type::list};
  data letters{data::type::list};
  for (const auto& record : trail) {
    const auto& e = record.entry;
    data item;
    item.set("seq", std::to_string(record.seq));
    item.set("at", e.at);
    item.set("actor", e.actor);
    item.set("action", e.action);
    item.set("target", e.target);
    item.set("detail", e.detail);
    if (e.action.find("letter") != std::string::npos || e.action == "forwarded") {
      letters.push_back(item);
    }
    audit.push_back(item);
  }
  v.set("audit", audit);
  v.set("letters", letters);
  v.set("has_letters", !letters.is_empty_list());

  if (c.restoration) {  // accepted: the window and the day Workflow set
    v.set("restore_earliest", c.restoration->earliest);
    v.set("restore_latest", c.restoration->latest);
    v.set("restore_on", c.restoration->on);
  } else if (a.kind == parsers::notice::Kind::kCounterNotice) {  // what accepting it would set
    const auto [earliest, latest] = RestoreWindowOf(c.ReceivedAt());
    v.set("restore_earliest", earliest);
    v.set("restore_latest", latest);
  }
  return v;
}

}  // namespace dmca::app::serve
