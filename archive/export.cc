#include "archive/export.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>
#include <pugixml.hpp>

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

Status WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IOError("cannot write " + path.string());
  out << text;
  out.close();
  if (!out) return Status::IOError("cannot write " + path.string());
  return Status::Ok();
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
  for (const Page& p : pages) {
    if (p.site != site || p.mode != PageMode::kCreate) continue;
    auto page = root.append_child("page");
    page.append_child("title").text().set(XmlChars(Spaces(p.title)).c_str());
    auto rev = page.append_child("revision");
    rev.append_child("timestamp").text().set(ts.c_str());
    rev.append_child("contributor").append_child("username").text().set(who.c_str());
    rev.append_child("comment").text().set(XmlChars(p.summary).c_str());
    rev.append_child("model").text().set("wikitext");
    rev.append_child("format").text().set("text/x-wiki");
    const std::string text = XmlChars(p.wikitext);
    auto node = rev.append_child("text");
    node.append_attribute("xml:space") = "preserve";
    node.append_attribute("bytes") = static_cast<unsigned long long>(text.size());
    node.text().set(text.c_str());
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
           "</h2>\n<p>mode: " + HtmlEscape(PageModeName(p.mode)) + "; summary: " +
           HtmlEscape(p.summary) + "</p>\n<pre>" + HtmlEscape(p.wikitext) + "</pre>\n</section>\n";
  }
  out += "</body></html>\n";
  return out;
}

Status WritePages(const std::vector<Page>& pages, const std::string& dir, std::string timestamp) {
  namespace fs = std::filesystem;
  if (timestamp.empty()) {
    timestamp = Poco::DateTimeFormatter::format(Poco::DateTime(), "%Y-%m-%dT%H:%M:%SZ");
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return ec == std::errc::permission_denied
               ? Status::PermissionDenied("cannot create " + dir + ": " + ec.message())
               : Status::IOError("cannot create " + dir + ": " + ec.message());
  }
  Poco::JSON::Array::Ptr index = new Poco::JSON::Array();
  std::set<std::string> sites;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const Page& p = pages[i];
    const std::string file = PageFileName(p, i + 1);
    DMCA_RETURN_IF_ERROR(WriteFile(fs::path(dir) / file, p.wikitext));
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("file", file);
    o->set("site", p.site);
    o->set("title", p.title);
    o->set("mode", std::string(PageModeName(p.mode)));
    o->set("summary", p.summary);
    index->add(o);
    sites.insert(p.site);
  }
  Poco::JSON::Object::Ptr root = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  root->set("generated", timestamp);
  root->set("pages", index);
  DMCA_RETURN_IF_ERROR(WriteFile(fs::path(dir) / "index.json", Pretty(root)));
  for (const auto& site : sites) {
    DMCA_RETURN_IF_ERROR(
        WriteFile(fs::path(dir) / ("export-" + site + ".xml"), ExportXml(pages, site, timestamp)));
  }
  return WriteFile(fs::path(dir) / "index.html", PreviewHtml(pages));
}

}  // namespace dmca::archive
