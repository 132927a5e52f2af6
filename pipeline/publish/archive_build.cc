// BuildArchive: the archive folder `dmca archive build` writes, from the store.

#include <algorithm>
#include <map>

#include "archive/export.h"
#include "archive/lumen.h"
#include "archive/site.h"
#include "pipeline/decide/lifecycle.h"
#include "pipeline/publish/publish.h"

namespace dmca::pipeline {
namespace {

std::vector<model::Case> AnswersOf(const model::Case& c,
                                   const std::map<std::int64_t, const model::Case*>& by_id) {
  std::vector<model::Case> out;
  for (const auto& link : c.links) {
    if (link.relation != "answered_by") continue;
    if (const auto it = by_id.find(link.case_id); it != by_id.end()) out.push_back(*it->second);
  }
  return out;
}

archive::SiteCase SiteCaseOf(const model::Case& c, const std::vector<Publication>& published) {
  archive::SiteCase s;
  s.id = c.id;
  s.received = c.received_at;
  s.kind = std::string(parsers::notice::KindName(c.kind()));
  s.state = std::string(model::StateName(c.state));
  s.title = archive::NoticeTitle(c.notice);
  for (const auto& t : c.targets) {
    s.targets.push_back({t.target.site.value_or(""), t.target.title.value_or(t.target.url),
                         std::string(model::TargetStateName(t.state))});
  }
  bool sent = false;
  for (const auto& e : c.audit) {
    if (e.action.find("letter") != std::string::npos) {
      s.letters.push_back(e.action + " " + e.at.substr(0, 10));
      sent = true;
    }
  }
  if (!sent && c.kind() != parsers::notice::Kind::kOther) {
    s.letters.push_back(std::string(archive::LetterKindName(LetterFor(c))) + " (due)");
  }
  for (const auto& p : published) {
    if (p.case_id == c.id) s.pages.push_back({p.site, p.title, p.event, p.revision_id});
  }
  return s;
}

// Every case, by id, with a lookup for the cases answering each.
struct AllCases {
  std::vector<model::Case> cases;
  std::map<std::int64_t, const model::Case*> by_id;
};

Status LoadAll(Store& store, AllCases& all) {
  CaseFilter filter;
  filter.limit = 100'000'000;
  auto cases = store.List(filter);
  if (!cases.ok()) return cases.status();
  all.cases = std::move(cases).value();
  std::sort(all.cases.begin(), all.cases.end(),
            [](const model::Case& a, const model::Case& b) { return a.id < b.id; });
  for (const auto& c : all.cases) all.by_id[c.id] = &c;
  return Status::Ok();
}

}  // namespace

Result<archive::Stats> StoreStats(Store& store) {
  AllCases all;
  DMCA_RETURN_IF_ERROR(LoadAll(store, all));
  std::vector<archive::CaseFacts> facts;
  for (const auto& c : all.cases) facts.push_back(FactsOf(c, AnswersOf(c, all.by_id)));
  return archive::ComputeStats(facts);
}

Status BuildArchive(Store& store, const archive::RenderOptions& render, const std::string& dir,
                    ArchiveBuildReport* report) {
  AllCases all;
  DMCA_RETURN_IF_ERROR(LoadAll(store, all));
  ArchiveInput input;
  auto publications = store.Publications(std::nullopt);
  if (!publications.ok()) return publications.status();
  input.publications = std::move(publications).value();
  for (const auto& c : all.cases) {
    if (!Publishable(c)) continue;
    auto decisions = store.Redactions(c.id);
    if (!decisions.ok()) return decisions.status();
    if (!decisions->empty()) input.redactions[c.id] = std::move(decisions).value();
  }
  return BuildArchiveFrom(all.cases, input, render, dir, report);
}

Status BuildArchiveFrom(const std::vector<model::Case>& cases, const ArchiveInput& input,
                        const archive::RenderOptions& render, const std::string& dir,
                        ArchiveBuildReport* report) {
  ArchiveBuildReport local;
  ArchiveBuildReport& r = report ? *report : local;
  std::map<std::int64_t, const model::Case*> by_id;
  for (const auto& c : cases) by_id[c.id] = &c;
  std::map<std::int64_t, std::vector<Publication>> published_by_case;
  for (const auto& p : input.publications) published_by_case[p.case_id].push_back(p);
  const std::vector<RedactionDecision> none;

  std::vector<archive::CasePages> pages;
  std::vector<archive::SiteCase> site;
  std::vector<archive::CaseFacts> facts;
  site.reserve(cases.size());
  facts.reserve(cases.size());
  std::string newest;
  for (const auto& c : cases) {
    const auto answers = AnswersOf(c, by_id);
    facts.push_back(FactsOf(c, answers));
    archive::SiteCase s = SiteCaseOf(c, published_by_case[c.id]);
    newest = std::max(newest, c.received_at);
    if (Publishable(c)) {
      const auto found = input.redactions.find(c.id);
      const archive::RenderOptions options =
          CaseRenderOptions(render, found == input.redactions.end() ? none : found->second);
      const model::Case view = PublicView(c);
      archive::CasePages cp{c.id, {}, ""};
      if (c.kind() != parsers::notice::Kind::kTakedown || !view.targets.empty()) {
        auto rendered = PagesFor(c, EventsOf(c, answers), options, {});
        if (!rendered.ok()) return rendered.status().Annotate("case " + std::to_string(c.id));
        for (auto& [event, page] : *rendered) cp.pages.push_back(std::move(page));
        if (c.kind() == parsers::notice::Kind::kTakedown) {
          cp.lumen_json = archive::LumenJson(view, ActionTaken(c), options);
        }
      }
      ++r.published;
      r.pages += cp.pages.size();
      char prefix[32];
      std::snprintf(prefix, sizeof prefix, "%06lld", static_cast<long long>(c.id));
      for (std::size_t i = 0; i < cp.pages.size(); ++i) {
        s.files.push_back("wikitext/" + std::string(prefix) + "-" +
                          archive::PageFileName(cp.pages[i], i + 1));
      }
      if (!cp.lumen_json.empty()) s.files.push_back("lumen/" + std::string(prefix) + ".json");
      pages.push_back(std::move(cp));
    }
    site.push_back(std::move(s));
  }
  r.cases = site.size();
  // The newest receipt, not the clock: an archive of unchanged cases is byte for byte the same.
  std::vector<archive::SiteFile> files = archive::PageFiles(pages, newest);
  auto site_files = archive::SiteFiles(site, archive::ComputeStats(facts));
  files.insert(files.end(), std::make_move_iterator(site_files.begin()),
               std::make_move_iterator(site_files.end()));
  return archive::WriteSite(files, dir, &r.files);
}

}  // namespace dmca::pipeline
