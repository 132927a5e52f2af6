#include "tests/parsers/notice/forward_gen_text.h"

#include <unicode/ucnv.h>

#include <cstdio>

namespace dmca::parsers::notice::testing {
namespace {

// 0 = Sunday (Sakamoto's method).
int Weekday(int y, int m, int d) {
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3) y -= 1;
  return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

const char* const kEnDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                               "Thursday", "Friday", "Saturday"};
const char* const kDeDays[] = {"Sonntag",    "Montag",  "Dienstag", "Mittwoch",
                               "Donnerstag", "Freitag", "Samstag"};
const char* const kFrDays[] = {"dimanche", "lundi",    "mardi", "mercredi",
                               "jeudi",    "vendredi", "samedi"};
const char* const kEsDays[] = {"domingo", "lunes",   "martes", "miércoles",
                               "jueves",  "viernes", "sábado"};
const char* const kJaDays[] = {"日", "月", "火", "水", "木", "金", "土"};
const char* const kDeShortDays[] = {"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"};
const char* const kFrShortDays[] = {"dim", "lun", "mar", "mer", "jeu", "ven", "sam"};
const char* const kEsShortDays[] = {"dom", "lun", "mar", "mié", "jue", "vie", "sáb"};
const char* const kDeShortMonths[] = {"Jan",  "Feb", "Mär",  "Apr", "Mai", "Juni",
                                      "Juli", "Aug", "Sept", "Okt", "Nov", "Dez"};
const char* const kFrShortMonths[] = {"janv.", "févr.", "mars",  "avr.", "mai",  "juin",
                                      "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
const char* const kEsShortMonths[] = {"ene", "feb", "mar",  "abr", "may", "jun",
                                      "jul", "ago", "sept", "oct", "nov", "dic"};
const char* const kEnMonths[] = {"January",   "February", "March",    "April",
                                 "May",       "June",     "July",     "August",
                                 "September", "October",  "November", "December"};
const char* const kDeMonths[] = {"Januar",    "Februar", "März",     "April",
                                 "Mai",       "Juni",    "Juli",     "August",
                                 "September", "Oktober", "November", "Dezember"};
const char* const kFrMonths[] = {"janvier",   "février", "mars",     "avril",
                                 "mai",       "juin",    "juillet",  "août",
                                 "septembre", "octobre", "novembre", "décembre"};
const char* const kEsMonths[] = {"enero",      "febrero", "marzo",     "abril",
                                 "mayo",       "junio",   "julio",     "agosto",
                                 "septiembre", "octubre", "noviembre", "diciembre"};

std::string F(const char* fmt, auto... args) {
  char buf[256];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

std::string Clock12(const When& w, bool seconds) {
  const int h = w.hour % 12 == 0 ? 12 : w.hour % 12;
  return seconds ? F("%d:%02d:%02d %s", h, w.minute, w.second, w.hour < 12 ? "AM" : "PM")
                 : F("%d:%02d %s", h, w.minute, w.hour < 12 ? "AM" : "PM");
}

struct Labels {
  const char *from, *to, *cc, *date, *subject;
};

Labels LabelsOf(Client client, Lang lang) {
  const bool outlook = client == Client::kOutlook || client == Client::kOutlookClassic;
  switch (lang) {
    case Lang::kEn:
      return {"From:", "To:", "Cc:", outlook ? "Sent:" : "Date:", "Subject:"};
    case Lang::kDe:
      if (client == Client::kGmail) return {"Von:", "To:", "Cc:", "Date:", "Subject:"};
      return {"Von:", "An:", "Cc:", outlook ? "Gesendet:" : "Datum:", "Betreff:"};
    case Lang::kFr:
      if (client == Client::kGmail) return {"De :", "To:", "Cc:", "Date:", "Subject:"};
      return {
          "De :", client == Client::kThunderbird ? "Pour :" : "À :", "Cc :",
          outlook ? "Envoyé :" : "Date :", client == Client::kThunderbird ? "Sujet :" : "Objet :"};
    case Lang::kEs:
      if (client == Client::kGmail) return {"De:", "To:", "Cc:", "Date:", "Subject:"};
      return {"De:", "Para:", "CC:", outlook ? "Enviado:" : "Fecha:", "Asunto:"};
    case Lang::kJa:
      if (client == Client::kGmail) return {"From:", "To:", "Cc:", "Date:", "Subject:"};
      return {"差出人:", "宛先:", "CC:", outlook ? "送信日時:" : "日付:", "件名:"};
  }
  return {"From:", "To:", "Cc:", "Date:", "Subject:"};
}

const char* Marker(Client client, Lang lang) {
  static const char* const kGmail[] = {
      "---------- Forwarded message ---------", "---------- Weitergeleitete Nachricht ---------",
      "---------- Message transféré ---------", "---------- Mensaje reenviado ---------",
      "---------- 転送されたメッセージ ---------"};
  static const char* const kClassic[] = {
      "-----Original Message-----", "-----Ursprüngliche Nachricht-----",
      "-----Message d'origine-----", "-----Mensaje original-----", "-----元のメッセージ-----"};
  static const char* const kApple[] = {
      "Begin forwarded message:", "Anfang der weitergeleiteten Nachricht:",
      "Début du message réexpédié :", "Inicio del mensaje reenviado:", "転送されたメッセージ:"};
  static const char* const kThunderbird[] = {
      "-------- Forwarded Message --------", "-------- Weitergeleitete Nachricht --------",
      "-------- Message transféré --------", "-------- Mensaje reenviado --------",
      "-------- 転送メッセージ --------"};
  const int i = static_cast<int>(lang);
  switch (client) {
    case Client::kGmail:
      return kGmail[i];
    case Client::kOutlook:
      return "________________________________";
    case Client::kOutlookClassic:
      return kClassic[i];
    case Client::kApple:
      return kApple[i];
    case Client::kThunderbird:
      return kThunderbird[i];
  }
  return "";
}

std::string FromText(Client client, const Envelope& e) {
  switch (e.form) {
    case FromForm::kBare:
      return client == Client::kGmail ? "<" + e.address + ">" : e.address;
    case FromForm::kNameOnly:
      return e.name;
    case FromForm::kNameAddress:
      if (client == Client::kOutlookClassic) return e.name + " [mailto:" + e.address + "]";
      return e.name + " <" + e.address + ">";
  }
  return e.address;
}

}  // namespace

std::string_view ClientName(Client c) {
  static const char* const kNames[] = {"gmail", "outlook", "outlook-classic", "apple",
                                       "thunderbird"};
  return kNames[static_cast<int>(c)];
}

std::string_view LangName(Lang l) {
  static const char* const kNames[] = {"en", "de", "fr", "es", "ja"};
  return kNames[static_cast<int>(l)];
}

std::string Rfc5322Date(const When& w) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return F("%s, %d %s %d %02d:%02d:%02d +0000", kDays[Weekday(w.year, w.month, w.day)], w.day,
           kMonths[w.month - 1], w.year, w.hour, w.minute, w.second);
}

std::string DateText(Client client, Lang lang, const When& w) {
  const int wd = Weekday(w.year, w.month, w.day);
  const int mi = w.month - 1;
  auto short_of = [](const char* s, int n) { return std::string(s).substr(0, n); };
  switch (client) {
    case Client::kThunderbird:
      return Rfc5322Date(w);
    case Client::kGmail:
      switch (lang) {
        case Lang::kEn:
          return F("%s, %s %d, %d at %s", short_of(kEnDays[wd], 3).c_str(),
                   short_of(kEnMonths[mi], 3).c_str(), w.day, w.year, Clock12(w, false).c_str());
        case Lang::kDe:
          return F("%s., %d. %s. %d um %02d:%02d Uhr", kDeShortDays[wd], w.day, kDeShortMonths[mi],
                   w.year, w.hour, w.minute);
        case Lang::kFr:
          return F("%s. %d %s %d à %02d:%02d", kFrShortDays[wd], w.day, kFrShortMonths[mi], w.year,
                   w.hour, w.minute);
        case Lang::kEs:
          return F("%s, %d %s %d a las %d:%02d", kEsShortDays[wd], w.day, kEsShortMonths[mi],
                   w.year, w.hour, w.minute);
        case Lang::kJa:
          return F("%d年%d月%d日(%s) %d:%02d", w.year, w.month, w.day, kJaDays[wd], w.hour,
                   w.minute);
      }
      break;
    case Client::kOutlook:
    case Client::kOutlookClassic:
      switch (lang) {
        case Lang::kEn:
          return F("%s, %s %d, %d %s", kEnDays[wd], kEnMonths[mi], w.day, w.year,
                   Clock12(w, client == Client::kOutlookClassic).c_str());
        case Lang::kDe:
          return F("%s, %d. %s %d %02d:%02d", kDeDays[wd], w.day, kDeMonths[mi], w.year, w.hour,
                   w.minute);
        case Lang::kFr:
          return F("%s %d %s %d %02d:%02d", kFrDays[wd], w.day, kFrMonths[mi], w.year, w.hour,
                   w.minute);
        case Lang::kEs:
          return F("%s, %d de %s de %d %d:%02d", kEsDays[wd], w.day, kEsMonths[mi], w.year, w.hour,
                   w.minute);
        case Lang::kJa:
          return F("%d年%d月%d日 %d:%02d", w.year, w.month, w.day, w.hour, w.minute);
      }
      break;
    case Client::kApple:
      switch (lang) {
        case Lang::kEn:
          return F("%s %d, %d at %s PST", kEnMonths[mi], w.day, w.year, Clock12(w, true).c_str());
        case Lang::kDe:
          return F("%d. %s %d um %02d:%02d:%02d MEZ", w.day, kDeMonths[mi], w.year, w.hour,
                   w.minute, w.second);
        case Lang::kFr:
          return F("%d %s %d à %02d:%02d:%02d UTC+1", w.day, kFrMonths[mi], w.year, w.hour,
                   w.minute, w.second);
        case Lang::kEs:
          return F("%d de %s de %d, %d:%02d:%02d CET", w.day, kEsMonths[mi], w.year, w.hour,
                   w.minute, w.second);
        case Lang::kJa:
          return F("%d年%d月%d日 %d:%02d:%02d JST", w.year, w.month, w.day, w.hour, w.minute,
                   w.second);
      }
      break;
  }
  return Rfc5322Date(w);
}

std::string TextBlock(Client client, Lang lang, const Envelope& e) {
  const Labels l = LabelsOf(client, lang);
  const std::string from = FromText(client, e);
  const std::string sep = client == Client::kThunderbird ? " \t" : " ";
  auto line = [&](const char* label, const std::string& value) {
    return (e.bold_labels ? "*" + std::string(label) + "*" : std::string(label)) + sep + value +
           "\n";
  };
  std::string out = std::string(Marker(client, lang)) + "\n";
  if (client == Client::kApple) out += "\n";
  switch (client) {
    case Client::kGmail:
      out +=
          line(l.from, from) + line(l.date, e.date) + line(l.subject, e.subject) + line(l.to, e.to);
      if (!e.cc.empty()) out += line(l.cc, e.cc);
      break;
    case Client::kOutlook:
    case Client::kOutlookClassic:
      out += line(l.from, from) + line(l.date, e.date) + line(l.to, e.to);
      if (!e.cc.empty()) out += line(l.cc, e.cc);
      out += line(l.subject, e.subject);
      break;
    case Client::kApple:
      // Apple Mail's subject is bold; a text rendering of it keeps the asterisks.
      out += line(l.from, from) +
             line(l.subject, e.bold_labels ? "*" + e.subject + "*" : e.subject) +
             line(l.date, e.date) + line(l.to, e.to);
      if (!e.cc.empty()) out += line(l.cc, e.cc);
      break;
    case Client::kThunderbird:
      out +=
          line(l.subject, e.subject) + line(l.date, e.date) + line(l.from, from) + line(l.to, e.to);
      if (!e.cc.empty()) out += line(l.cc, e.cc);
      break;
  }
  return out + "\n";
}

std::string HtmlBlockOpen(Client client, Lang lang, const Envelope& e) {
  Labels l = LabelsOf(client, lang);
  // French clients write a no-break space before the colon in HTML ("De&nbsp;:").
  static thread_local std::string fr[5];
  if (lang == Lang::kFr && client != Client::kGmail) {
    const char* const* fields[] = {&l.from, &l.to, &l.cc, &l.date, &l.subject};
    for (int i = 0; i < 5; ++i) {
      fr[i] = *fields[i];
      if (const std::size_t at = fr[i].find(" :"); at != std::string::npos) {
        fr[i].replace(at, 2, "\xC2\xA0:");
      }
    }
    l = {fr[0].c_str(), fr[1].c_str(), fr[2].c_str(), fr[3].c_str(), fr[4].c_str()};
  }
  const std::string mailto = "<a href=\"mailto:" + e.address + "\">" + e.address + "</a>";
  std::string from_html;
  switch (e.form) {
    case FromForm::kBare:
      from_html = mailto;
      break;
    case FromForm::kNameOnly:
      // Outlook links the display name; the others show the name the sender set.
      from_html = client == Client::kOutlook || client == Client::kOutlookClassic
                      ? "<a href=\"mailto:" + e.address + "\">" + HtmlEscape(e.name) + "</a>"
                      : HtmlEscape(e.name);
      break;
    case FromForm::kNameAddress:
      from_html = client == Client::kGmail
                      ? "<strong class=\"gmail_sendername\" dir=\"auto\">" + HtmlEscape(e.name) +
                            "</strong> <span dir=\"auto\">&lt;" + mailto + "&gt;</span>"
                      : HtmlEscape(e.name) + " &lt;" + mailto + "&gt;";
      break;
  }
  const std::string subject = HtmlEscape(e.subject), date = HtmlEscape(e.date),
                    to = HtmlEscape(e.to), cc = HtmlEscape(e.cc);
  std::string out;
  switch (client) {
    case Client::kGmail:
      out = "<div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">" +
            std::string(Marker(client, lang)) + "<br>" + l.from + " " + from_html + "<br>" +
            l.date + " " + date + "<br>" + l.subject + " " + subject + "<br>" + l.to + " " + to +
            "<br>" + (cc.empty() ? "" : std::string(l.cc) + " " + cc + "<br>") + "</div><br><br>";
      break;
    case Client::kOutlook:
      out =
          "<hr style=\"display:inline-block;width:98%\" tabindex=\"-1\"><div id=\"divRplyFwdMsg\" "
          "dir=\"ltr\"><font face=\"Calibri, sans-serif\" style=\"font-size:11pt\" "
          "color=\"#000000\"><b>" +
          std::string(l.from) + "</b> " + from_html + "<br><b>" + l.date + "</b> " + date +
          "<br><b>" + l.to + "</b> " + to + "<br>" +
          (cc.empty() ? "" : "<b>" + std::string(l.cc) + "</b> " + cc + "<br>") + "<b>" +
          l.subject + "</b> " + subject + "</font><div>&nbsp;</div></div>";
      break;
    case Client::kOutlookClassic:
      out =
          "<div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in\">"
          "<p class=\"MsoNormal\"><b>" +
          std::string(l.from) + "</b> " + from_html + "<br><b>" + l.date + "</b> " + date +
          "<br><b>" + l.to + "</b> " + to + "<br>" +
          (cc.empty() ? "" : "<b>" + std::string(l.cc) + "</b> " + cc + "<br>") + "<b>" +
          l.subject + "</b> " + subject + "<o:p></o:p></p></div><p class=\"MsoNormal\">&nbsp;</p>";
      break;
    case Client::kApple: {
      auto row = [](const char* label, const std::string& value) {
        return "<div style=\"margin-top:0px;margin-right:0px;margin-bottom:0px;margin-left:0px;\">"
               "<span style=\"font-family:-webkit-system-font\"><b>" +
               std::string(label) + " </b></span><span style=\"font-family:-webkit-system-font\">" +
               value + "<br></span></div>";
      };
      out = "<div><br><blockquote type=\"cite\"><div>" + std::string(Marker(client, lang)) +
            "</div><br class=\"Apple-interchange-newline\">" + row(l.from, from_html) +
            row(l.subject, "<b>" + subject + "</b>") + row(l.date, date) + row(l.to, to) +
            (cc.empty() ? "" : row(l.cc, cc)) + "<br>";
      break;
    }
    case Client::kThunderbird: {
      auto row = [](const char* label, const std::string& value) {
        return "<tr><th valign=\"BASELINE\" nowrap=\"nowrap\" align=\"RIGHT\">" +
               std::string(label) + " </th><td>" + value + "</td></tr>";
      };
      out = "<div class=\"moz-forward-container\"><br><br>" + std::string(Marker(client, lang)) +
            "<table class=\"moz-email-headers-table\" border=\"0\" cellpadding=\"0\" "
            "cellspacing=\"0\"><tbody>" +
            row(l.subject, subject) + row(l.date, date) + row(l.from, from_html) + row(l.to, to) +
            (cc.empty() ? "" : row(l.cc, cc)) + "</tbody></table><br><br>";
      break;
    }
  }
  return out;
}

std::string HtmlBlockClose(Client client) {
  switch (client) {
    case Client::kGmail:
      return "</div>";
    case Client::kApple:
      return "</blockquote></div>";
    case Client::kThunderbird:
      return "</div>";
    default:
      return "";
  }
}

std::string QuotedPrintable(std::string_view bytes) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out, line;
  auto flush_soft = [&] {
    out += line + "=\n";
    line.clear();
  };
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == '\n') {
      if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        const char last = line.back();
        line.pop_back();
        line += last == ' ' ? "=20" : "=09";
      }
      out += line + "\n";
      line.clear();
      continue;
    }
    std::string piece;
    if ((c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t') {
      piece = std::string(1, static_cast<char>(c));
    } else {
      piece = {'=', kHex[c >> 4], kHex[c & 15]};
    }
    if (line.size() + piece.size() > 75) flush_soft();
    line += piece;
  }
  return out + line;
}

