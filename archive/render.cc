#include "archive/render.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "archive/render_internal.h"
#include "archive/text_util.h"
#include "archive/wikitext.h"

namespace dmca::archive {
namespace internal {

Result<std::string> RenderTemplate(const RenderOptions& options, std::string_view name,
                                   const kainjow::mustache::data& data, Escape escape) {
  const Templates& templates = options.templates ? *options.templates : Templates::Builtin();
  const std::string* source = templates.Find(name);
  if (source == nullptr) return Status::InvalidArgument("no template " + std::string(name));
  try {
    kainjow::mustache::mustache tmpl{*source};
    if (escape == Escape::kWikitext) {
      const std::string marker = options.redaction.marker;
      tmpl.set_custom_escape([marker](const std::string& s) { return WikiInert(s, marker); });
    } else {
      tmpl.set_custom_escape([](const std::string& s) { return s; });
    }
    if (!tmpl.is_valid()) {
      return Status::InvalidArgument("template " + std::string(name) + ": " + tmpl.error_message());
    }
    std::string out = tmpl.render(data);
    // kainjow keeps the newline after a standalone "{{=<% %>=}}" line; the spec drops it.
    if (source->starts_with("{{=") && out.starts_with("\n")) out.erase(0, 1);
    if (!tmpl.is_valid()) {
      return Status::InvalidArgument("template " + std::string(name) + ": " + tmpl.error_message());
    }
    return out;
  } catch (const std::exception& e) {
    return Status::InvalidArgument("template " + std::string(name) + ": " + e.what());
  }
}

kainjow::mustache::data StringList(const std::vector<std::string>& items) {
  kainjow::mustache::data list{kainjow::mustache::data::type::list};
  for (const auto& item : items) list.push_back(kainjow::mustache::data{item});
  return list;
}

}  // namespace internal

namespace {

using internal::Escape;
using internal::RenderTemplate;
using internal::StringList;
using kainjow::mustache::data;
using parsers::notice::Kind;
using parsers::notice::Notice;
using parsers::wikiurl::Target;

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};

// Reads "Tue, 24 Nov 2026 10:00:00 +0000", "2026-11-24", "November 24, 2026", "24.11.2026".
std::string ParseDate(std::string_view text) {
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : text) {
    if (IsAsciiAlnum(c)) {
      cur += c;
    } else if (!cur.empty()) {
      tokens.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(cur);
  auto number = [](const std::string& t) {
    return !t.empty() && t.size() <= 4 && std::all_of(t.begin(), t.end(), IsAsciiDigit)
               ? std::stoi(t)
               : -1;
  };
  int year = -1, month = -1, day = -1;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const int n = number(tokens[i]);
    if (tokens[i].size() == 4 && n >= 1990 && n <= 2099 && year < 0) {
      year = n;
      // ISO: YYYY-MM-DD.
      if (i + 2 < tokens.size() && month < 0) {
        const int m = number(tokens[i + 1]);
        const int d = number(tokens[i + 2]);
        if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
          month = m;
          day = d;
        }
      }
    } else if (n < 0 && tokens[i].size() >= 3 && month < 0) {
      const std::string prefix = AsciiLower(tokens[i].substr(0, 3));
      const auto it = std::find(kMonths.begin(), kMonths.end(), prefix);
      if (it != kMonths.end()) month = static_cast<int>(it - kMonths.begin()) + 1;
    } else if (n >= 1 && n <= 31 && day < 0 && tokens[i].size() <= 2) {
      day = n;
      // European numeric: DD.MM.YYYY.
      if (i + 2 < tokens.size() && month < 0) {
        const int m = number(tokens[i + 1]);
        if (m >= 1 && m <= 12 && tokens[i + 2].size() == 4 &&
            text.find('.') != std::string_view::npos) {
          month = m;
        }
      }
    }
  }
  if (year < 0) return "";
  if (month < 0 || day < 0) return std::to_string(year);
  auto two = [](int n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
  return std::to_string(year) + "-" + two(month) + "-" + two(day);
}

std::string FirstDate(const Notice& notice) {
  for (const auto& candidate : {notice.original.date, notice.analysis.fields.date_sent}) {
    if (candidate) {
      std::string d = ParseDate(*candidate);
      if (!d.empty()) return d;
    }
  }
  return "";
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

bool Publishable(const Target& t) { return t.in_scope && !t.spoof && t.site && t.title; }

std::vector<Target> PublishableTargets(const std::vector<Target>& targets) {
  std::vector<Target> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (const Target& t : targets) {
    if (Publishable(t) && seen.emplace(*t.site, *t.title).second) out.push_back(t);
  }
  return out;
}

std::string WithoutNamespace(const std::string& title) {
  const auto colon = title.find(':');
  return colon == std::string::npos ? title : title.substr(colon + 1);
}

// A new_section page's template renders "== Heading ==\n<text>": split it for section=new.
void SplitSection(Page& page) {
  const auto nl = page.wikitext.find('\n');
  const std::string first = Trim(page.wikitext.substr(0, nl));
  std::size_t level = 0;
  while (level < first.size() / 2 && first[level] == '=' &&
         first[first.size() - 1 - level] == '=') {
    ++level;
  }
  page.section_title = level > 0 ? Trim(first.substr(level, first.size() - 2 * level)) : "";
  page.section_text = nl == std::string::npos ? "" : page.wikitext.substr(nl + 1);
  while (!page.section_text.empty() && page.section_text[0] == '\n') page.section_text.erase(0, 1);
}

bool ValidUserName(const std::string& name) {
  if (name.empty() || name.size() > 255) return false;
  return std::none_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 ||
           std::string_view("#<>[]|{}/@:").find(c) != std::string_view::npos;
  });
}

