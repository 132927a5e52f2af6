#include "parsers/notice/understand.h"

#include <algorithm>
#include <unordered_set>

#include "parsers/notice/forward.h"
#include "parsers/text/charset.h"
#include "parsers/text/html.h"
#include "parsers/text/pdf.h"

namespace dmca::parsers::notice {
namespace {

using mime::Entity;

// The innermost message attached as message/rfc822 under `entity`, following the first one at
// each level (a forward of a forward); `entity` itself when none is attached.
const Entity* InnermostMessage(const Entity* entity, int* depth) {
  for (;;) {
    const Entity* found = nullptr;
    std::vector<const Entity*> stack{entity};
    while (!stack.empty() && !found) {
      const Entity* e = stack.back();
      stack.pop_back();
      if (e != entity && e->IsEmbeddedMessage() && !e->children().empty()) {
        found = &e->children().front();
        break;
      }
      if (e->IsMultipart() || e == entity) {
        for (auto it = e->children().rbegin(); it != e->children().rend(); ++it) {
          if (e == entity && e->IsEmbeddedMessage()) break;
          stack.push_back(&*it);
        }
      }
    }
    if (!found) return entity;
    entity = found;
    ++*depth;
  }
}

// The leaves of `root` that belong to it, not to a message attached inside it.
void OwnLeaves(const Entity& e, std::vector<const Entity*>& out) {
  if (e.IsEmbeddedMessage()) return;
  if (e.IsMultipart() && !e.children().empty()) {
    for (const Entity& child : e.children()) OwnLeaves(child, out);
    return;
  }
  out.push_back(&e);
}

struct Extracted {
  std::string text;
  std::vector<std::string> links;
};

// Text of one message: text/plain preferred over its HTML alternative; HTML-only made text; PDF
// attachments' text appended.
Extracted MessageText(const Entity& root, Notice& notice) {
  std::vector<const Entity*> leaves;
  if (root.IsMultipart()) {
    OwnLeaves(root, leaves);
  } else {
    leaves.push_back(&root);
  }
  Extracted out;
  bool has_plain = false;
  for (const Entity* leaf : leaves) {
    if (leaf->MimeType() == "text/plain" && leaf->Disposition() != "attachment") has_plain = true;
  }
  for (const Entity* leaf : leaves) {
    const std::string type = leaf->MimeType();
    const bool attachment = leaf->Disposition() == "attachment" || leaf->Filename().has_value();
    Attachment info{leaf->path(), leaf->Filename().value_or(""), type, 0, false};
    if (type == "text/plain" || (type == "text/html" && !has_plain) ||
        (type.rfind("text/", 0) == 0 && type != "text/html" && attachment)) {
      std::string text = leaf->Text(&notice.findings).value_or("");
      if (type == "text/html") {
        auto html = text::HtmlToText(text, &notice.findings, leaf->path());
        text = std::move(html.text);
        for (auto& link : html.links) out.links.push_back(std::move(link));
      }
      if (!out.text.empty()) out.text += "\n\n";
      out.text += text;
      info.text_extracted = true;
    } else if (type == "text/html" && has_plain) {
      // The HTML alternative of a plain part: only its links matter.
      auto html = text::HtmlToText(leaf->Text(&notice.findings).value_or(""), nullptr, leaf->path());
      for (auto& link : html.links) out.links.push_back(std::move(link));
      continue;
    } else if (type == "application/pdf" ||
               (type == "application/octet-stream" && info.filename.size() > 4 &&
                info.filename.substr(info.filename.size() - 4) == ".pdf")) {
      const std::string bytes = leaf->DecodedBody(&notice.findings);
      info.size = bytes.size();
      const auto pdf = text::PdfToText(bytes, &notice.findings, leaf->path());
      if (pdf.has_text_layer) {
        out.text += "\n\n" + pdf.text;
        info.text_extracted = true;
      }
    }
    if (attachment || !info.text_extracted) {
      if (info.size == 0) info.size = leaf->RawBody().size();
      notice.attachments.push_back(std::move(info));
    }
  }
  return out;
}

void ResolveTargets(Notice& notice, const std::vector<std::string>& links) {
  const std::vector<std::string> urls = wikiurl::ExtractUrls(notice.body);
  std::unordered_set<std::string_view> seen;
  seen.reserve(urls.size() + links.size());
  notice.targets.reserve(urls.size() + links.size());
  auto add = [&](const std::string& url) {
    if (url.rfind("mailto:", 0) == 0 || !seen.insert(url).second) return;
    notice.targets.push_back(wikiurl::Resolve(url));
  };
  for (const std::string& url : urls) add(url);
  for (const std::string& link : links) {
    if (link.rfind("http", 0) == 0 || link.rfind("//", 0) == 0) add(link);
  }
}

void UnwrapInline(Notice& notice) {
  // Forwards nest: each marker found opens the next, older message.
  for (int guard = 0; guard < 20; ++guard) {
    auto forward = FindInlineForward(notice.body);
    if (!forward) break;
    if (forward->from) notice.original.from = forward->from;
    notice.original.to = forward->to;
    notice.original.date = forward->date;
    notice.original.subject = forward->subject;
    notice.original.message_id.reset();
    notice.body = std::move(forward->body);
    ++notice.original.forward_depth;
  }
}

void Finish(Notice& notice, const std::vector<std::string>& links) {
  UnwrapInline(notice);
  if (notice.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    notice.findings.push_back({"notice.no_text", Finding::Severity::kCritical, "",
                               "no readable text: a person must read the message"});
  }
  notice.analysis = Analyze(notice.body);
  ResolveTargets(notice, links);
  for (const Finding& f : notice.analysis.findings) notice.findings.push_back(f);
}

}  // namespace

Notice Understand(const mime::Message& message) {
  Notice notice;
  notice.findings = message.findings();
  int depth = 0;
  const Entity* original = InnermostMessage(&message.root(), &depth);
  const auto& headers = original->headers();
  notice.original.from = headers.Decoded("From");
  notice.original.to = headers.Decoded("To");
  notice.original.date = headers.Decoded("Date");
  notice.original.subject = headers.Decoded("Subject");
  if (auto id = headers.Raw("Message-ID")) notice.original.message_id = std::string(*id);
  notice.original.forward_depth = depth;
  Extracted extracted = MessageText(*original, notice);
  notice.body = std::move(extracted.text);
  Finish(notice, extracted.links);
  return notice;
}

Notice UnderstandText(std::string_view text) {
  Notice notice;
  notice.body = text::IsValidUtf8(text) ? text::NormalizeNfc(text)
                                        : text::ToUtf8(text, "", &notice.findings, "text");
  Finish(notice, {});
  return notice;
}

}  // namespace dmca::parsers::notice
