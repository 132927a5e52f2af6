#pragma once
// Pieces of the forward generator (forward_gen.cc): how each client and language writes a
// forwarded header block, and the encodings a body travels in.

#include <string>
#include <string_view>

namespace dmca::parsers::notice::testing {

enum class Client { kGmail, kOutlook, kOutlookClassic, kApple, kThunderbird };
enum class Lang { kEn, kDe, kFr, kEs, kJa };
constexpr Client kClients[] = {Client::kGmail, Client::kOutlook, Client::kOutlookClassic,
                               Client::kApple, Client::kThunderbird};
constexpr Lang kLangs[] = {Lang::kEn, Lang::kDe, Lang::kFr, Lang::kEs, Lang::kJa};
std::string_view ClientName(Client c);
std::string_view LangName(Lang l);

struct When {
  int year, month, day, hour, minute, second;
};

// The date line as `client` writes it in `lang` (Outlook's "Monday, November 23, 2026 9:05 AM",
// Gmail's "Mon, Nov 23, 2026 at 9:05 AM", …); Thunderbird and attached messages use RFC 5322.
std::string DateText(Client client, Lang lang, const When& when);
std::string Rfc5322Date(const When& when);

// How a sender line is written: "Name <address>", the address alone, or the name alone.
enum class FromForm { kNameAddress, kBare, kNameOnly };

struct Envelope {
  std::string name, address;
  FromForm form = FromForm::kNameAddress;
  std::string date;  // as written
  std::string to, cc, subject;
  // Labels in "*From:*" form: the text part Gmail and others write for a bold HTML block.
  bool bold_labels = false;
};

// The forwarded block (marker and header lines, no body) in text and in HTML.
std::string TextBlock(Client client, Lang lang, const Envelope& e);
std::string HtmlBlockOpen(Client client, Lang lang, const Envelope& e);
std::string HtmlBlockClose(Client client);

// Transfer encodings and charsets.
std::string QuotedPrintable(std::string_view bytes);  // soft-wraps lines at 76 columns
std::string Base64(std::string_view bytes);
std::string ToWindows1252(std::string_view utf8);  // smart quotes and Latin-1 letters
std::string HtmlEscape(std::string_view text);
// Wraps lines longer than 76 bytes at a space, as clients do to plain text they send.
std::string HardWrap(std::string_view text);
// UTF-8 to ISO-2022-JP (RFC 1468), the charset much Japanese mail still travels in (ICU); ""
// when the text holds characters ISO-2022-JP cannot.
std::string ToIso2022Jp(std::string_view utf8);

}  // namespace dmca::parsers::notice::testing
