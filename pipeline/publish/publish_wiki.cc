// PublishDue: the public pages onto the wikis, each page recorded with its revision id in the
// same transaction as its audit entry, never written twice.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <map>
#include <set>

#include "archive/lumen.h"
#include "archive/text_util.h"
#include "mediawiki/reply.h"
#include "pipeline/decide/lifecycle.h"
#include "pipeline/publish/publish.h"

namespace dmca::pipeline {
namespace {

using model::CaseState;
using parsers::notice::Kind;

struct WikiPage {
  bool exists = false;
  std::int64_t revid = 0;
  std::string content;
};

// action=query&prop=revisions: the page's current revision and its wikitext.
mediawiki::ApiCall PageQuery(const std::string& site, const std::string& title) {
  mediawiki::ApiCall call;
  call.site = site;
  call.params = {{"action", "query"},       {"prop", "revisions"}, {"titles", title},
                 {"rvprop", "ids|content"}, {"rvslots", "main"},   {"format", "json"},
                 {"formatversion", "2"}};
  call.summary = "read " + title + " on " + site;
  return call;
}

Result<WikiPage> ReadPage(mediawiki::Client& client, const std::string& site,
                          const std::string& title) {
  auto body = client.Send(PageQuery(site, title));
  if (!body.ok()) return body.status();
  auto reply = mediawiki::ParseReply(*body);
  if (!reply.ok()) return reply.status();
  // The reply is untrusted: any other shape is an error, never an exception.
  try {
    auto query = (*reply)->getObject("query");
    auto pages = query ? query->getArray("pages") : nullptr;
    if (!pages || pages->size() == 0) return Status::InvalidArgument("no page in the reply");
    auto page = pages->getObject(0);
    WikiPage out;
    if (!page || page->has("missing") || page->has("invalid")) return out;
    auto revisions = page->getArray("revisions");
    if (!revisions || revisions->size() == 0) return out;
    auto rev = revisions->getObject(0);
    out.exists = true;
    out.revid = rev->getValue<std::int64_t>("revid");
    auto slots = rev->getObject("slots");
    auto main = slots ? slots->getObject("main") : nullptr;
    if (main && main->has("content")) out.content = main->getValue<std::string>("content");
    return out;
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("unexpected page reply: ") + e.what());
  }
}

// edit.newrevid of an edit reply; nullopt for "nochange" (the text was there already).
Result<std::optional<std::int64_t>> EditRevision(const std::string& body) {
  auto ok = mediawiki::ParseActionReply("edit", body);
  if (!ok.ok()) return ok.status();
  auto reply = mediawiki::ParseReply(body);
  if (!reply.ok()) return reply.status();
  try {
    auto edit = (*reply)->getObject("edit");
    if (edit && edit->has("newrevid")) {
      return std::optional<std::int64_t>(edit->getValue<std::int64_t>("newrevid"));
    }
    return std::optional<std::int64_t>();
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("unexpected edit reply: ") + e.what());
  }
}