Result<Page> FoundationPage(const Notice& notice, const RenderOptions& options) {
  const auto& r = options.redaction;
  std::vector<std::string> works;
  for (const auto& w : notice.analysis.fields.works) works.push_back(Redact(w, notice, r));
  std::vector<std::string> attachments;
  for (const auto& a : notice.attachments) {
    if (!a.filename.empty()) attachments.push_back(Redact(a.filename, notice, r));
  }
  const auto& o = notice.original;
  data d;
  d.set("from", RedactHeader(o.from.value_or(""), notice, r));
  d.set("date", RedactHeader(o.date.value_or(""), notice, r));
  d.set("subject", RedactHeader(o.subject.value_or(""), notice, r));
  d.set("to", RedactHeader(o.to.value_or(""), notice, r));
  d.set("content", Join(works, "; "));
  d.set("attachment", Join(attachments, ", "));
  d.set("message", NowikiParam(Redact(notice.body, notice, r), r.marker));
  d.set("year", NoticeYear(notice));
  auto text = RenderTemplate(options, "foundation_notice", d, Escape::kWikitext);
  if (!text.ok()) return text.status();
  Page page;
  page.site = options.foundation_site;
  page.title = FoundationPageTitle(notice);
  page.wikitext = std::move(text).value();
  page.mode = PageMode::kCreate;
  const std::string_view what = notice.analysis.kind == Kind::kCounterNotice ? "DMCA counter-notice"
                                : notice.analysis.kind == Kind::kRetraction
                                    ? "DMCA retraction"
                                    : "DMCA takedown notice";
  page.summary = std::string(what) + ": " + NoticeTitle(notice);
  page.role = "notice";
  return page;
}

data TakedownData(const Notice& notice, const std::vector<Target>& targets,
                  const RenderOptions& options) {
  std::vector<std::string> files;
  std::vector<std::string> others;
  for (const Target& t : targets) {
    if (*t.site == options.commons_site) {
      files.push_back(*t.title);
    } else {
      others.push_back(t.url);
    }
  }
  data d;
  d.set("title", NoticeTitle(notice));
  d.set("foundation_title", FoundationPageTitle(notice));
  d.set("files", StringList(files));
  d.set("other_urls", StringList(others));
  d.set("legal_email", options.legal_email);
  return d;
}

