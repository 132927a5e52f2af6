#include "archive/site.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>
#include <unordered_map>

#include "archive/wikitext.h"

namespace dmca::archive {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kHead =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>";
constexpr std::string_view kStyle =
    "</title><style>body{font-family:sans-serif}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:2px 6px}</style></head><body>\n";

std::string Page(std::string_view title, const std::string& body) {
  std::string out(kHead);
  out += HtmlEscape(title);
  out += kStyle;
  out += body;
  out += "</body></html>\n";
  return out;
}

std::string CaseFile(std::int64_t id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "case/%06lld.html", static_cast<long long>(id));
  return buf;
}

std::string Month(const SiteCase& c) {
  return c.received.size() >= 7 ? c.received.substr(0, 7) : "undated";
}

std::string CasePage(const SiteCase& c) {
  std::string b;
  b.reserve(1024);
  b += "<p><a href=\"../index.html\">Archive index</a> · <a href=\"../" + HtmlEscape(Month(c)) +
       ".html\">" + HtmlEscape(Month(c)) + "</a></p>\n<h1>Case " + std::to_string(c.id) + ": " +
       HtmlEscape(c.title) + "</h1>\n<table>\n<tr><th>received</th><td>" + HtmlEscape(c.received) +
       "</td></tr>\n<tr><th>kind</th><td>" + HtmlEscape(c.kind) +
       "</td></tr>\n<tr><th>status</th><td>" + HtmlEscape(c.state) + "</td></tr>\n</table>\n";
  b += "<h2>Targets</h2>\n<table>\n<tr><th>wiki</th><th>title</th><th>state</th></tr>\n";
  for (const auto& t : c.targets) {
    b += "<tr><td>" + HtmlEscape(t.site) + "</td><td>" + HtmlEscape(t.title) + "</td><td>" +
         HtmlEscape(t.state) + "</td></tr>\n";
  }
  b += "</table>\n<h2>Letters</h2>\n<ul>\n";
  for (const auto& l : c.letters) b += "<li>" + HtmlEscape(l) + "</li>\n";
  b += "</ul>\n<h2>Published pages</h2>\n<table>\n<tr><th>wiki</th><th>page</th><th>event</th>"
       "<th>revision</th></tr>\n";
  for (const auto& p : c.pages) {
    b += "<tr><td>" + HtmlEscape(p.site) + "</td><td>" + HtmlEscape(p.title) + "</td><td>" +
         HtmlEscape(p.event) + "</td><td>" +
         (p.revision_id ? std::to_string(*p.revision_id) : std::string()) + "</td></tr>\n";
  }
  b += "</table>\n";
  if (!c.files.empty()) {
    b += "<h2>Files</h2>\n<ul>\n";
    for (const auto& f : c.files) {
      b += "<li><a href=\"../" + HtmlEscape(f) + "\">" + HtmlEscape(f) + "</a></li>\n";
    }
    b += "</ul>\n";
  }
  return Page("DMCA case " + std::to_string(c.id), b);
}

// FNV-1a, 64 bits: tells changed content from unchanged, not a security boundary.
std::string Hash(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Status FsError(const std::string& what, const std::error_code& ec) {
  return ec == std::errc::permission_denied ? Status::PermissionDenied(what + ": " + ec.message())
                                            : Status::IOError(what + ": " + ec.message());
}

std::unordered_map<std::string, std::string> ReadManifest(const fs::path& path) {
  std::unordered_map<std::string, std::string> out;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    if (tab != std::string::npos) out.emplace(line.substr(tab + 1), line.substr(0, tab));
  }
  return out;
}

}  // namespace

