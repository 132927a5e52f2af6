#include "tests/parsers/notice/forward_gen.h"

#include <cstdio>

#include "tests/parsers/notice/forward_gen_office.h"
#include "tests/parsers/notice/forward_gen_text.h"

namespace dmca::parsers::notice::testing {
namespace {

struct Person {
  const char* name;
  const char* address;
};

// Invented people at reserved domains (RFC 2606).
constexpr Person kSenders[] = {
    {"Mara Quillfeather", "m.quillfeather@studio.example.org"},
    {"Dov Ostrander", "dov@ostrander-photo.example.com"},
    {"Inès Valcourt", "ines.valcourt@example.org"},
    {"Kenji Morikawa", "morikawa@images.example.co.jp"},
    {"Lotte Brenner", "brenner@verlag.example.de"},
    {"Pablo Ruidera", "pruidera@example.es"},
    {"Anouk Delmas", "anouk@delmas.example.fr"},
    {"Tamsin Okoro", "tamsin.okoro@example.com"},
};
constexpr Person kStaff[] = {{"Robin Castellan", "rcastellan@wikimedia.example"},
                             {"Noor Abernethy", "nabernethy@wikimedia.example"}};
constexpr Person kRoles[] = {{"Wikimedia Answers", "answers@wikimedia.example"},
                             {"Legal", "legal@wikimedia.example"},
                             {"Press", "press@wikimedia.example"},
                             {"DMCA desk", "dmca-desk@example.com"}};
constexpr const char* kIntakeAddress = "legal@wikimedia.example";
constexpr const char* kTitles[] = {"Harbour at Dusk", "Winter Orchard", "Glass Cathedral",
                                   "Salt Flats No. 3", "The Red Bicycle"};

enum class BodyForm { kText, kHtml, kAlternative, kAltTextPoor, kAltHtmlPoor };
constexpr BodyForm kBodyForms[] = {BodyForm::kText, BodyForm::kHtml, BodyForm::kAlternative,
                                   BodyForm::kAltTextPoor, BodyForm::kAltHtmlPoor};
const char* BodyFormName(BodyForm f) {
  static const char* const kNames[] = {"text", "html", "alternative", "alt-text-poor",
                                       "alt-html-poor"};
  return kNames[static_cast<int>(f)];
}

enum class Carrier { kRfc822, kRfc822Base64, kEml, kEmlUnnamed, kOutlookText, kTnef, kMsg };
constexpr Carrier kCarriers[] = {Carrier::kRfc822,      Carrier::kRfc822Base64, Carrier::kEml,
                                 Carrier::kEmlUnnamed,  Carrier::kOutlookText,  Carrier::kTnef,
                                 Carrier::kMsg};
const char* CarrierName(Carrier c) {
  static const char* const kNames[] = {"rfc822",      "rfc822-base64", "eml", "eml-unnamed",
                                       "outlook-txt", "tnef",          "msg"};
  return kNames[static_cast<int>(c)];
}

const char* FwdPrefix(Client client, Lang lang) {
  if (client == Client::kOutlook || client == Client::kOutlookClassic) {
    static const char* const kOutlook[] = {"FW: ", "WG: ", "TR : ", "RV: ", "FW: "};
    return kOutlook[static_cast<int>(lang)];
  }
  return "Fwd: ";
}

const char* Note(Lang lang) {
  static const char* const kNotes[] = {"Forwarding for the legal team, see below.",
                                       "Zur Kenntnis, siehe unten.",
                                       "Pour information, voir "
                                       "ci-dessous.",
                                       "Para su información, ver abajo.", "ご確認ください。"};
  return kNotes[static_cast<int>(lang)];
}

std::string Encode2047(const std::string& value) {
  for (unsigned char c : value) {
    if (c >= 0x80) {
      std::string b64 = Base64(value);
      std::string flat;
      for (char c2 : b64) {
        if (c2 != '\n') flat += c2;
      }
      return "=?utf-8?B?" + flat + "?=";
    }
  }
  return value;
}

struct Original {
  Envelope envelope;
  When when;
  std::string notice;  // the notice text, UTF-8
};

Original MakeOriginal(int n, Client client, Lang lang, FromForm form) {
  const Person& p = kSenders[n % std::size(kSenders)];
  const char* title = kTitles[n % std::size(kTitles)];
  Original o;
  o.when = {2026, 1 + n % 12, 1 + (n * 7) % 28, (n * 5) % 24, (n * 13) % 60, (n * 17) % 60};
  o.envelope.name = p.name;
  o.envelope.address = p.address;
  o.envelope.form = form;
  o.envelope.date = DateText(client, lang, o.when);
  o.envelope.to = kIntakeAddress;
  if (n % 4 == 1) o.envelope.cc = "Counsel <counsel@lawfirm.example.com>";
  o.envelope.subject = n % 3 == 0 ? std::string(
                                        "DMCA takedown notice regarding the unauthorized use of my "
                                        "photograph “") +
                                        title + "” on Wikimedia Commons (second request)"
                                  : std::string("DMCA notice – “") + title + "”";
  std::string file = title;
  for (char& c : file) {
    if (c == ' ') c = '_';
  }
  o.notice = std::string("Dear Wikimedia Foundation,\n\nMy photograph “") + title +
             "” is copied without my permission at\n"
             "https://commons.wikimedia.org/wiki/File:" +
             file +
             ".jpg\n\n"
             "I have a good faith belief that the use described above is not authorized by the "
             "copyright owner, its agent, or the law. The information in this notice is "
             "accurate, and under penalty of perjury, I am the owner of the copyright.\n\n"
             "Sincerely,\n" +
             p.name + "\n";
  if (form == FromForm::kNameOnly || n % 2 == 0) {
    o.notice += std::string("Email: ") + p.address + "\n";
  }
  o.notice += "+1 555 0100 " + std::to_string(1000 + n) + "\n";
  return o;
}

// The forwarder between staff and the original in a double forward: a role address or another
// staff member.
Envelope Middle(int n, Client client, Lang lang, const Original& o) {
  const Person& p = n % 3 == 0 ? kStaff[1] : kRoles[n % std::size(kRoles)];
  Envelope e;
  e.name = p.name;
  e.address = p.address;
  e.form = FromForm::kNameAddress;
  When later = o.when;
  later.hour = (later.hour + 2) % 24;
  e.date = DateText(client, lang, later);
  e.to = std::string(kStaff[0].name) + " <" + kStaff[0].address + ">";
  e.subject = FwdPrefix(client, lang) + o.envelope.subject;
  return e;
}

std::string Part(const std::string& type, std::string charset, int encoding,
                 const std::string& utf8, const std::string& extra_headers = "") {
  std::string bytes = charset == "windows-1252"  ? ToWindows1252(utf8)
                      : charset == "iso-2022-jp" ? ToIso2022Jp(utf8)
                                                 : utf8;
  if (bytes.empty() && !utf8.empty()) {
    charset = "utf-8";
    bytes = utf8;
  }
  std::string headers = "Content-Type: " + type + "; charset=" + charset + "\n" + extra_headers;
  switch (encoding) {
    case 1:
      return headers + "Content-Transfer-Encoding: quoted-printable\n\n" + QuotedPrintable(bytes);
    case 2:
      return headers + "Content-Transfer-Encoding: base64\n\n" + Base64(bytes);
    default:
      return headers + "Content-Transfer-Encoding: 8bit\n\n" + bytes;
  }
}

std::string OuterHeaders(int n, const std::string& subject, const std::string& content_type) {
  const Person& staff = kStaff[0];
  char id[64];
  std::snprintf(id, sizeof id, "<gen-%d@mail.wikimedia.example>", n);
  return std::string("From: ") + staff.name + " <" + staff.address + ">\nTo: " + kIntakeAddress +
         "\nSubject: " + Encode2047(subject) +
         "\nDate: Tue, 1 Dec 2026 10:00:00 +0000\nMessage-ID: " + id +
         "\nMIME-Version: 1.0\nContent-Type: " + content_type + "\n";
}

std::string Flattened(Client client, Lang lang, const Envelope& e) {
  std::string block = TextBlock(client, lang, e);
  std::string flat;
  for (char c : block) flat += c == '\n' || c == '\t' ? ' ' : c;
  return flat + "\n\n";
}

std::string Crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string HtmlNotice(const std::string& text) { return "<div>" + HtmlEscape(text) + "</div>"; }

GeneratedMail Inline(int n, Client client, Lang lang, BodyForm form, int levels) {
  const FromForm from_form = static_cast<FromForm>(n % 3);
  Original o = MakeOriginal(n, client, lang, from_form);
  Envelope mid = Middle(n, client, lang, o);
  o.envelope.bold_labels = mid.bold_labels = n % 7 == 2;
  const bool legacy = n % 4 == 3;
  const std::string charset =
      legacy ? (lang == Lang::kJa ? "iso-2022-jp" : "windows-1252") : "utf-8";
  const int encoding = legacy ? (lang == Lang::kJa ? 0 : 1) : n % 3;
  std::string text = std::string(Note(lang)) + "\n\n";
  std::string html = "<div dir=\"ltr\">" + HtmlEscape(Note(lang)) + "</div><br>";
  std::string poor_text = text, poor_html = html;
  if (levels == 2) {
    text += TextBlock(client, lang, mid) + "Please handle.\n\n";
    html += HtmlBlockOpen(client, lang, mid) + "<div>Please handle.</div><br>";
    poor_text += Flattened(client, lang, mid) + "Please handle.\n\n";
    poor_html += "<div>Please handle.</div>";
  }
  text += TextBlock(client, lang, o.envelope) + o.notice;
  html += HtmlBlockOpen(client, lang, o.envelope) + HtmlNotice(o.notice) + HtmlBlockClose(client) +
          (levels == 2 ? HtmlBlockClose(client) : "");
  poor_text += Flattened(client, lang, o.envelope) + o.notice;
  poor_html += HtmlNotice(o.notice);
  if (n % 5 == 0 && encoding != 1) text = HardWrap(text);
  const std::string subject =
      FwdPrefix(client, lang) + (levels == 2 ? mid.subject : o.envelope.subject);
  std::string raw;
  switch (form) {
    case BodyForm::kText:
      raw = OuterHeaders(n, subject, "text/plain; charset=" + charset);
      raw = raw.substr(0, raw.rfind("Content-Type:")) + Part("text/plain", charset, encoding, text);
      break;
    case BodyForm::kHtml:
      raw = OuterHeaders(n, subject, "text/html; charset=" + charset);
      raw = raw.substr(0, raw.rfind("Content-Type:")) +
            Part("text/html", charset, encoding, "<html><body>" + html + "</body></html>");
      break;
    case BodyForm::kAlternative:
    case BodyForm::kAltTextPoor:
    case BodyForm::kAltHtmlPoor: {
      const std::string& t = form == BodyForm::kAltTextPoor ? poor_text : text;
      const std::string& h = form == BodyForm::kAltHtmlPoor ? poor_html : html;
      raw = OuterHeaders(n, subject, "multipart/alternative; boundary=\"alt-b\"") + "\n--alt-b\n" +
            Part("text/plain", charset, encoding, t) + "\n--alt-b\n" +
            Part("text/html", charset, encoding, "<html><body>" + h + "</body></html>") +
            "\n--alt-b--\n";
      break;
    }
  }
  // Half the set travels with CRLF line ends, as SMTP delivers them.
  if (n % 2 == 1) raw = Crlf(raw);
  char id[128];
  std::snprintf(id, sizeof id, "%s/%s/%s/%d/%d/%s%s%s", std::string(ClientName(client)).c_str(),
                std::string(LangName(lang)).c_str(), BodyFormName(form), levels,
                static_cast<int>(from_form), charset.c_str(), n % 5 == 0 ? "/wrapped" : "",
                n % 7 == 2 ? "/bold" : "");
  return {id, raw, o.envelope.address, o.envelope.date, o.envelope.subject, levels};
}

// Three forwards, each written by a different client (and the innermost in another language):
// a staff member forwards what a second staff member forwarded from a role address.
GeneratedMail Mixed(int n, Lang lang, bool html_only) {
  const Client a = kClients[n % 5], b = kClients[(n + 1) % 5], c = kClients[(n + 3) % 5];
  const Lang inner_lang = kLangs[(static_cast<int>(lang) + 1 + n) % 5];
  const Original o = MakeOriginal(n, c, inner_lang, static_cast<FromForm>(n % 3));
  Envelope role = Middle(n + 1, b, lang, o);
  role.name = kRoles[n % 3].name;
  role.address = kRoles[n % 3].address;
  Envelope second = Middle(n, a, lang, o);
  second.name = kStaff[1].name;
  second.address = kStaff[1].address;
  second.subject = FwdPrefix(a, lang) + role.subject;
  std::string raw;
  const std::string subject = FwdPrefix(Client::kGmail, lang) + second.subject;
  if (html_only) {
    const std::string html =
        "<html><body><div>" + HtmlEscape(Note(lang)) + "</div>" + HtmlBlockOpen(a, lang, second) +
        "<div>FYI</div>" + HtmlBlockOpen(b, lang, role) + "<div>See below.</div>" +
        HtmlBlockOpen(c, inner_lang, o.envelope) + HtmlNotice(o.notice) + HtmlBlockClose(c) +
        HtmlBlockClose(b) + HtmlBlockClose(a) + "</body></html>";
    raw = OuterHeaders(n, subject, "");
    raw = raw.substr(0, raw.rfind("Content-Type:")) + Part("text/html", "utf-8", n % 3, html);
  } else {
    const std::string text = std::string(Note(lang)) + "\n\n" + TextBlock(a, lang, second) +
                             "FYI\n\n" + TextBlock(b, lang, role) + "See below.\n\n" +
                             TextBlock(c, inner_lang, o.envelope) + o.notice;
    raw = OuterHeaders(n, subject, "");
    raw = raw.substr(0, raw.rfind("Content-Type:")) + Part("text/plain", "utf-8", n % 3, text);
  }
  if (n % 2 == 1) raw = Crlf(raw);
  char id[128];
  std::snprintf(id, sizeof id, "mixed/%s+%s+%s/%s+%s/3/%s", std::string(ClientName(a)).c_str(),
                std::string(ClientName(b)).c_str(), std::string(ClientName(c)).c_str(),
                std::string(LangName(lang)).c_str(), std::string(LangName(inner_lang)).c_str(),
                html_only ? "html" : "text");
  return {id, raw, o.envelope.address, o.envelope.date, o.envelope.subject, 3};
}

GeneratedMail Attached(int n, Carrier carrier, Lang lang, int levels) {
  const Client outlook = Client::kOutlook;
  const bool name_only = carrier == Carrier::kOutlookText && n % 2 == 1;
  Original o =
      MakeOriginal(n, outlook, lang, name_only ? FromForm::kNameOnly : FromForm::kNameAddress);
  std::string want_date = Rfc5322Date(o.when);
  std::string note = std::string(Note(lang)) + "\n\n";
  if (levels == 2) {
    note += TextBlock(outlook, lang, Middle(n, outlook, lang, o)) + "See the attached notice.\n";
  }
  std::string attachment;
  const std::string message =
      "From: " + o.envelope.name + " <" + o.envelope.address + ">\nTo: " + kIntakeAddress +
      "\nSubject: " + Encode2047(o.envelope.subject) + "\nDate: " + want_date +
      "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
      "Content-Transfer-Encoding: quoted-printable\n\n" +
      QuotedPrintable(o.notice);
  OfficeFields office{o.envelope.name, o.envelope.address, kIntakeAddress, o.envelope.subject,
                      o.notice,        o.when.year,        o.when.month,   o.when.day,
                      o.when.hour,     o.when.minute,      o.when.second};
  office.rtf_only = n % 2 == 0;
  switch (carrier) {
    case Carrier::kRfc822:
      attachment = "Content-Type: message/rfc822\nContent-Disposition: attachment\n\n" + message;
      break;
    case Carrier::kRfc822Base64:
      // Against RFC 2046 §5.2.1, but Exchange sends attached messages so.
      attachment = "Content-Type: message/rfc822\nContent-Disposition: attachment\n"
                   "Content-Transfer-Encoding: base64\n\n" + Base64(message);
      break;
    case Carrier::kEml:
    case Carrier::kEmlUnnamed: {
      const std::string name = carrier == Carrier::kEml ? "DMCA notice.eml" : "attachment";
      attachment = "Content-Type: application/octet-stream; name=\"" + name +
                   "\"\nContent-Disposition: attachment; filename=\"" + name +
                   "\"\nContent-Transfer-Encoding: base64\n\n" + Base64(message);
      break;
    }
    case Carrier::kOutlookText: {
      o.envelope.date = DateText(outlook, lang, o.when);
      want_date = o.envelope.date;
      const std::string from =
          name_only ? o.envelope.name : o.envelope.name + " <" + o.envelope.address + ">";
      const std::string saved = "From:\t" + from + "\r\nSent:\t" + o.envelope.date + "\r\nTo:\t" +
                                kIntakeAddress + "\r\nSubject:\t" + o.envelope.subject +
                                "\r\n\r\n" + o.notice;
      const bool legacy = lang != Lang::kJa && n % 2 == 0;
      attachment = Part("text/plain", legacy ? "windows-1252" : "utf-8", 2, saved,
                        "Content-Disposition: attachment; filename=\"DMCA notice.txt\"\n");
      break;
    }
    case Carrier::kTnef:
      attachment =
          "Content-Type: application/ms-tnef; name=\"winmail.dat\"\n"
          "Content-Disposition: attachment; filename=\"winmail.dat\"\n"
          "Content-Transfer-Encoding: base64\n\n" +
          Base64(WriteTnef(office));
      break;
    case Carrier::kMsg:
      attachment =
          "Content-Type: application/vnd.ms-outlook; name=\"DMCA notice.msg\"\n"
          "Content-Disposition: attachment; filename=\"DMCA notice.msg\"\n"
          "Content-Transfer-Encoding: base64\n\n" +
          Base64(WriteMsg(office));
      break;
  }
  std::string raw = OuterHeaders(n, std::string("FW: ") + o.envelope.subject,
                                 "multipart/mixed; boundary=\"mix-b\"") +
                    "\n--mix-b\n" + Part("text/plain", "utf-8", 1, note) + "\n--mix-b\n" +
                    attachment + "\n--mix-b--\n";
  if (n % 2 == 1) raw = Crlf(raw);
  char id[96];
  std::snprintf(id, sizeof id, "attached/%s/%s/%d%s%s", CarrierName(carrier),
                std::string(LangName(lang)).c_str(), levels, name_only ? "/name-only" : "",
                office.rtf_only && (carrier == Carrier::kTnef || carrier == Carrier::kMsg)
                    ? "/rtf"
                    : "");
  return {id, raw, o.envelope.address, want_date, o.envelope.subject, levels};
}

}  // namespace

Intake GeneratedIntake() {
  Intake intake;
  intake.staff_domains = {"wikimedia.example"};
  intake.staff_addresses = {"dmca-desk@example.com"};
  return intake;
}

std::vector<GeneratedMail> GenerateForwards() {
  std::vector<GeneratedMail> mails;
  int n = 0;
  for (Client client : kClients) {
    for (Lang lang : kLangs) {
      for (BodyForm form : kBodyForms) {
        for (int levels = 1; levels <= 2; ++levels) {
          mails.push_back(Inline(n++, client, lang, form, levels));
        }
      }
    }
  }
  for (Lang lang : kLangs) {
    for (int rotation = 0; rotation < 5; ++rotation) {
      for (bool html_only : {false, true}) mails.push_back(Mixed(n++, lang, html_only));
    }
  }
  for (Carrier carrier : kCarriers) {
    for (Lang lang : kLangs) {
      for (int levels = 1; levels <= 2; ++levels) {
        for (int variant = 0; variant < 2; ++variant) {
          mails.push_back(Attached(n++, carrier, lang, levels));
        }
      }
    }
  }
  return mails;
}

}  // namespace dmca::parsers::notice::testing