Result<std::vector<Page>> Render(const Notice& notice, const std::vector<Target>& all_targets,
                                 const std::vector<std::pair<Target, std::string>>& uploads,
                                 const RenderOptions& options) {
  std::vector<Page> pages;
  if (notice.analysis.kind == Kind::kOther) return pages;
  auto foundation = FoundationPage(notice, options);
  if (!foundation.ok()) return foundation.status();
  pages.push_back(std::move(foundation).value());
  if (notice.analysis.kind != Kind::kTakedown) return pages;

  const std::vector<Target> targets = PublishableTargets(all_targets);
  const data d = TakedownData(notice, targets, options);
  auto list = RenderTemplate(options, "commons_list", d, Escape::kWikitext);
  if (!list.ok()) return list.status();
  pages.push_back(Page{.site = options.commons_site,
                       .title = options.commons_list_title,
                       .wikitext = std::move(list).value(),
                       .mode = PageMode::kAppend,
                       .summary = "new takedown",
                       .section_title = "",
                       .section_text = "",
                       .role = "list"});
  if (options.village_pump) {
    auto pump = RenderTemplate(options, "village_pump", d, Escape::kWikitext);
    if (!pump.ok()) return pump.status();
    Page page{.site = options.commons_site,
              .title = options.village_pump_title,
              .wikitext = std::move(pump).value(),
              .mode = PageMode::kNewSection,
              .summary = "",
              .section_title = "",
              .section_text = "",
              .role = "pump"};
    SplitSection(page);
    page.summary = page.section_title;
    pages.push_back(std::move(page));
  }

  // One notice per (site, uploader), listing all of that uploader's removed files there.
  std::vector<std::pair<std::string, std::string>> order;
  for (const auto& [target, uploader] : uploads) {
    if (!Publishable(target) || !ValidUserName(uploader)) continue;
    const std::pair<std::string, std::string> key{*target.site, uploader};
    if (std::find(order.begin(), order.end(), key) == order.end()) order.push_back(key);
  }
  for (const auto& [site, uploader] : order) {
    std::vector<std::string> files;
    for (const auto& [target, who] : uploads) {
      if (who == uploader && Publishable(target) && *target.site == site &&
          std::find(files.begin(), files.end(), *target.title) == files.end()) {
        files.push_back(*target.title);
      }
    }
    data u = TakedownData(notice, targets, options);
    u.set("uploader", uploader);
    u.set("removed", StringList(files));
    u.set("on_commons", site == options.commons_site ? data(data::type::bool_true)
                                                     : data(data::type::bool_false));
    const Templates& templates = options.templates ? *options.templates : Templates::Builtin();
    const std::string localized = "uploader_notice_" + WikiLanguage(site);
    auto text = RenderTemplate(options, templates.Find(localized) ? localized : "uploader_notice",
                               u, Escape::kWikitext);
    if (!text.ok()) return text.status();
    Page page{.site = site,
              .title = "User_talk:" + Underscores(uploader),
              .wikitext = std::move(text).value(),
              .mode = PageMode::kNewSection,
              .summary = "",
              .section_title = "",
              .section_text = "",
              .role = "uploader"};
    SplitSection(page);
    page.summary = page.section_title;
    pages.push_back(std::move(page));
  }
  return pages;
}

}  // namespace

std::string_view PageModeName(PageMode mode) {
  switch (mode) {
    case PageMode::kCreate:
      return "create";
    case PageMode::kAppend:
      return "append";
    case PageMode::kNewSection:
      return "new_section";
  }
  return "create";
}

std::string NoticeDate(const Notice& notice) {
  const std::string d = FirstDate(notice);
  return d.size() == 10 ? d : "";
}

std::string NoticeYear(const Notice& notice) {
  const std::string d = FirstDate(notice);
  return d.size() >= 4 ? d.substr(0, 4) : "";
}

