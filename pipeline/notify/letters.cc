#include "pipeline/notify/letters.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <ctime>

namespace dmca::pipeline::notify {
namespace {

std::string Hex(std::string_view text) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(text.data(), static_cast<unsigned>(text.size()));
  return Poco::DigestEngine::digestToHex(sha.digest());
}

std::string Domain(std::string_view address) {
  const auto at = address.rfind('@');
  return at == std::string_view::npos ? "localhost" : std::string(address.substr(at + 1));
}

bool Ascii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80 || c == '\r' || c == '\n') return false;
  }
  return true;
}

// RFC 2047 §4.1 "B" encoding, split so that no encoded word passes 75 characters and no UTF-8
// sequence is cut in two.
std::string EncodeWords(std::string_view text) {
  if (Ascii(text)) return std::string(text);
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto base64 = [](std::string_view chunk) {
    std::string out;
    for (std::size_t i = 0; i < chunk.size(); i += 3) {
      unsigned v = static_cast<unsigned char>(chunk[i]) << 16;
      if (i + 1 < chunk.size()) v |= static_cast<unsigned char>(chunk[i + 1]) << 8;
      if (i + 2 < chunk.size()) v |= static_cast<unsigned char>(chunk[i + 2]);
      out += kAlphabet[(v >> 18) & 63];
      out += kAlphabet[(v >> 12) & 63];
      out += i + 1 < chunk.size() ? kAlphabet[(v >> 6) & 63] : '=';
      out += i + 2 < chunk.size() ? kAlphabet[v & 63] : '=';
    }
    return out;
  };
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.size(), start + 45);  // 45 bytes -> 60 base64 characters
    while (end < text.size() && end > start &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;  // do not split a UTF-8 sequence
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

// RFC 2045 §6.7, lines of at most 76 characters, CRLF line ends.
std::string QuotedPrintable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t column = 0;
  auto put = [&](std::string_view piece) {
    if (column + piece.size() > 75) {
      out += "=\r\n";
      column = 0;
    }
    out += piece;
    column += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\r\n";
      column = 0;
      continue;
    }
    if (c == '\r') continue;
    const bool line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    // A "." alone at the start of a line is safe here (SMTP dot-stuffs), but "From " is not for
    // mbox readers: encode its F.
    const bool from_line = column == 0 && text.substr(i, 5) == "From ";
    if ((c >= 33 && c <= 126 && c != '=' && !from_line) || ((c == ' ' || c == '\t') && !line_end)) {
      put(std::string(1, static_cast<char>(c)));
    } else {
      const char encoded[] = {'=', kHex[c >> 4], kHex[c & 15], 0};
      put(encoded);
    }
  }
  return out;
}

std::string RfcDate(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buffer;
}

// A header value from the mail is the sender's: keep it to one line.
std::string OneLine(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

std::string Reference(const model::Case& c) { return "DMCA case " + std::to_string(c.id); }

std::vector<std::string> Urls(const model::Case& c) {
  std::vector<std::string> out;
  for (const auto& t : c.targets) {
    if (t.target.in_scope && !t.target.spoof) out.push_back(t.target.url);
  }
  return out;
}

Result<std::string> Address(const model::Case& c, std::string_view who) {
  std::string address = model::SenderEmail(c.notice);
  if (address.empty()) {
    return Status::InvalidArgument("case " + std::to_string(c.id) + " gives no address for the " +
                                   std::string(who));
  }
  return address;
}

std::string Key(const model::Case& c, std::string_view kind, std::string_view recipient) {
  return "case " + std::to_string(c.id) + ":" + std::string(kind) + ":" + std::string(recipient);
}

// Renders `kind` from `input` and addresses it: the letter of case `case_id` for `purpose`.
Result<model::Letter> Render(archive::LetterKind kind, std::string_view purpose,
                             const model::Case& of, const std::string& to,
                             const archive::LetterInput& input,
                             const parsers::notice::Notice& answering,
                             const LetterOptions& options,
                             std::chrono::system_clock::time_point now);

}  // namespace

