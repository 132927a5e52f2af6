#include "archive/export.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/SHA1Engine.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "archive/text_util.h"
#include "archive/wikitext.h"

namespace dmca::archive {
namespace {

// XML 1.0 §2.2 Char: no C0 controls but tab, newline and carriage return.
std::string XmlChars(std::string_view text) {
  std::string out = ValidUtf8(text);
  std::erase_if(out, [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\t' && c != '\n' && c != '\r';
  });
  return out;
}

std::string Spaces(std::string_view title) {
  std::string out(title);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

// The namespace number a title's prefix names (MediaWiki's canonical numbers; Legal is the
// Foundation wiki's 100); 0 for the main namespace. The export schema requires <ns>.
int NamespaceOf(std::string_view title) {
  static constexpr std::pair<std::string_view, int> kNamespaces[] = {
      {"Talk", 1},  {"User", 2},      {"User_talk", 3}, {"User talk", 3},    {"Project", 4},
      {"File", 6},  {"File_talk", 7}, {"File talk", 7}, {"MediaWiki", 8},    {"Template", 10},
      {"Help", 12}, {"Category", 14}, {"Legal", 100},   {"Legal_talk", 101}, {"Legal talk", 101},
  };
  const auto colon = title.find(':');
  if (colon == std::string_view::npos) return 0;
  for (const auto& [name, number] : kNamespaces) {
    if (title.substr(0, colon) == name) return number;
  }
  return 0;
}

// MediaWiki's revision sha1: the SHA-1 of the text in base 36, lower case, padded to 31 digits
// (Wikimedia\base_convert(sha1($text), 16, 36, 31)).
std::string Sha1Base36(const std::string& text) {
  Poco::SHA1Engine engine;
  engine.update(text);
  const Poco::DigestEngine::Digest digest = engine.digest();  // digest() also resets
  std::vector<unsigned char> digits(digest.begin(), digest.end());
  std::string out;
  while (std::any_of(digits.begin(), digits.end(), [](unsigned char d) { return d != 0; })) {
    unsigned remainder = 0;
    for (unsigned char& d : digits) {
      const unsigned value = remainder * 256 + d;
      d = static_cast<unsigned char>(value / 36);
      remainder = value % 36;
    }
    out += "0123456789abcdefghijklmnopqrstuvwxyz"[remainder];
  }
  while (out.size() < 31) out += '0';
  return std::string(out.rbegin(), out.rend());
}

std::string Pretty(const Poco::JSON::Object::Ptr& object) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(object, out, 2);
  out << "\n";
  return out.str();
}

}  // namespace

Poco::JSON::Object::Ptr PagesToJson(const std::vector<Page>& pages) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array();
  for (const Page& p : pages) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("site", p.site);
    o->set("title", p.title);
    o->set("wikitext", p.wikitext);
    o->set("mode", std::string(PageModeName(p.mode)));
    o->set("summary", p.summary);
    if (p.mode == PageMode::kNewSection) o->set("section_title", p.section_title);
    list->add(o);
  }
  Poco::JSON::Object::Ptr root = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  root->set("pages", list);
  return root;
}

std::string PageFileName(const Page& page, std::size_t position) {
  std::string number = std::to_string(position);
  if (number.size() < 3) number.insert(0, 3 - number.size(), '0');
  std::string name;
  for (char c : page.site + "-" + page.title) {
    const bool keep = IsAsciiAlnum(c) || c == '.' || c == '-' || c == '_';
    if (keep) {
      name += c;
    } else if (name.empty() || name.back() != '_') {
      name += '_';
    }
  }
  if (name.size() > 150) name.resize(150);
  return number + "-" + name + ".wikitext";
}