std::string NoticeTitle(const Notice& notice) {
  const auto& fields = notice.analysis.fields;
  std::string who;
  for (const auto& candidate : {fields.principal, fields.sender.organisation}) {
    if (candidate && !TitleComponent(*candidate, 60).empty()) {
      who = TitleComponent(*candidate, 60);
      break;
    }
  }
  if (who.empty()) who = "Copyright holder";
  if (notice.analysis.kind == Kind::kCounterNotice) who = "Counter-notice";
  if (notice.analysis.kind == Kind::kRetraction) who += " retraction";

  std::string what;
  for (const Target& t : PublishableTargets(notice.targets)) {
    what = TitleComponent(WithoutNamespace(*t.title), 70);
    if (!what.empty()) break;
  }
  if (what.empty() && !fields.works.empty()) {
    what = TitleComponent(Redact(fields.works.front(), notice), 70);
  }
  if (what.empty()) what = "Takedown notice";
  std::string title = who + " - " + what;
  const std::string date = NoticeDate(notice);
  if (!date.empty()) title += " (" + date + ")";
  return TitleComponent(title, 120);
}

std::string FoundationPageTitle(const Notice& notice) {
  return "Legal:DMCA_" + Underscores(NoticeTitle(notice));
}

Result<std::vector<Page>> RenderNotice(const model::Case& c, const RenderOptions& options) {
  std::vector<Target> targets;
  std::vector<std::pair<Target, std::string>> uploads;
  for (const auto& ct : c.targets) {
    targets.push_back(ct.target);
    // Every uploader the evidence names is told (DOMAIN.md "Uploader"), not only the last.
    std::vector<std::string> who;
    if (ct.uploader) who.push_back(*ct.uploader);
    if (ct.evidence) {
      for (const auto& u : ct.evidence->uploads) who.push_back(u.user);
    }
    std::set<std::string> told;
    for (const auto& name : who) {
      if (told.insert(name).second) uploads.emplace_back(ct.target, name);
    }
  }
  if (targets.empty()) targets = c.notice.targets;
  Notice notice = c.notice;
  if (notice.targets.empty()) notice.targets = targets;
  return Render(notice, targets, uploads, options);
}

Result<std::vector<Page>> RenderNotice(const Notice& notice, const RenderOptions& options) {
  return Render(notice, notice.targets, {}, options);
}

std::string WikiLanguage(std::string_view site) {
  const auto dot = site.find('.');
  const std::string_view first = site.substr(0, dot);
  static constexpr std::array<std::string_view, 6> kProjects = {"wikipedia.org",  "wiktionary.org",
                                                                "wikisource.org", "wikibooks.org",
                                                                "wikiquote.org",  "wikivoyage.org"};
  const std::string_view rest = dot == std::string_view::npos ? "" : site.substr(dot + 1);
  const bool language_edition =
      std::find(kProjects.begin(), kProjects.end(), rest) != kProjects.end();
  // Language codes are letters and hyphens ("de", "zh-yue", "simple" has no notice of its own).
  const bool code =
      first.size() >= 2 && first.size() <= 12 &&
      std::all_of(first.begin(), first.end(), [](char c) { return IsAsciiAlpha(c) || c == '-'; });
  return language_edition && code ? AsciiLower(first) : "en";
}

Result<Page> RenderUpdate(const Notice& notice, std::string_view event_title, std::string_view date,
                          std::string_view text, const RenderOptions& options) {
  data d;
  d.set("event_title", std::string(event_title));
  d.set("date", std::string(date));
  d.set("text", std::string(text));
  auto rendered = RenderTemplate(options, "foundation_update", d, Escape::kWikitext);
  if (!rendered.ok()) return rendered.status();
  Page page{.site = options.foundation_site,
            .title = FoundationPageTitle(notice),
            .wikitext = std::move(rendered).value(),
            .mode = PageMode::kNewSection,
            .summary = "",
            .section_title = "",
            .section_text = "",
            .role = "update"};
  SplitSection(page);
  page.summary = page.section_title;
  return page;
}

}  // namespace dmca::archive
