#include "parsers/text/html.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <cstring>
#include <string_view>

namespace dmca::parsers::text {
namespace {

bool Is(const xmlNode* node, const char* name) {
  return node->name && std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

bool IsBlock(const xmlNode* node) {
  static constexpr const char* kBlocks[] = {"p",  "div", "br", "li", "tr", "h1", "h2", "h3",
                                            "h4", "h5",  "h6", "table", "ul", "ol", "blockquote",
                                            "pre", "hr", "section", "article", "header", "footer",
                                            "address", "dd", "dt"};
  for (const char* block : kBlocks) {
    if (Is(node, block)) return true;
  }
  return false;
}

void NewLine(std::string& out) {
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.back() != '\n') out += '\n';
}

std::string TextOf(const xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  std::string text = content ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  return text;
}

std::string Collapse(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

void Walk(const xmlNode* node, std::string& out, std::vector<std::string>& links, bool pre) {
  for (; node; node = node->next) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      const char* text = reinterpret_cast<const char*>(node->content);
      if (!text) continue;
      if (pre) {
        out += text;
        continue;
      }
      const std::string collapsed = Collapse(text);
      if (collapsed.empty()) {
        if (!out.empty() && out.back() != '\n' && out.back() != ' ' && std::strlen(text) > 0) {
          out += ' ';
        }
        continue;
      }
      const unsigned char first = static_cast<unsigned char>(text[0]);
      if ((first == ' ' || first == '\n' || first == '\t' || first == '\r') && !out.empty() &&
          out.back() != '\n' && out.back() != ' ') {
        out += ' ';
      }
      out += collapsed;
      const std::size_t len = std::strlen(text);
      const unsigned char last = static_cast<unsigned char>(text[len - 1]);
      if (last == ' ' || last == '\n' || last == '\t' || last == '\r') out += ' ';
      continue;
    }
    if (node->type != XML_ELEMENT_NODE) continue;
    if (Is(node, "script") || Is(node, "style") || Is(node, "head") || Is(node, "title")) continue;
    const bool block = IsBlock(node);
    if (block) NewLine(out);
    if (Is(node, "td") || Is(node, "th")) {
      if (!out.empty() && out.back() != '\n') out += ' ';
    }
    if (Is(node, "a")) {
      xmlChar* href = xmlGetProp(node, reinterpret_cast<const xmlChar*>("href"));
      std::string target = href ? reinterpret_cast<const char*>(href) : "";
      xmlFree(href);
      if (!target.empty()) {
        links.push_back(target);
        const std::string visible = Collapse(TextOf(node));
        Walk(node->children, out, links, pre);
        // Keep the target in the text when the visible words do not show it.
        if (visible.find(target) == std::string::npos &&
            target.rfind("mailto:", 0) != 0) {
          out += " <" + target + ">";
        }
        continue;
      }
    }
    Walk(node->children, out, links, pre || Is(node, "pre"));
    if (block || Is(node, "br")) NewLine(out);
  }
}

}  // namespace

HtmlText HtmlToText(std::string_view html_utf8, Findings* findings, std::string_view where) {
  HtmlText result;
  if (html_utf8.empty()) return result;
  // No network, no external entities; recover from whatever real mail contains.
  const int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_RECOVER | HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT;
  htmlDocPtr doc = htmlReadMemory(html_utf8.data(), static_cast<int>(html_utf8.size()), nullptr,
                                  "UTF-8", options);
  if (!doc) {
    if (findings) {
      findings->push_back({"html.unreadable", Finding::Severity::kCritical, std::string(where),
                           "the HTML could not be parsed; its text is missing"});
    }
    return result;
  }
  Walk(xmlDocGetRootElement(doc), result.text, result.links, false);
  xmlFreeDoc(doc);
  // Trim trailing blanks on each line and collapse runs of blank lines.
  std::string tidy;
  std::size_t blank = 0;
  std::size_t pos = 0;
  while (pos <= result.text.size()) {
    std::size_t end = result.text.find('\n', pos);
    if (end == std::string::npos) end = result.text.size();
    std::string line = result.text.substr(pos, end - pos);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    while (!line.empty() && line.front() == ' ') line.erase(0, 1);
    if (line.empty()) {
      if (++blank <= 1 && !tidy.empty()) tidy += '\n';
    } else {
      blank = 0;
      tidy += line + '\n';
    }
    pos = end + 1;
  }
  result.text = std::move(tidy);
  return result;
}

}  // namespace dmca::parsers::text