std::string ExportXml(const std::vector<Page>& pages, std::string_view site,
                      std::string_view timestamp, std::string_view user) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("mediawiki");
  root.append_attribute("xmlns") = "http://www.mediawiki.org/xml/export-0.11/";
  root.append_attribute("version") = "0.11";
  root.append_attribute("xml:lang") = "en";
  const std::string ts(timestamp);
  const std::string who = XmlChars(user);
  // export-0.11.xsd requires a page id and a revision id (unique within the file), the main
  // slot's origin and the revision's sha1; the importer assigns its own ids.
  unsigned long long id = 0;
  for (const Page& p : pages) {
    if (p.site != site || p.mode != PageMode::kCreate) continue;
    ++id;
    auto page = root.append_child("page");
    const std::string title = XmlChars(Spaces(p.title));
    page.append_child("title").text().set(title.c_str());
    page.append_child("ns").text().set(NamespaceOf(title));
    page.append_child("id").text().set(id);
    auto rev = page.append_child("revision");
    rev.append_child("id").text().set(id);
    rev.append_child("timestamp").text().set(ts.c_str());
    rev.append_child("contributor").append_child("username").text().set(who.c_str());
    rev.append_child("comment").text().set(XmlChars(p.summary).c_str());
    rev.append_child("origin").text().set(id);
    rev.append_child("model").text().set("wikitext");
    rev.append_child("format").text().set("text/x-wiki");
    const std::string text = XmlChars(p.wikitext);
    auto node = rev.append_child("text");
    node.append_attribute("bytes") = static_cast<unsigned long long>(text.size());
    node.append_attribute("xml:space") = "preserve";
    node.text().set(text.c_str());
    rev.append_child("sha1").text().set(Sha1Base36(text).c_str());
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

std::string PreviewHtml(const std::vector<Page>& pages) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
      "<title>DMCA archive preview</title>"
      "<style>pre{white-space:pre-wrap;background:#f6f6f6;padding:1em}</style></head><body>\n"
      "<h1>DMCA archive preview</h1>\n";
  for (const Page& p : pages) {
    out += "<section>\n<h2>" + HtmlEscape(p.site) + " — " + HtmlEscape(p.title) +
           "</h2>\n<p>mode: " + HtmlEscape(PageModeName(p.mode)) +
           "; summary: " + HtmlEscape(p.summary) + "</p>\n<pre>" + HtmlEscape(p.wikitext) +
           "</pre>\n</section>\n";
  }
  out += "</body></html>\n";
  return out;
}

std::vector<SiteFile> PageFiles(const std::vector<CasePages>& cases, std::string_view timestamp) {
  std::vector<SiteFile> files;
  Poco::JSON::Array::Ptr index = new Poco::JSON::Array();
  std::set<std::string> sites;
  std::vector<Page> all;
  for (const auto& c : cases) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "%06lld-", static_cast<long long>(c.case_id));
    for (std::size_t i = 0; i < c.pages.size(); ++i) {
      const Page& p = c.pages[i];
      const std::string file = "wikitext/" + std::string(prefix) + PageFileName(p, i + 1);
      files.push_back({file, p.wikitext});
      Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      o->set("case", c.case_id);
      o->set("file", file);
      o->set("site", p.site);
      o->set("title", p.title);
      o->set("mode", std::string(PageModeName(p.mode)));
      o->set("summary", p.summary);
      index->add(o);
      sites.insert(p.site);
      all.push_back(p);
    }
    if (!c.lumen_json.empty()) {
      std::string name(prefix);
      name.pop_back();
      files.push_back({"lumen/" + name + ".json", c.lumen_json + "\n"});
    }
  }
  Poco::JSON::Object::Ptr root = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  root->set("generated", std::string(timestamp));
  root->set("pages", index);
  files.push_back({"index.json", Pretty(root)});
  for (const auto& site : sites) {
    files.push_back({"export-" + site + ".xml", ExportXml(all, site, timestamp)});
  }
  files.push_back({"preview.html", PreviewHtml(all)});
  return files;
}

Status WritePages(const std::vector<Page>& pages, const std::string& dir, std::string timestamp) {
  if (timestamp.empty()) {
    timestamp = Poco::DateTimeFormatter::format(Poco::DateTime(), "%Y-%m-%dT%H:%M:%SZ");
  }
  return WriteSite(PageFiles({CasePages{0, pages, ""}}, timestamp), dir);
}

}  // namespace dmca::archive