std::vector<SiteFile> SiteFiles(const std::vector<SiteCase>& cases, const Stats& stats) {
  std::vector<SiteFile> files;
  files.reserve(cases.size() + 64);
  std::map<std::string, std::map<std::string, std::vector<const SiteCase*>>> by_year;
  for (const auto& c : cases) {
    const std::string month = Month(c);
    by_year[month.substr(0, 4)][month].push_back(&c);
    files.push_back({CaseFile(c.id), CasePage(c)});
  }
  std::string index =
      "<h1>DMCA archive</h1>\n<p><a href=\"stats.html\">Statistics</a> (<a "
      "href=\"stats.csv\">CSV</a>, <a href=\"stats.json\">JSON</a>)</p>\n";
  for (auto y = by_year.rbegin(); y != by_year.rend(); ++y) {
    std::size_t total = 0;
    for (const auto& [month, list] : y->second) total += list.size();
    index += "<h2>" + HtmlEscape(y->first) + " (" + std::to_string(total) + ")</h2>\n<ul>\n";
    for (auto m = y->second.rbegin(); m != y->second.rend(); ++m) {
      index += "<li><a href=\"" + HtmlEscape(m->first) + ".html\">" + HtmlEscape(m->first) +
               "</a>: " + std::to_string(m->second.size()) + " case" +
               (m->second.size() == 1 ? "" : "s") + "</li>\n";
      std::string month =
          "<p><a href=\"index.html\">Archive index</a></p>\n<h1>" + HtmlEscape(m->first) +
          "</h1>\n<table>\n<tr><th>case</th><th>received</th><th>kind</th><th>status</th>"
          "<th>title</th></tr>\n";
      for (const SiteCase* c : m->second) {
        month += "<tr><td><a href=\"" + CaseFile(c->id) + "\">" + std::to_string(c->id) +
                 "</a></td><td>" + HtmlEscape(c->received) + "</td><td>" + HtmlEscape(c->kind) +
                 "</td><td>" + HtmlEscape(c->state) + "</td><td>" + HtmlEscape(c->title) +
                 "</td></tr>\n";
      }
      month += "</table>\n";
      files.push_back({m->first + ".html", Page("DMCA archive " + m->first, month)});
    }
    index += "</ul>\n";
  }
  files.push_back({"index.html", Page("DMCA archive", index)});
  files.push_back({"stats.html", StatsHtml(stats)});
  files.push_back({"stats.csv", StatsCsv(stats)});
  files.push_back({"stats.json", StatsJson(stats)});
  return files;
}

Status WriteSite(const std::vector<SiteFile>& files, const std::string& dir, SiteReport* report) {
  SiteReport local;
  SiteReport& r = report ? *report : local;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return FsError("cannot create " + dir, ec);
  const fs::path manifest_path = fs::path(dir) / ".manifest";
  auto before = ReadManifest(manifest_path);
  std::string manifest;
  manifest.reserve(files.size() * 48);
  std::map<fs::path, bool> made_dirs;
  for (const auto& f : files) {
    const std::string hash = Hash(f.content);
    manifest += hash + "\t" + f.path + "\n";
    const auto it = before.find(f.path);
    const bool same = it != before.end() && it->second == hash;
    if (it != before.end()) before.erase(it);
    if (same) {
      ++r.unchanged;
      continue;
    }
    const fs::path path = fs::path(dir) / f.path;
    const fs::path parent = path.parent_path();
    if (!made_dirs[parent]) {
      fs::create_directories(parent, ec);
      if (ec) return FsError("cannot create " + parent.string(), ec);
      made_dirs[parent] = true;
    }
    // Written aside and renamed: a reader never sees half a file, a crash never leaves one.
    const fs::path tmp = path.string() + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << f.content;
      out.close();
      if (!out) return Status::IOError("cannot write " + tmp.string());
    }
    fs::rename(tmp, path, ec);
    if (ec) return FsError("cannot write " + path.string(), ec);
    ++r.written;
  }
  for (const auto& [path, hash] : before) {
    if (fs::remove(fs::path(dir) / path, ec)) ++r.removed;
  }
  const fs::path tmp = manifest_path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << manifest;
    out.close();
    if (!out) return Status::IOError("cannot write " + tmp.string());
  }
  fs::rename(tmp, manifest_path, ec);
  if (ec) return FsError("cannot write " + manifest_path.string(), ec);
  return Status::Ok();
}

}  // namespace dmca::archive