std::string TrimEnd(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Whether `content` already holds `page`: a section's heading line (and, on a talk page that
// gets one notice per takedown under the same heading, the link to this notice's page).
bool Holds(const std::string& content, const archive::Page& page, const std::string& notice) {
  if (page.mode == archive::PageMode::kCreate) return TrimEnd(content) == TrimEnd(page.wikitext);
  const std::string heading =
      page.mode == archive::PageMode::kNewSection
          ? "== " + page.section_title + " =="
          : archive::Trim(std::string_view(page.wikitext).substr(0, page.wikitext.find('\n')));
  const auto at = content.find(heading);
  if (at == std::string::npos) return false;
  if (page.role != "uploader") return true;
  for (auto from = at; from != std::string::npos; from = content.find(heading, from + 1)) {
    const auto next = content.find("\n== ", from + heading.size());
    if (content.substr(from, next - from).find(notice) != std::string::npos) return true;
  }
  return false;
}

struct Written {
  std::optional<std::int64_t> revid;
  bool found = false;  // already on the wiki: nothing was sent
};

mediawiki::EditMode ModeOf(archive::PageMode mode) {
  switch (mode) {
    case archive::PageMode::kCreate:
      return mediawiki::EditMode::kCreate;
    case archive::PageMode::kAppend:
      return mediawiki::EditMode::kAppend;
    case archive::PageMode::kNewSection:
      return mediawiki::EditMode::kNewSection;
  }
  return mediawiki::EditMode::kCreate;
}

Result<Written> WritePage(mediawiki::Client& client, const archive::Page& page,
                          const std::string& notice_title, const std::string& tag) {
  auto current = ReadPage(client, page.site, page.title);
  if (!current.ok()) return current.status();
  if (current->exists && Holds(current->content, page, notice_title)) {
    return Written{current->revid, true};
  }
  if (current->exists && page.mode == archive::PageMode::kCreate) {
    // createonly: a page of that name with other text is never overwritten.
    return Status::AlreadyExists(page.title + " on " + page.site +
                                 " exists with other text; not overwritten");
  }
  mediawiki::Edit edit{
      .site = page.site,
      .title = page.title,
      .mode = ModeOf(page.mode),
      .text = page.mode == archive::PageMode::kNewSection ? page.section_text : page.wikitext,
      .section_title = page.section_title,
      .summary = page.summary};
  // The list's first entry creates it (appendtext comes with nocreate).
  if (!current->exists && page.mode == archive::PageMode::kAppend) {
    edit.mode = mediawiki::EditMode::kCreate;
  }
  auto body = client.Send(mediawiki::EditCall(edit, tag));
  if (!body.ok()) return body.status();
  auto revid = EditRevision(*body);
  if (!revid.ok()) return revid.status();
  if (*revid) return Written{*revid, false};
  auto after = ReadPage(client, page.site, page.title);
  if (!after.ok()) return after.status();
  return Written{after->exists ? std::optional<std::int64_t>(after->revid) : std::nullopt, false};
}

std::string PageUrl(const PublishOptions& options, const std::string& site,
                    const std::string& title) {
  if (options.api.empty()) return site + "|" + title;
  std::string url = options.api;
  if (const auto at = url.find("{site}"); at != std::string::npos) url.replace(at, 6, site);
  if (const auto at = url.rfind("api.php"); at != std::string::npos) url.resize(at);
  return url + "index.php?title=" + mediawiki::FormEncode({{"t", title}}).substr(2);
}

using Key = std::tuple<std::int64_t, std::string, std::string, std::string>;

Status PublishCase(Store& store, mediawiki::Client& client, const PublishOptions& options,
                   const Clock& clock, const model::Case& c, std::set<Key>& recorded,
                   PublishReport& report) {
  const model::Case view = PublicView(c);
  if (c.kind() == Kind::kTakedown && view.targets.empty()) return Status::Ok();
  std::vector<model::Case> answers;
  for (const auto& link : c.links) {
    if (link.relation != "answered_by") continue;
    auto answer = store.Get(link.case_id);
    if (!answer.ok()) return answer.status();
    answers.push_back(std::move(answer).value());
  }
  auto decisions = store.Redactions(c.id);
  if (!decisions.ok()) return decisions.status();
  const archive::RenderOptions render = CaseRenderOptions(options.render, *decisions);
  auto pages = PagesFor(c, EventsOf(c, answers), render, options.summaries);
  if (!pages.ok()) return pages.status().Annotate("case " + std::to_string(c.id));
  const std::string notice_title = archive::FoundationPageTitle(c.notice);
  std::size_t notice_pages = 0, notice_done = 0;
  for (const auto& [event, page] : *pages) {
    if (event != "notice") continue;
    ++notice_pages;
    if (recorded.count({c.id, page.site, page.title, event})) ++notice_done;
  }
  for (const auto& [event, page] : *pages) {
    const Key key{c.id, page.site, page.title, event};
    if (recorded.count(key)) {
      ++report.already;
      continue;
    }
    // An update belongs under the notice: only once the notice's pages are all there.
    if (event != "notice" && notice_done < notice_pages) continue;
    auto written = WritePage(client, page, notice_title, options.change_tag);
    if (!written.ok()) {
      if (written.status().Retryable()) return written.status();
      ++report.failed;
      report.errors.push_back("case " + std::to_string(c.id) + ": " + page.title + " on " +
                              page.site + ": " + written.status().ToString());
      continue;
    }
    std::optional<std::pair<CaseState, CaseState>> transition;
    const bool last = event == "notice" && notice_done + 1 == notice_pages;
    if (last && c.state == CaseState::kExecuted) {
      transition = std::make_pair(CaseState::kExecuted, CaseState::kPublished);
    }
    Publication p{.case_id = c.id,
                  .site = page.site,
                  .title = page.title,
                  .event = event,
                  .mode = std::string(archive::PageModeName(page.mode)),
                  .revision_id = written->revid,
                  .at = ""};
    model::AuditEntry entry =
        AuditNow(clock, options.actor, written->found ? "publication found" : "published",
                 std::string(archive::PageModeName(page.mode)) + " " + page.title + " (" + event +
                     ")" + (written->revid ? ", revision " + std::to_string(*written->revid) : ""));
    entry.target = page.site + "|" + page.title;
    entry.log_id = written->revid;
    DMCA_RETURN_IF_ERROR(store.RecordPublication(p, entry, transition));
    recorded.insert(key);
    if (event == "notice") ++notice_done;
    if (transition) ++report.published;
    ++(written->found ? report.found : report.written);
    const std::string url = PageUrl(options, page.site, page.title);
    report.urls.push_back(url);
    if (options.report) {
      options.report(std::string(written->found ? "found " : "wrote ") + url + " (case " +
                     std::to_string(c.id) + ", " + event + ")");
    }
  }
  const bool lumen = !options.lumen.url.empty() && !options.lumen.token.empty();
  if (lumen && c.kind() == Kind::kTakedown && notice_pages > 0 && notice_done == notice_pages) {
    auto queued =
        store.QueueLumen(c.id, "notice", archive::LumenJson(view, ActionTaken(c), render));
    if (!queued.ok()) return queued.status();
    if (*queued) ++report.lumen_queued;
  }
  return Status::Ok();
}

}  // namespace

