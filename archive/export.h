#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

#include "archive/render.h"
#include "archive/site.h"
#include "parsers/base/status.h"

namespace dmca::archive {

// `dmca render --json` (CONTRACT.md): {"pages": [{"site", "title", "wikitext", "mode",
// "summary", "section_title"?}, ...]} in the order given.
Poco::JSON::Object::Ptr PagesToJson(const std::vector<Page>& pages);

// "007-foundation.wikimedia.org-Legal_DMCA_Example_-_Sunset.jpg.wikitext": the 1-based
// position (pages of one run may share a title: every append to the Commons list), the site
// and the title with every byte outside [A-Za-z0-9._-] made "_", cut to 150 bytes.
std::string PageFileName(const Page& page, std::size_t position);

// A MediaWiki XML export (Special:Import, schema export-0.11) of the pages of `site` in
// create mode: one <page> each, one <revision> with `timestamp` (ISO 8601 UTC), `user` as
// contributor, the summary as comment and the wikitext. Append and new-section pages are left
// out: importing a revision replaces the whole page, so a section would wipe what it was to
// be added to. Characters XML 1.0 cannot carry are dropped.
std::string ExportXml(const std::vector<Page>& pages, std::string_view site,
                      std::string_view timestamp, std::string_view user = "DMCA archive");

// A self-contained HTML page showing every page's site, title, mode, summary and wikitext,
// all escaped (HtmlEscape): a preview for staff before publishing.
std::string PreviewHtml(const std::vector<Page>& pages);

// The pages of one case (case_id 0: pages of no stored case), and its Lumen JSON if any.
struct CasePages {
  std::int64_t case_id = 0;
  std::vector<Page> pages;
  std::string lumen_json;
};

// The archive files of `cases` (for WriteSite): each page as "wikitext/<case, 6 digits>-" +
// PageFileName (its position within its case: stable while the case's pages are); each Lumen
// JSON as "lumen/<case, 6 digits>.json"; index.json (PagesToJson without the wikitext, plus
// each "case" and "file"); "export-<site>.xml" per site with create-mode pages (ExportXml at
// `timestamp`); preview.html (PreviewHtml).
std::vector<SiteFile> PageFiles(const std::vector<CasePages>& cases, std::string_view timestamp);

// WriteSite(PageFiles({{0, pages}}, timestamp), dir). `timestamp` defaults to now.
// IOError / PermissionDenied when the file system refuses.
Status WritePages(const std::vector<Page>& pages, const std::string& dir,
                  std::string timestamp = "");

}  // namespace dmca::archive
