#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "Poco/Net/StreamSocket.h"
#include "parsers/base/status.h"

// A small IMAP4rev1 client (RFC 3501): enough for a source that logs in, selects a mailbox,
// searches, fetches whole messages byte-exact and flags, copies or moves them. Poco 1.11 has
// none. Not thread-safe.
namespace dmca::pipeline::imap {

// One server response: the first line and, for each literal {n} (RFC 3501 §4.3), the literal's
// bytes and the line segment after it. segments.size() == literals.size() + 1; literal i sits
// between segments i and i+1, and its "{n}" marker is removed from segment i.
struct Response {
  std::string tag;  // "*" untagged, "+" continuation, else the command's tag
  std::vector<std::string> segments;
  std::vector<std::string> literals;

  // segments joined with "{literal}" where the literals were: for logs and code searches.
  std::string Text() const;
};

// A token of a response's data (RFC 3501 §9 "astring", "nstring", parenthesized lists).
struct Token {
  enum class Kind { kAtom, kString, kNil, kOpen, kClose };
  Kind kind = Kind::kAtom;
  std::string value;  // kAtom: the atom ("BODY[]", "UID", "42"); kString: the string's bytes
};

// Splits a response (after the tag) into tokens; quoted strings are unescaped and literals are
// kString tokens with the literal's bytes. Malformed input ends the list early, never throws.
std::vector<Token> Tokenize(const Response& response);

// The tagged completion of a command and the untagged responses that came before it.
struct Reply {
  enum class Result { kOk, kNo, kBad };
  Result result = Result::kOk;
  std::string text;  // after "OK"/"NO"/"BAD", with its [response code]
  std::vector<Response> untagged;
};

// An argument of a command: an atom sent as is, or a string sent quoted or, when it holds
// bytes a quoted string cannot (CR, LF, NUL, 8-bit), as a literal (RFC 3501 §4.3, §9 "quoted").
struct Arg {
  enum class Kind { kAtom, kString };
  Kind kind;
  std::string value;
  static Arg Atom(std::string text) { return {Kind::kAtom, std::move(text)}; }
  static Arg String(std::string text) { return {Kind::kString, std::move(text)}; }
};

// "\"a \\\"b\\\"\"" for quotable text; nullopt when the text needs a literal.
std::optional<std::string> Quote(std::string_view text);

// RFC 3501 §5.1.3 modified UTF-7 for a mailbox name given in UTF-8 ("Entwürfe" -> "Entw&APw-rfe").
std::string EncodeMailboxName(std::string_view utf8);

// The connection. I/O errors and protocol violations come back as Unavailable (retryable);
// credentials passed as `secret` never appear in a Status.
class Client {
 public:
  explicit Client(const Poco::Net::StreamSocket& socket) : socket_(socket) {}

  // Replaces the socket after STARTTLS and drops anything buffered from before the handshake
  // (RFC 3501 §6.2.1: the client must discard what it learned before TLS).
  void Rebind(const Poco::Net::StreamSocket& socket);

  // The server greeting ("* OK", "* PREAUTH"); Unavailable for "* BYE".
  Result<Response> Greeting();

  // Sends "<tag> <args...>" and reads up to the tagged completion. `secret` is scrubbed from any
  // error text (the password of LOGIN).
  Result<Reply> Command(const std::vector<Arg>& args, std::string_view secret = "");

  void Close();

  // Limits against a hostile or broken server (RFC 3501 leaves them to the implementation).
  // One response line: "* SEARCH" lists every UID on one line (~8 bytes each), so a mailbox of
  // two million messages still fits.
  static constexpr std::size_t kMaxLine = 16u << 20;
  static constexpr std::size_t kMaxLiteral = 256u << 20;  // bytes in one literal
  static constexpr std::size_t kMaxUntagged = 1'000'000;  // responses before a completion

 private:
  Result<Response> ReadResponse();
  Status ReadLine(std::string& line);
  Status ReadExact(std::size_t n, std::string& out);
  Status Fill();
  Status Send(std::string_view bytes);

  Poco::Net::StreamSocket socket_;
  std::string buffer_;
  std::size_t pos_ = 0;
  unsigned next_tag_ = 1;
};

// The BODY[] of `response` when it is "* n FETCH (... UID <uid> ... BODY[] <string> ...)" for
// that UID (RFC 3501 §7.4.2; attribute order is free): the literal's or quoted string's bytes.
// nullopt for any other response, a FETCH of another message, and BODY[] NIL, which is how a
// server answers for a message another client expunged meanwhile (RFC 2180 §4.1.3; Dovecot
// then completes with OK [EXPUNGEISSUED]).
std::optional<std::string> FetchedBody(const Response& response, std::string_view uid);

// The resp-text-code value: Code(reply_or_line, "UIDVALIDITY") -> "1795548786".
std::optional<std::string> ResponseCode(std::string_view text, std::string_view name);

}  // namespace dmca::pipeline::imap