Status PublishDue(Store& store, mediawiki::Client& client, const PublishOptions& options,
                  const Clock& clock, PublishReport* report) {
  PublishReport local;
  PublishReport& r = report ? *report : local;
  std::set<Key> recorded;
  auto all = store.Publications(std::nullopt);
  if (!all.ok()) return all.status();
  for (const auto& p : *all) recorded.insert({p.case_id, p.site, p.title, p.event});
  // The states Publishable accepts; listing by state keeps the rest of the store out.
  std::vector<model::Case> cases;
  for (CaseState state :
       {CaseState::kExecuted, CaseState::kPublished, CaseState::kRestored, CaseState::kForwarded,
        CaseState::kRestoreScheduled, CaseState::kCourtAction}) {
    CaseFilter filter;
    filter.state = state;
    filter.limit = 10'000'000;
    auto listed = store.List(filter);
    if (!listed.ok()) return listed.status();
    for (auto& c : *listed) {
      if (Publishable(c)) cases.push_back(std::move(c));
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const model::Case& a, const model::Case& b) { return a.id < b.id; });
  for (const auto& c : cases) {
    ++r.cases;
    DMCA_RETURN_IF_ERROR(PublishCase(store, client, options, clock, c, recorded, r));
  }
  if (options.lumen.url.empty() || options.lumen.token.empty()) return Status::Ok();
  return SendLumen(store, options.lumen, clock, options.actor, &r);
}

}  // namespace dmca::pipeline
