#include "pipeline/sources/imap_client.h"

#include <cctype>
#include <exception>
#include <string>
#include <utility>

#include "Poco/Exception.h"
#include "pipeline/sources/mail_transport.h"

namespace dmca::pipeline::imap {
namespace {

constexpr std::string_view kCrLf = "\r\n";

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// "{123}" or "{123+}" (RFC 7888 LITERAL+) at the end of a line: the literal's size.
std::optional<std::size_t> TrailingLiteral(std::string_view line, std::size_t& marker_at) {
  if (line.empty() || line.back() != '}') return std::nullopt;
  std::size_t open = line.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  std::string_view digits = line.substr(open + 1, line.size() - open - 2);
  if (!digits.empty() && digits.back() == '+') digits.remove_suffix(1);
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  std::size_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  marker_at = open;
  return n;
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

bool IsNumber(std::string_view text) {
  if (text.empty() || text.size() > 10) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string Response::Text() const {
  std::string text;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    text += segments[i];
    if (i < literals.size()) text += "{literal}";
  }
  return text;
}

std::vector<Token> Tokenize(const Response& response) {
  std::vector<Token> tokens;
  for (std::size_t s = 0; s < response.segments.size(); ++s) {
    std::string_view text = response.segments[s];
    std::size_t i = 0;
    while (i < text.size()) {
      char c = text[i];
      if (c == ' ') {
        ++i;
      } else if (c == '(') {
        tokens.push_back({Token::Kind::kOpen, "("});
        ++i;
      } else if (c == ')') {
        tokens.push_back({Token::Kind::kClose, ")"});
        ++i;
      } else if (c == '"') {
        std::string value;
        ++i;
        bool closed = false;
        while (i < text.size()) {
          if (text[i] == '\\' && i + 1 < text.size()) {
            value += text[i + 1];
            i += 2;
          } else if (text[i] == '"') {
            ++i;
            closed = true;
            break;
          } else {
            value += text[i++];
          }
        }
        if (!closed) return tokens;  // an unterminated quoted string: stop, never guess
        tokens.push_back({Token::Kind::kString, std::move(value)});
      } else {
        // An atom; "BODY[HEADER.FIELDS (FROM)]" and "[UIDVALIDITY 1]" keep their brackets whole.
        std::size_t start = i;
        int depth = 0;
        while (i < text.size()) {
          char d = text[i];
          if (d == '[') ++depth;
          if (d == ']' && depth > 0) --depth;
          if (depth == 0 && (d == ' ' || d == '(' || d == ')')) break;
          ++i;
        }
        std::string atom(text.substr(start, i - start));
        if (EqualsNoCase(atom, "NIL")) {
          tokens.push_back({Token::Kind::kNil, std::move(atom)});
        } else {
          tokens.push_back({Token::Kind::kAtom, std::move(atom)});
        }
      }
    }
    if (s < response.literals.size()) {
      tokens.push_back({Token::Kind::kString, response.literals[s]});
    }
  }
  return tokens;
}

std::optional<std::string> Quote(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u == 0 || u == '\r' || u == '\n' || u >= 0x80) return std::nullopt;
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

std::string EncodeMailboxName(std::string_view utf8) {
  static constexpr char kBase64[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
  std::string out;
  std::vector<char16_t> pending;
  auto flush = [&] {
    if (pending.empty()) return;
    out += '&';
    unsigned bits = 0, buffer = 0;
    for (char16_t unit : pending) {
      buffer = (buffer << 16) | unit;
      bits += 16;
      while (bits >= 6) {
        bits -= 6;
        out += kBase64[(buffer >> bits) & 0x3f];
      }
      buffer &= (1u << bits) - 1;
    }
    if (bits > 0) out += kBase64[(buffer << (6 - bits)) & 0x3f];
    out += '-';
    pending.clear();
  };
  for (std::size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    if (c >= 0x20 && c <= 0x7e) {
      flush();
      out += c == '&' ? std::string("&-") : std::string(1, static_cast<char>(c));
      ++i;
      continue;
    }
    char32_t code = 0xfffd;
    std::size_t length = 1;
    if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
      code = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
      code = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
      code = c & 0x07;
    } else if (c < 0x80) {
      code = c;  // control characters go base64-encoded too
    }
    bool valid = i + length <= utf8.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      auto d = static_cast<unsigned char>(utf8[i + k]);
      if ((d & 0xc0) != 0x80) valid = false;
      code = (code << 6) | (d & 0x3f);
    }
    if (!valid) {
      code = 0xfffd;
      length = 1;
    }
    if (code >= 0x10000) {
      code -= 0x10000;
      pending.push_back(static_cast<char16_t>(0xd800 + (code >> 10)));
      pending.push_back(static_cast<char16_t>(0xdc00 + (code & 0x3ff)));
    } else {
      pending.push_back(static_cast<char16_t>(code));
    }
    i += length;
  }
  flush();
  return out;
}

std::optional<std::string> FetchedBody(const Response& response, std::string_view uid) {
  std::vector<Token> tokens = Tokenize(response);
  if (tokens.size() < 3 || !IsNumber(tokens[0].value) || Upper(tokens[1].value) != "FETCH" ||
      tokens[2].kind != Token::Kind::kOpen) {
    return std::nullopt;
  }
  std::optional<std::string> body;
  bool uid_matches = false;
  // msg-att pairs at depth 1 (RFC 3501 §7.4.2); values that are lists are skipped whole.
  for (std::size_t i = 3; i + 1 < tokens.size() && tokens[i].kind != Token::Kind::kClose;) {
    std::string key = Upper(tokens[i].value);
    const Token& value = tokens[i + 1];
    if (value.kind == Token::Kind::kOpen) {
      int depth = 0;
      std::size_t j = i + 1;
      for (; j < tokens.size(); ++j) {
        if (tokens[j].kind == Token::Kind::kOpen) ++depth;
        if (tokens[j].kind == Token::Kind::kClose && --depth == 0) break;
      }
      i = j + 1;
      continue;
    }
    if (key == "UID") uid_matches = value.value == uid;
    if (key == "BODY[]" && value.kind == Token::Kind::kString) body = value.value;
    i += 2;
  }
  if (!uid_matches) return std::nullopt;
  return body;
}

std::optional<std::string> ResponseCode(std::string_view text, std::string_view name) {
  std::size_t open = text.find('[');
  while (open != std::string_view::npos) {
    std::size_t close = text.find(']', open);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view code = text.substr(open + 1, close - open - 1);
    std::string_view key = code.substr(0, code.find(' '));
    if (EqualsNoCase(key, name)) {
      return key.size() < code.size() ? std::string(code.substr(key.size() + 1)) : std::string();
    }
    open = text.find('[', close);
  }
  return std::nullopt;
}

void Client::Rebind(const Poco::Net::StreamSocket& socket) {
  socket_ = socket;
  buffer_.clear();
  pos_ = 0;
}

void Client::Close() {
  try {
    socket_.close();
  } catch (const std::exception&) {  // already closed
  }
}

Status Client::Fill() {
  // Drop what was consumed, so the buffer holds one pending response at most.
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  char chunk[16384];
  try {
    int n = socket_.receiveBytes(chunk, sizeof chunk);
    if (n <= 0) return Status::Unavailable("IMAP server closed the connection");
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return Status::Ok();
  } catch (const Poco::TimeoutException&) {
    return Status::Unavailable("IMAP server did not answer in time");
  } catch (const Poco::Exception& error) {
    return Status::Unavailable("IMAP connection failed: " + error.displayText());
  } catch (const std::exception& error) {
    return Status::Unavailable(std::string("IMAP connection failed: ") + error.what());
  }
}

Status Client::ReadLine(std::string& line) {
  // Where the search for CRLF resumes, relative to pos_: a long line is scanned once, not once
  // per received chunk. One byte back, since a chunk may end between CR and LF.
  std::size_t scanned = 0;
  for (;;) {
    std::size_t end = buffer_.find(kCrLf, pos_ + scanned);
    if (end != std::string::npos) {
      line.assign(buffer_, pos_, end - pos_);
      pos_ = end + 2;
      return Status::Ok();
    }
    std::size_t pending = buffer_.size() - pos_;
    if (pending > kMaxLine) {
      return Status::Unavailable("IMAP server sent a line over " + std::to_string(kMaxLine) +
                                 " bytes");
    }
    scanned = pending > 0 ? pending - 1 : 0;
    DMCA_RETURN_IF_ERROR(Fill());
  }
}

Status Client::ReadExact(std::size_t n, std::string& out) {
  if (n > kMaxLiteral) {
    return Status::Unavailable("IMAP literal of " + std::to_string(n) + " bytes exceeds the limit");
  }
  out.clear();
  out.reserve(n);
  while (out.size() < n) {
    if (pos_ == buffer_.size()) DMCA_RETURN_IF_ERROR(Fill());
    std::size_t take = std::min(n - out.size(), buffer_.size() - pos_);
    out.append(buffer_, pos_, take);
    pos_ += take;
  }
  return Status::Ok();
}

Status Client::Send(std::string_view bytes) {
  try {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      int n = socket_.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
      if (n <= 0) return Status::Unavailable("IMAP connection closed while sending");
      sent += static_cast<std::size_t>(n);
    }
    return Status::Ok();
  } catch (const Poco::Exception& error) {
    return Status::Unavailable("IMAP connection failed while sending: " + error.displayText());
  } catch (const std::exception& error) {
    return Status::Unavailable(std::string("IMAP connection failed while sending: ") +
                               error.what());
  }
}

Result<Response> Client::ReadResponse() {
  Response response;
  std::string line;
  DMCA_RETURN_IF_ERROR(ReadLine(line));
  for (;;) {
    std::size_t marker = 0;
    std::optional<std::size_t> literal = TrailingLiteral(line, marker);
    if (!literal) {
      response.segments.push_back(std::move(line));
      break;
    }
    response.segments.push_back(line.substr(0, marker));
    std::string bytes;
    DMCA_RETURN_IF_ERROR(ReadExact(*literal, bytes));
    response.literals.push_back(std::move(bytes));
    if (response.literals.size() > 1000) {
      return Status::Unavailable("IMAP response with over 1000 literals");
    }
    DMCA_RETURN_IF_ERROR(ReadLine(line));
  }
  std::string& first = response.segments.front();
  std::size_t space = first.find(' ');
  response.tag = first.substr(0, space);
  first.erase(0, space == std::string::npos ? first.size() : space + 1);
  return response;
}

Result<Response> Client::Greeting() {
  Result<Response> greeting = ReadResponse();
  if (!greeting.ok()) return greeting.status();
  std::string text = greeting->Text();
  if (greeting->tag != "*" || EqualsNoCase(text.substr(0, 3), "BYE")) {
    return Status::Unavailable("IMAP server is not accepting connections: " + text);
  }
  return greeting;
}

Result<Reply> Client::Command(const std::vector<Arg>& args, std::string_view secret) {
  std::string tag = "A" + std::to_string(next_tag_++);
  std::string pending = tag;
  Reply reply;
  auto scrubbed = [&](Status status) {
    return Status(
        status.ok() ? status : Status::Unavailable(mail_internal::Scrub(status.message(), secret)));
  };
  for (const Arg& arg : args) {
    pending += ' ';
    if (arg.kind == Arg::Kind::kAtom) {
      pending += arg.value;
      continue;
    }
    if (std::optional<std::string> quoted = Quote(arg.value)) {
      pending += *quoted;
      continue;
    }
    // A synchronizing literal: wait for the server's "+" before sending the bytes (§7.5).
    pending += "{" + std::to_string(arg.value.size()) + "}\r\n";
    Status sent = Send(pending);
    if (!sent.ok()) return scrubbed(sent);
    pending.clear();
    for (;;) {
      Result<Response> response = ReadResponse();
      if (!response.ok()) return scrubbed(response.status());
      if (response->tag == "+") break;
      if (response->tag == tag) {  // the server refused the literal
        reply.result = Reply::Result::kBad;
        reply.text = mail_internal::Scrub(response->Text(), secret);
        return reply;
      }
      reply.untagged.push_back(std::move(response).value());
    }
    pending = arg.value;
  }
  pending += kCrLf;
  Status sent = Send(pending);
  if (!sent.ok()) return scrubbed(sent);
  for (;;) {
    Result<Response> response = ReadResponse();
    if (!response.ok()) return scrubbed(response.status());
    if (response->tag == tag) {
      std::string text = response->Text();
      std::string_view word = std::string_view(text).substr(0, text.find(' '));
      if (EqualsNoCase(word, "OK")) {
        reply.result = Reply::Result::kOk;
      } else if (EqualsNoCase(word, "NO")) {
        reply.result = Reply::Result::kNo;
      } else {
        reply.result = Reply::Result::kBad;
      }
      reply.text =
          mail_internal::Scrub(text.substr(std::min(text.size(), word.size() + 1)), secret);
      return reply;
    }
    if (response->tag == "+") continue;  // not expected without a literal: ignore
    if (reply.untagged.size() >= kMaxUntagged) {
      return Status::Unavailable("IMAP server sent too many responses to one command");
    }
    reply.untagged.push_back(std::move(response).value());
  }
}

}  // namespace dmca::pipeline::imap
