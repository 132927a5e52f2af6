#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "archive/stats.h"
#include "parsers/base/status.h"

namespace dmca::archive {

// One case as the staff archive site shows it: only what the public copies may show (the
// public title, the targets, states, the letters' names, the pages written), so the site can
// be shared as widely as the public pages.
struct SiteCase {
  std::int64_t id = 0;
  std::string received;  // ISO 8601 UTC: the index files it under its year and month
  std::string kind;
  std::string state;
  std::string title;  // archive::NoticeTitle
  struct Target {
    std::string site, title, state;
  };
  std::vector<Target> targets;
  std::vector<std::string> letters;  // "deficiency (due)", "acknowledgement sent 2026-11-24"
  struct Published {
    std::string site, title, event;
    std::optional<std::int64_t> revision_id;
  };
  std::vector<Published> pages;
  std::vector<std::string> files;  // this build's files of the case (wikitext, Lumen JSON)
};

struct SiteReport {
  std::size_t written = 0;    // files created or changed
  std::size_t unchanged = 0;  // files left as they were (same content)
  std::size_t removed = 0;    // files of an earlier build that this one no longer has
};

// Content-addressed output: what a build writes into `dir`, by relative path.
struct SiteFile {
  std::string path;  // "case/000123.html", "2026-11.html", "stats.csv"
  std::string content;
};

// The site's files for these cases: index.html (years and months), one page per month
// "<YYYY>-<MM>.html", one per case "case/<id, 6 digits>.html" (stable names: a case keeps its
// file whatever else changes), stats.html (ComputeStats's tables and SVG charts), stats.csv,
// stats.json. Every text is HTML-escaped.
std::vector<SiteFile> SiteFiles(const std::vector<SiteCase>& cases, const Stats& stats);

// Writes `files` (SiteFiles, plus any others of the build) into `dir` (created if missing):
// a file whose content is unchanged is not rewritten (its time stays), and the files an
// earlier build wrote that are not in `files` are removed, so nothing is left over. What was
// written is kept in dir/.manifest (path and content hash); a build trusts it, so a file removed
// by hand comes back when its content changes, or after deleting .manifest.
// IOError / PermissionDenied naming the path when the file system refuses.
Status WriteSite(const std::vector<SiteFile>& files, const std::string& dir,
                 SiteReport* report = nullptr);

}  // namespace dmca::archive
