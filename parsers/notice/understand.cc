#include "parsers/notice/understand.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "parsers/mime/header_fields.h"
#include "parsers/notice/forward.h"
#include "parsers/notice/office_mail.h"
#include "parsers/text/charset.h"
#include "parsers/text/html.h"
#include "parsers/text/pdf.h"

namespace dmca::parsers::notice {
namespace {

using mime::Entity;

// Hostile nesting (a forward of a forward of …) meets a limit, as the MIME parser's do.
constexpr int kMaxLayers = 24;

// One message in the chain of forwards, outermost first: its envelope and its own text.
struct Layer {
  std::optional<std::string> from, to, cc, date, subject, message_id;
  std::string body;
  std::vector<std::string> links;
};

// How an attachment carries a forwarded message.
enum class Carrier { kNone, kRfc822, kEmlFile, kOutlookText, kTnef, kMsg };

Carrier CarrierOf(const Entity& e, const std::string& type, const std::string& filename) {
  const std::string name = mime::AsciiLower(filename);
  if (e.IsEmbeddedMessage()) return Carrier::kRfc822;
  if (type == "application/ms-tnef" || type == "application/vnd.ms-tnef" || name == "winmail.dat") {
    return Carrier::kTnef;
  }
  if (type == "application/vnd.ms-outlook" || name.ends_with(".msg")) return Carrier::kMsg;
  if (name.ends_with(".eml") || type == "message/rfc822") return Carrier::kEmlFile;
  return Carrier::kNone;
}

// True when `bytes` opens with an RFC 5322 header block (field names without spaces, folded
// lines) naming a sender and a date or subject: a message saved as a file.
bool LooksLikeMessage(std::string_view bytes) {
  bool from = false, dated = false;
  std::size_t pos = 0;
  for (int lines = 0; pos < bytes.size() && lines < 200; ++lines) {
    std::size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    if (line.empty()) break;
    if (line[0] == ' ' || line[0] == '\t') continue;
    const std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos ||
        line.substr(0, colon).find_first_of(" \t") != std::string_view::npos) {
      return false;
    }
    const std::string name = mime::AsciiLower(line.substr(0, colon));
    from = from || name == "from";
    dated = dated || name == "date" || name == "subject";
  }
  return from && dated;
}

// The leaves of `root` that belong to it, and the entities that carry a forwarded message
// (not descended into).
void OwnParts(const Entity& e, bool is_root, std::vector<const Entity*>& leaves,
              std::vector<const Entity*>& carriers) {
  if (!is_root && e.IsEmbeddedMessage()) {
    carriers.push_back(&e);
    return;
  }
  if (e.IsMultipart() && !e.children().empty()) {
    for (const Entity& child : e.children()) OwnParts(child, false, leaves, carriers);
    return;
  }
  leaves.push_back(&e);
}

struct Extracted {
  std::string text;       // text/plain preferred over its HTML alternative
  std::string html_text;  // the HTML alternative made text, when there is a plain part too
  std::vector<std::string> links;
  std::vector<std::pair<Carrier, const Entity*>> carriers;
};

// Text of one message: text/plain preferred over its HTML alternative (kept aside, in case
// only it shows the forward); HTML-only made text; PDF attachments' text appended; attached
// messages in any of Carrier's forms set aside.
Extracted MessageText(const Entity& root, Notice& notice, const Limits& limits) {
  std::vector<const Entity*> leaves, embedded;
  OwnParts(root, true, leaves, embedded);
  Extracted out;
  for (const Entity* e : embedded) out.carriers.emplace_back(Carrier::kRfc822, e);
  bool has_plain = false;
  for (const Entity* leaf : leaves) {
    if (leaf->MimeType() == "text/plain" && leaf->Disposition() != "attachment" &&
        !leaf->Filename()) {
      has_plain = true;
    }
  }
  for (const Entity* leaf : leaves) {
    const std::string type = leaf->MimeType();
    const bool attachment = leaf->Disposition() == "attachment" || leaf->Filename().has_value();
    Attachment info{leaf->path(), leaf->Filename().value_or(""), type, 0, false};
    if (attachment && type == "text/plain") {
      // Outlook's "Save As" text file starts with the message's header block.
      const std::string text = leaf->Text(&notice.findings).value_or("");
      if (HeaderBlockAtStart(text)) {
        out.carriers.emplace_back(Carrier::kOutlookText, leaf);
        info.size = leaf->RawBody().size();
        notice.attachments.push_back(std::move(info));
        continue;
      }
    }
    if (const Carrier carrier = CarrierOf(*leaf, type, info.filename);
        attachment && carrier != Carrier::kNone) {
      out.carriers.emplace_back(carrier, leaf);
      info.size = leaf->RawBody().size();
      notice.attachments.push_back(std::move(info));
      continue;
    }
    if (type == "application/octet-stream" && attachment) {
      // A .eml sent without its type or name.
      const std::string bytes = leaf->DecodedBody(&notice.findings);
      if (LooksLikeMessage(bytes)) {
        out.carriers.emplace_back(Carrier::kEmlFile, leaf);
        info.size = bytes.size();
        notice.attachments.push_back(std::move(info));
        continue;
      }
    }
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
      auto html =
          text::HtmlToText(leaf->Text(&notice.findings).value_or(""), nullptr, leaf->path());
      if (!out.html_text.empty()) out.html_text += "\n\n";
      out.html_text += html.text;
      for (auto& link : html.links) out.links.push_back(std::move(link));
      continue;
    } else if (type == "application/pdf" || (type == "application/octet-stream" &&
                                             mime::AsciiLower(info.filename).ends_with(".pdf"))) {
      const std::string bytes = leaf->DecodedBody(&notice.findings);
      info.size = bytes.size();
      const auto pdf = text::PdfToText(bytes, &notice.findings, leaf->path(), limits.pdf);
      if (pdf.has_text_layer) {
        out.text += "\n\n" + pdf.text;
        if (!out.html_text.empty()) out.html_text += "\n\n" + pdf.text;
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

// "RE: FW: Takedown" -> "Takedown": the subject a forward or reply was written under.
std::string WithoutPrefixes(std::string_view subject) {
  for (bool again = true; again;) {
    again = false;
    while (!subject.empty() && subject.front() == ' ') subject.remove_prefix(1);
    for (std::string_view prefix :
         {"re:", "fw:", "fwd:", "wg:", "aw:", "tr:", "tr :", "rv:", "re :", "enc:", "r:", "i:"}) {
      if (mime::AsciiLower(subject.substr(0, prefix.size())) == prefix) {
        subject.remove_prefix(prefix.size());
        again = true;
      }
    }
  }
  return std::string(subject);
}

// Appends the inline forwards inside `text` as layers under `base` (whose body `text` is).
std::vector<Layer> InlineLayers(Layer base, const std::string& text, const Intake& intake) {
  std::vector<Layer> layers;
  base.body = text;
  layers.push_back(std::move(base));
  while (static_cast<int>(layers.size()) < kMaxLayers) {
    auto forward = FindInlineForward(layers.back().body);
    if (!forward && layers.back().from && intake.IsStaff(*layers.back().from)) {
      // Staff forwarding as Outlook for Mac does: "On …, Jane <jane@…> wrote:".
      forward = FindAttributedQuote(layers.back().body);
      if (forward && layers.back().subject) {
        forward->subject = WithoutPrefixes(*layers.back().subject);
      }
    }
    if (!forward) break;
    Layer inner;
    inner.from = forward->from;
    inner.to = forward->to;
    inner.cc = forward->cc;
    inner.date = forward->date;
    inner.subject = forward->subject;
    inner.body = std::move(forward->body);
    inner.links = layers.back().links;
    layers.push_back(std::move(inner));
  }
  return layers;
}

// How well a chain recovers an original: an outside sender with an address, then depth.
int Score(const std::vector<Layer>& layers, const Intake& intake) {
  const Layer& inner = layers.back();
  const bool outside =
      inner.from && inner.from->find('@') != std::string::npos && !intake.IsStaff(*inner.from);
  return (outside ? 1000 : 0) + static_cast<int>(layers.size());
}

void CollectMessage(const Entity& root, Notice& notice, const Intake& intake,
                    std::vector<Layer>& chain);

void CollectOffice(OfficeMail mail, Notice& notice, const Intake& intake,
                   std::vector<Layer>& chain) {
  Layer layer;
  layer.from = mail.from;
  layer.to = mail.to;
  layer.date = mail.date;
  layer.subject = mail.subject;
  std::vector<Layer> layers = InlineLayers(std::move(layer), mail.body, intake);
  for (auto& l : layers) chain.push_back(std::move(l));
  for (auto& [name, bytes] : mail.files) {
    if (static_cast<int>(chain.size()) >= kMaxLayers) break;
    const std::string lower = mime::AsciiLower(name);
    if (lower.ends_with(".eml")) {
      const mime::Message inner = mime::Message::Parse(std::move(bytes));
      CollectMessage(inner.root(), notice, intake, chain);
      return;
    }
    if (lower.ends_with(".txt") || lower.ends_with(".pdf")) {
      std::string text = lower.ends_with(".pdf")
                             ? text::PdfToText(bytes, &notice.findings, name, intake.limits.pdf).text
                             : text::ToUtf8(bytes, "", &notice.findings, name);
      chain.back().body += "\n\n" + text;
    }
  }
}

// Adds the layers of the message at `root` to `chain`, following the first attached message.
void CollectMessage(const Entity& root, Notice& notice, const Intake& intake,
                    std::vector<Layer>& chain) {
  Layer top;
  const auto& headers = root.headers();
  top.from = headers.Decoded("From");
  if (top.from) top.from = NormalizeAddressLine(*top.from);
  top.to = headers.Decoded("To");
  top.cc = headers.Decoded("Cc");
  top.date = headers.Decoded("Date");
  // A message Outlook saved as text and read as a message has "Sent:" for its date.
  if (!top.date) top.date = headers.Decoded("Sent");
  top.subject = headers.Decoded("Subject");
  if (auto id = headers.Raw("Message-ID")) top.message_id = std::string(*id);
  Extracted extracted = MessageText(root, notice, intake.limits);
  top.links = extracted.links;
  std::vector<Layer> layers = InlineLayers(top, extracted.text, intake);
  if (!extracted.html_text.empty()) {
    // multipart/alternative: the part that shows the forward more clearly wins.
    std::vector<Layer> html = InlineLayers(top, extracted.html_text, intake);
    if (Score(html, intake) > Score(layers, intake)) layers = std::move(html);
  }
  for (auto& l : layers) chain.push_back(std::move(l));
  for (const auto& [carrier, entity] : extracted.carriers) {
    if (static_cast<int>(chain.size()) >= kMaxLayers) {
      notice.findings.push_back({"notice.forward_depth", Finding::Severity::kCritical,
                                 entity->path(), "forwards nest deeper than the limit"});
      return;
    }
    switch (carrier) {
      case Carrier::kRfc822:
        if (entity->children().empty()) continue;
        CollectMessage(entity->children().front(), notice, intake, chain);
        return;
      case Carrier::kEmlFile: {
        const mime::Message inner = mime::Message::Parse(entity->DecodedBody(&notice.findings));
        CollectMessage(inner.root(), notice, intake, chain);
        return;
      }
      case Carrier::kOutlookText: {
        const std::string text = entity->Text(&notice.findings).value_or("");
        auto block = HeaderBlockAtStart(text);
        if (!block) continue;
        Layer saved;
        saved.from = block->from;
        saved.to = block->to;
        saved.cc = block->cc;
        saved.date = block->date;
        saved.subject = block->subject;
        for (auto& l : InlineLayers(std::move(saved), block->body, intake))
          chain.push_back(std::move(l));
        return;
      }
      case Carrier::kTnef:
        if (auto mail =
                ReadTnef(entity->DecodedBody(&notice.findings), &notice.findings, entity->path())) {
          CollectOffice(std::move(*mail), notice, intake, chain);
          return;
        }
        continue;
      case Carrier::kMsg:
        if (auto mail = ReadOutlookMsg(entity->DecodedBody(&notice.findings), &notice.findings,
                                       entity->path())) {
          CollectOffice(std::move(*mail), notice, intake, chain);
          return;
        }
        continue;
      case Carrier::kNone:
        continue;
    }
  }
}

// A sender line without an address ("From: Jane Owner"): the address is elsewhere, in a
// mailto: link of the HTML or in the notice's own text (its signature block).
void CompleteAddress(Layer& layer, const Intake& intake) {
  if (!layer.from || layer.from->find('@') != std::string::npos) return;
  std::string address;
  for (const std::string& link : layer.links) {
    if (mime::AsciiLower(link).rfind("mailto:", 0) == 0) {
      std::string candidate = FirstAddress(link);
      if (!candidate.empty() && !intake.IsStaff(candidate)) {
        address = candidate;
        break;
      }
    }
  }
  if (address.empty()) {
    std::string_view body = layer.body;
    const std::string to = mime::AsciiLower(layer.to.value_or("") + " " + layer.cc.value_or(""));
    for (std::size_t at = 0; at < body.size();) {
      std::string candidate = FirstAddress(body.substr(at));
      if (candidate.empty()) break;
      at = body.find(candidate, at) + candidate.size();
      if (intake.IsStaff(candidate) || to.find(mime::AsciiLower(candidate)) != std::string::npos) {
        continue;
      }
      address = candidate;
      break;
    }
  }
  if (!address.empty()) layer.from = *layer.from + " <" + address + ">";
}

void ResolveTargets(Notice& notice, const std::vector<std::string>& links,
                    const Limits& limits) {
  std::vector<std::string> urls = wikiurl::ExtractUrls(notice.body);
  if (urls.size() + links.size() > limits.max_urls) {
    notice.findings.push_back(
        {"limit.urls", Finding::Severity::kCritical, "",
         "the notice names " + std::to_string(urls.size() + links.size()) + " URLs; the first " +
             std::to_string(limits.max_urls) + " were resolved, a person must read the rest"});
    urls.resize(std::min(urls.size(), limits.max_urls));
  }
  const std::size_t links_taken = std::min(links.size(), limits.max_urls - urls.size());
  std::unordered_set<std::string_view> seen;
  seen.reserve(urls.size() + links.size());
  notice.targets.reserve(urls.size() + links.size());
  // The same page written two ways (mobile host, "index.php?title=", percent-encoded) is one
  // target: staff act on pages, not on spellings.
  // Pages are kept by hash, checked against the target on a match: a notice may name a
  // million URLs, and a set of keys would double what they cost.
  std::unordered_multimap<std::size_t, std::size_t> pages;  // hash -> index in targets
  pages.reserve(urls.size() + links.size());
  const auto same_page = [](const wikiurl::Target& a, const wikiurl::Target& b) {
    return a.site == b.site && a.title == b.title && a.oldid == b.oldid;
  };
  auto add = [&](const std::string& url) {
    if (url.rfind("mailto:", 0) == 0 || !seen.insert(url).second) return;
    wikiurl::Target target = wikiurl::Resolve(url);
    if (target.in_scope && target.site && target.title) {
      const std::size_t hash = std::hash<std::string_view>()(*target.site) * 31 +
                               std::hash<std::string_view>()(*target.title) +
                               static_cast<std::size_t>(target.oldid.value_or(-1));
      const auto [first, last] = pages.equal_range(hash);
      for (auto it = first; it != last; ++it) {
        if (same_page(notice.targets[it->second], target)) return;
      }
      pages.emplace(hash, notice.targets.size());
    }
    notice.targets.push_back(std::move(target));
  };
  for (const std::string& url : urls) add(url);
  for (std::size_t i = 0; i < links_taken; ++i) {
    const std::string& link = links[i];
    if (link.rfind("http", 0) == 0 || link.rfind("//", 0) == 0) add(link);
  }
}

// The original is the innermost sender who is not staff; the notice's text is that layer's.
void ChooseOriginal(std::vector<Layer>& chain, Notice& notice, const Intake& intake) {
  for (Layer& layer : chain) CompleteAddress(layer, intake);
  int chosen = -1;
  bool staff_seen = false;
  for (int i = static_cast<int>(chain.size()) - 1; i >= 0; --i) {
    const auto& from = chain[static_cast<std::size_t>(i)].from;
    if (!from || from->find('@') == std::string::npos) continue;
    if (intake.IsStaff(*from)) {
      staff_seen = true;
      continue;
    }
    chosen = i;
    break;
  }
  const Layer& innermost = chain.back();
  notice.body = innermost.body;
  if (chosen < 0) {
    notice.original.forward_depth = static_cast<int>(chain.size()) - 1;
    if (staff_seen) {
      notice.findings.push_back(
          {"notice.original_unknown", Finding::Severity::kCritical, "",
           "no sender outside the staff was found under the forwards (the last was " +
               chain.front().from.value_or("?") +
               "): a person must find the notice's original sender"});
      return;
    }
    // Not forwarded by staff: the envelope is what it is, even without a sender.
    notice.original = {innermost.from,
                       innermost.to,
                       innermost.cc,
                       innermost.date,
                       innermost.subject,
                       innermost.message_id,
                       notice.original.forward_depth};
    return;
  }
  const Layer& original = chain[static_cast<std::size_t>(chosen)];
  notice.original = {original.from,    original.to,         original.cc, original.date,
                     original.subject, original.message_id, chosen};
  if (chosen + 1 < static_cast<int>(chain.size())) notice.body = original.body;
}

void Finish(Notice& notice, const std::vector<std::string>& links, const Limits& limits) {
  if (notice.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    notice.findings.push_back({"notice.no_text", Finding::Severity::kCritical, "",
                               "no readable text: a person must read the message"});
  }
  notice.analysis = Analyze(notice.body);
  ResolveTargets(notice, links, limits);
  for (const Finding& f : notice.analysis.findings) notice.findings.push_back(f);
}

}  // namespace

bool Intake::IsStaff(std::string_view address_line) const {
  const std::string address = mime::AsciiLower(FirstAddress(address_line));
  const std::size_t at = address.rfind('@');
  if (address.empty() || at == std::string::npos) return false;
  for (const std::string& a : staff_addresses) {
    if (mime::AsciiLower(a) == address) return true;
  }
  const std::string_view domain = std::string_view(address).substr(at + 1);
  for (const std::string& d : staff_domains) {
    const std::string want = mime::AsciiLower(d);
    if (domain == want ||
        (domain.ends_with(want) && domain[domain.size() - want.size() - 1] == '.')) {
      return true;
    }
  }
  return false;
}

Notice Understand(const mime::Message& message, const Intake& intake) {
  Notice notice;
  notice.findings = message.findings();
  std::vector<Layer> chain;
  CollectMessage(message.root(), notice, intake, chain);
  std::vector<std::string> links = chain.back().links;
  ChooseOriginal(chain, notice, intake);
  Finish(notice, links, intake.limits);
  return notice;
}

Notice UnderstandText(std::string_view text, const Intake& intake) {
  Notice notice;
  const std::string body = text::IsValidUtf8(text)
                               ? text::NormalizeNfc(text)
                               : text::ToUtf8(text, "", &notice.findings, "text");
  std::vector<Layer> chain = InlineLayers(Layer{}, body, intake);
  if (chain.size() > 1) {
    ChooseOriginal(chain, notice, intake);
  } else {
    notice.body = body;
  }
  Finish(notice, {}, intake.limits);
  return notice;
}

}  // namespace dmca::parsers::notice