model::Letter MakeLetter(std::int64_t case_id, std::string_view kind, std::string dedupe_key,
                         std::string_view recipient, std::string_view text,
                         const parsers::notice::Notice* answering, const LetterOptions& options,
                         std::chrono::system_clock::time_point now) {
  model::Letter letter;
  letter.case_id = case_id;
  letter.kind = std::string(kind);
  letter.recipient = OneLine(recipient);
  letter.message_id =
      "<dmca." + Hex(dedupe_key).substr(0, 32) + "@" + Domain(options.from_address) + ">";
  letter.dedupe_key = std::move(dedupe_key);
  std::string_view body = text;
  if (body.substr(0, 9) == "Subject: ") {
    const auto end = body.find('\n');
    letter.subject = std::string(body.substr(9, end == std::string_view::npos ? end : end - 9));
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    while (!body.empty() && (body.front() == '\n' || body.front() == '\r')) body.remove_prefix(1);
  }
  letter.subject = OneLine(letter.subject);
  std::string data;
  data += "From: " + EncodeWords(options.from_name) + " <" + options.from_address + ">\r\n";
  data += "To: " + letter.recipient + "\r\n";
  data += "Subject: " + EncodeWords(letter.subject) + "\r\n";
  data += "Date: " + RfcDate(now) + "\r\n";
  data += "Message-ID: " + letter.message_id + "\r\n";
  // RFC 5322 §3.6.4: the reply threads to the message it answers.
  if (answering && answering->original.message_id && !answering->original.message_id->empty()) {
    const std::string parent = OneLine(*answering->original.message_id);
    data += "In-Reply-To: " + parent + "\r\n";
    data += "References: " + parent + "\r\n";
  }
  data += "MIME-Version: 1.0\r\n";
  data += "Content-Type: text/plain; charset=UTF-8\r\n";
  data += "Content-Transfer-Encoding: quoted-printable\r\n";
  data += "Auto-Submitted: auto-generated\r\n";
  data += "\r\n";
  data += QuotedPrintable(body);
  if (data.size() < 2 || data.substr(data.size() - 2) != "\r\n") data += "\r\n";
  letter.data = std::move(data);
  return letter;
}

Result<model::Letter> CounterNoticeCopy(const model::Case& takedown, const model::Case& counter,
                                        const model::Restoration& window,
                                        const LetterOptions& options,
                                        std::chrono::system_clock::time_point now) {
  auto to = Address(takedown, "complainant");
  if (!to.ok()) return to.status();
  archive::LetterInput input;
  input.notice = takedown.notice;
  input.reference = Reference(takedown);
  input.counter_notice = counter.notice;
  input.counter_notice_received = counter.ReceivedAt().substr(0, 10);
  input.earliest_restore = window.on.empty() ? window.earliest : window.on;
  input.latest_restore = window.latest;
  return Render(archive::LetterKind::kCounterNoticeForward, "counter_notice_copy", counter, *to,
                input, takedown.notice, options, now);
}

Result<model::Letter> CounterNoticeDeficiency(const model::Case& counter,
                                              const LetterOptions& options,
                                              std::chrono::system_clock::time_point now) {
  auto to = Address(counter, "uploader");
  if (!to.ok()) return to.status();
  archive::LetterInput input;
  input.notice = counter.notice;
  input.reference = Reference(counter);
  return Render(archive::LetterKind::kDeficiency, "deficiency", counter, *to, input,
                counter.notice, options, now);
}

Result<model::Letter> RestorationNotice(const model::Case& takedown, const model::Case& answer,
                                        bool to_complainant,
                                        const std::vector<std::string>& material,
                                        std::string_view restored_on, const LetterOptions& options,
                                        std::chrono::system_clock::time_point now) {
  const model::Case& recipient_case = to_complainant ? takedown : answer;
  auto to = Address(recipient_case, to_complainant ? "complainant" : "uploader");
  if (!to.ok()) return to.status();
  archive::LetterInput input;
  input.notice = recipient_case.notice;
  input.reference = Reference(takedown);
  input.material = material;
  input.restored_on = std::string(restored_on);
  input.to_complainant = to_complainant;
  input.after_retraction = answer.kind() == parsers::notice::Kind::kRetraction;
  input.after_counter_notice = answer.kind() == parsers::notice::Kind::kCounterNotice;
  return Render(archive::LetterKind::kRestoration, "restoration", answer, *to, input,
                recipient_case.notice, options, now);
}

Result<model::Letter> CourtActionNotice(const model::Case& takedown, const model::Case& counter,
                                        const LetterOptions& options,
                                        std::chrono::system_clock::time_point now) {
  auto to = Address(counter, "uploader");
  if (!to.ok()) return to.status();
  archive::LetterInput input;
  input.notice = counter.notice;
  input.reference = Reference(takedown);
  input.material = Urls(counter);
  input.counter_notice_received = counter.ReceivedAt().substr(0, 10);
  return Render(archive::LetterKind::kCourtAction, "court_action", counter, *to, input,
                counter.notice, options, now);
}

model::Letter StaffNotice(std::int64_t case_id, std::string_view kind, std::string dedupe_key,
                          std::string_view subject, const std::vector<std::string>& lines,
                          const LetterOptions& options,
                          std::chrono::system_clock::time_point now) {
  std::string text = "Subject: " + std::string(subject) + "\n\n";
  for (const auto& line : lines) text += line + "\n";
  text += "\n-- \ndmca tick\n";
  return MakeLetter(case_id, kind, std::move(dedupe_key), options.staff_address, text, nullptr,
                    options, now);
}

namespace {

Result<model::Letter> Render(archive::LetterKind kind, std::string_view purpose,
                             const model::Case& of, const std::string& to,
                             const archive::LetterInput& input,
                             const parsers::notice::Notice& answering,
                             const LetterOptions& options,
                             std::chrono::system_clock::time_point now) {
  auto text = archive::RenderLetter(kind, input, options.render);
  if (!text.ok()) return text.status();
  return MakeLetter(of.id, purpose, Key(of, purpose, to), to, *text, &answering, options, now);
}

}  // namespace
}  // namespace dmca::pipeline::notify