std::string Base64(std::string_view bytes) {
  static const char* const kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t column = 0;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const unsigned a = static_cast<unsigned char>(bytes[i]);
    const unsigned b = i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) : 0;
    const unsigned c = i + 2 < bytes.size() ? static_cast<unsigned char>(bytes[i + 2]) : 0;
    const unsigned n = (a << 16) | (b << 8) | c;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
    if ((column += 4) >= 76) {
      out += "\n";
      column = 0;
    }
  }
  return out + "\n";
}

std::string ToWindows1252(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    unsigned cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) {
      len = 4;
      cp = 0;
    } else if (c >= 0xE0) {
      len = 3;
      cp = ((c & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F);
    } else if (c >= 0xC0) {
      len = 2;
      cp = ((c & 0x1F) << 6) | (utf8[i + 1] & 0x3F);
    }
    i += len;
    switch (cp) {
      case 0x2018:
        out += '\x91';
        break;
      case 0x2019:
        out += '\x92';
        break;
      case 0x201C:
        out += '\x93';
        break;
      case 0x201D:
        out += '\x94';
        break;
      case 0x2013:
        out += '\x96';
        break;
      case 0x2014:
        out += '\x97';
        break;
      case 0x20AC:
        out += '\x80';
        break;
      default:
        out += cp < 0x100 ? static_cast<char>(cp) : '?';
    }
  }
  return out;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\n':
        out += "<br>\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string HardWrap(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    while (line.size() > 76) {
      std::size_t cut = line.rfind(' ', 76);
      if (cut == std::string_view::npos || cut < 20) break;
      out.append(line.substr(0, cut));
      out += '\n';
      line.remove_prefix(cut + 1);
    }
    out.append(line);
    if (end < text.size()) out += '\n';
    pos = end + 1;
  }
  return out;
}

}  // namespace dmca::parsers::notice::testing

namespace dmca::parsers::notice::testing {

std::string ToIso2022Jp(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  const int32_t n =
      ucnv_convert("ISO-2022-JP", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                   utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  if (U_FAILURE(status)) return {};
  out.resize(static_cast<std::size_t>(n));
  // Only text the charset can hold: a client sends anything else as UTF-8.
  std::string back(out.size() * 2 + 16, '\0');
  const int32_t m =
      ucnv_convert("UTF-8", "ISO-2022-JP", back.data(), static_cast<int32_t>(back.size()),
                   out.data(), static_cast<int32_t>(out.size()), &status);
  if (U_FAILURE(status)) return {};
  back.resize(static_cast<std::size_t>(m));
  return back == utf8 ? out : std::string();
}

}  // namespace dmca::parsers::notice::testing
