// The SMTP transport (RFC 5321 with RFC 3207 STARTTLS, RFC 4954 AUTH, RFC 8314 implicit TLS).
//
// The connection and its TLS are the mail sources' (pipeline/sources/mail_transport.h: Poco's
// StreamSocket / SecureStreamSocket with the chain and the host name verified strictly). The
// dialog is driven here rather than by Poco::Net::SMTPClientSession, which cannot do what a
// letter needs: its sendMessage() writes the final "." itself, so nothing can run between the
// content and the commit (BeforeCommit); after SecureSMTPClientSession::startTLS its reply buffer
// may still hold bytes received in plain text (RFC 3207 §4.2 requires discarding them); its
// host-name check resolves names in DNS (see mail_transport.cc); its destructor sends QUIT over
// whatever the socket has become; and DialogSocket's multi-line reply reader does not stop at
// end of stream.

#include <cctype>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "Poco/Base64Encoder.h"
#include "Poco/Exception.h"
#include "Poco/Net/DNS.h"
#include "Poco/Net/IPAddress.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "pipeline/notify/transport.h"
#include "pipeline/sources/mail_transport.h"

namespace dmca::pipeline::notify {
namespace {

namespace mi = ::dmca::pipeline::mail_internal;

// RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets; servers exceed it in practice, so the
// limit is generous. A reply of more lines than this is a broken or hostile server.
constexpr std::size_t kMaxReplyLine = 4096;
constexpr std::size_t kMaxReplyLines = 200;
constexpr std::size_t kWriteChunk = 64 * 1024;

struct Reply {
  int code = 0;
  std::string text;                // every line with its code, joined by "\n": what the server said
  std::vector<std::string> lines;  // the text after "250-" / "250 " of each line
};

// "localhost" or a loopback address literal (127.0.0.0/8, ::1); a name that merely starts so
// ("127.example.com") is not.
bool IsLoopback(const std::string& host) {
  if (host == "localhost") return true;
  Poco::Net::IPAddress address;
  return Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback();
}

std::string Base64(std::string_view bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);  // RFC 4954 §4: one line, no line breaks
  encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  encoder.close();
  return out.str();
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// An envelope address goes between "<" and ">" on a command line: anything that could end the
// command or the path (CR, LF, "<", ">", space, NUL) would let a letter's data inject commands.
bool ValidPath(std::string_view address) {
  if (address.empty() || address.size() > 256) return false;  // RFC 5321 §4.5.3.1.3
  for (char c : address) {
    if (c == '\r' || c == '\n' || c == '<' || c == '>' || c == ' ' || c == '\0') return false;
  }
  return true;
}

bool HasEightBit(std::string_view bytes) {
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// RFC 5321 §4.5.2: a line starting with "." gets one more; every line end is CRLF (a bare CR or
// LF would be a protocol violation that some servers reject, RFC 5321 §2.3.8); the content ends
// with CRLF so that the terminator "." stands on a line of its own.
std::string DotStuff(std::string_view data) {
  std::string out;
  out.reserve(data.size() + data.size() / 64 + 2);
  bool line_start = true;
  for (std::size_t i = 0; i < data.size(); ++i) {
    char c = data[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
      out += "\r\n";
      line_start = true;
      continue;
    }
    if (line_start && c == '.') out += '.';
    out += c;
    line_start = false;
  }
  if (!line_start) out += "\r\n";
  return out;
}

// One SMTP connection: writes commands, reads replies (multi-line ones whole). Network errors
// come back as Unavailable; the caller scrubs credentials from every Status.
class Connection {
 public:
  Connection(Poco::Net::StreamSocket socket, const MailServerOptions& options)
      : socket_(std::move(socket)), options_(options) {}
  ~Connection() { Close(); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // After STARTTLS: whatever arrived before the handshake is dropped (RFC 3207 §4.2).
  void Rebind(Poco::Net::StreamSocket socket) {
    socket_ = std::move(socket);
    buffer_.clear();
    pos_ = 0;
  }
  const Poco::Net::StreamSocket& socket() const { return socket_; }

  Status Write(std::string_view bytes) {
    try {
      while (!bytes.empty()) {
        int n =
            socket_.sendBytes(bytes.data(), static_cast<int>(std::min(bytes.size(), kWriteChunk)));
        if (n <= 0) return Status::Unavailable(Where() + ": connection closed while sending");
        bytes.remove_prefix(static_cast<std::size_t>(n));
      }
      return Status::Ok();
    } catch (const std::exception& error) {
      return mi::FromException(error, "sending to", options_);
    }
  }

  Result<Reply> Read() {
    Reply reply;
    for (std::size_t count = 0; count < kMaxReplyLines; ++count) {
      std::string line;
      DMCA_RETURN_IF_ERROR(ReadLine(line));
      // "250-text" continues, "250 text" (or a bare "250") ends the reply (RFC 5321 §4.2.1).
      if (line.size() < 3 || !std::isdigit(static_cast<unsigned char>(line[0])) ||
          !std::isdigit(static_cast<unsigned char>(line[1])) ||
          !std::isdigit(static_cast<unsigned char>(line[2])) ||
          (line.size() > 3 && line[3] != '-' && line[3] != ' ')) {
        return Status::Unavailable(Where() + ": not an SMTP reply: " + line.substr(0, 200));
      }
      int code = std::stoi(line.substr(0, 3));
      if (reply.code != 0 && code != reply.code) {
        return Status::Unavailable(Where() + ": reply codes differ within one reply: " + line);
      }
      reply.code = code;
      if (!reply.text.empty()) reply.text += "\n";
      reply.text += line;
      reply.lines.push_back(line.size() > 4 ? line.substr(4) : "");
      if (line.size() <= 3 || line[3] == ' ') return reply;
    }
    return Status::Unavailable(Where() + ": a reply of more than " +
                               std::to_string(kMaxReplyLines) + " lines");
  }

  Result<Reply> Command(std::string_view line) {
    DMCA_RETURN_IF_ERROR(Write(std::string(line) + "\r\n"));
    return Read();
  }

  // Ends the session politely (QUIT); errors do not matter any more.
  void Quit() {
    if (Write("QUIT\r\n").ok()) (void)Read();
    Close();
  }

  // Closes without another byte: in DATA this abandons the message (RFC 5321 §4.1.1.4: the
  // transaction is incomplete until the server has seen the final ".").
  void Close() {
    try {
      socket_.close();
    } catch (const std::exception&) {
      // Already closed or reset: nothing is left to abandon.
    }
  }

  std::string Where() const { return options_.host + ":" + std::to_string(options_.port); }

 private:
  Status ReadLine(std::string& line) {
    line.clear();
    while (true) {
      std::size_t end = buffer_.find('\n', pos_);
      if (end != std::string::npos) {
        line.assign(buffer_, pos_, end - pos_);
        pos_ = end + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return Status::Ok();
      }
      if (buffer_.size() - pos_ > kMaxReplyLine) {
        return Status::Unavailable(Where() + ": a reply line longer than " +
                                   std::to_string(kMaxReplyLine) + " bytes");
      }
      buffer_.erase(0, pos_);
      pos_ = 0;
      char chunk[4096];
      int n = 0;
      try {
        n = socket_.receiveBytes(chunk, sizeof chunk);
      } catch (const std::exception& error) {
        return mi::FromException(error, "reading from", options_);
      }
      if (n <= 0) return Status::Unavailable(Where() + ": the server closed the connection");
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  Poco::Net::StreamSocket socket_;
  MailServerOptions options_;
  std::string buffer_;
  std::size_t pos_ = 0;
};

// `status` with its message replaced, keeping its code.
Status WithMessage(const Status& status, std::string message) {
  switch (status.code()) {
    case Status::Code::kOk:
      return status;
    case Status::Code::kInvalidArgument:
      return Status::InvalidArgument(std::move(message));
    case Status::Code::kNotFound:
      return Status::NotFound(std::move(message));
    case Status::Code::kAlreadyExists:
      return Status::AlreadyExists(std::move(message));
    case Status::Code::kCorruption:
      return Status::Corruption(std::move(message));
    case Status::Code::kIOError:
      return Status::IOError(std::move(message));
    case Status::Code::kUnavailable:
      return Status::Unavailable(std::move(message));
    case Status::Code::kFailedPrecondition:
      return Status::FailedPrecondition(std::move(message));
    case Status::Code::kPermissionDenied:
      return Status::PermissionDenied(std::move(message));
    case Status::Code::kInternal:
      return Status::Internal(std::move(message));
  }
  return Status::Internal(std::move(message));
}

// A refusal as a Status: 4xx may succeed later (Unavailable), 5xx will not
// (FailedPrecondition); anything else where a particular reply was due is the server's fault.
Status Refused(const Connection& connection, std::string_view step, const Reply& reply) {
  std::string message =
      "smtp " + connection.Where() + ": " + std::string(step) + " refused: " + reply.text;
  if (reply.code >= 500 && reply.code < 600) return Status::FailedPrecondition(message);
  return Status::Unavailable(message);
}

// The EHLO keywords (RFC 5321 §4.1.1.1): "STARTTLS", "AUTH PLAIN LOGIN", "SIZE 10240000", ...
struct Capabilities {
  std::vector<std::string> lines;  // upper-cased, the greeting line excluded

  // The parameters of `keyword`, or nullopt when the server does not offer it.
  std::optional<std::string> Find(std::string_view keyword) const {
    for (const std::string& line : lines) {
      if (line == keyword) return std::string();
      if (line.size() > keyword.size() && line.compare(0, keyword.size(), keyword) == 0 &&
          line[keyword.size()] == ' ') {
        return line.substr(keyword.size() + 1);
      }
    }
    return std::nullopt;
  }
  bool Has(std::string_view keyword) const { return Find(keyword).has_value(); }
  bool HasAuth(std::string_view mechanism) const {
    std::optional<std::string> mechanisms = Find("AUTH");
    if (!mechanisms) return false;
    std::istringstream words(*mechanisms);
    for (std::string word; words >> word;) {
      if (word == mechanism) return true;
    }
    return false;
  }
};

class SmtpTransport final : public MailTransport {
 public:
  explicit SmtpTransport(const SmtpConfig& config) : config_(config) {
    options_.host = config.host;
    options_.port = config.port;
    options_.tls = config.tls == SmtpTls::kImplicit ? TlsMode::kImplicit : TlsMode::kNone;
    options_.ca_file = config.ca_file;
    options_.user = config.user;
    options_.password = config.password;
    options_.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(config.timeout);
  }

  Status Send(const OutgoingMail& mail, const BeforeCommit& before_commit) override {
    Status status;
    try {
      status = SendOnce(mail, before_commit);
    } catch (const std::exception& error) {
      status = mi::FromException(error, "smtp", options_);
    }
    return Scrubbed(status);
  }

  std::optional<bool> Delivered(const OutgoingMail&) override {
    return std::nullopt;  // the server may have taken it before the connection broke
  }

  std::string Describe() const override {
    std::string scheme = config_.tls == SmtpTls::kImplicit ? "smtps://" : "smtp://";
    std::string mode = config_.tls == SmtpTls::kStartTls   ? "STARTTLS"
                       : config_.tls == SmtpTls::kImplicit ? "implicit TLS"
                                                           : "plain";
    if (!config_.user.empty()) mode += ", AUTH";
    return scheme + config_.host + ":" + std::to_string(config_.port) + " (" + mode + ")";
  }

 private:
  // Credentials never leave in a Status: neither the password nor its base64 forms as sent.
  Status Scrubbed(const Status& status) const {
    if (status.ok() || config_.password.empty()) return status;
    std::string message = mi::Scrub(status.message(), config_.password);
    message = mi::Scrub(std::move(message), Base64(config_.password));
    message = mi::Scrub(std::move(message), PlainToken());
    return WithMessage(status, std::move(message));
  }

  std::string PlainToken() const {  // RFC 4616: authzid NUL authcid NUL passwd
    return Base64(std::string(1, '\0') + config_.user + std::string(1, '\0') + config_.password);
  }

  std::string Helo(const Connection& connection) const {
    if (!config_.helo.empty()) return config_.helo;
    std::string name;
    try {
      name = Poco::Net::DNS::hostName();
    } catch (const std::exception&) {
      name.clear();
    }
    // RFC 5321 §4.1.1.1: a domain, else an address literal of this end of the connection.
    bool domain = name.find('.') != std::string::npos;
    for (char c : name) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') domain = false;
    }
    if (domain) return name;
    Poco::Net::SocketAddress local = connection.socket().address();
    if (local.family() == Poco::Net::SocketAddress::IPv6) {
      return "[IPv6:" + local.host().toString() + "]";
    }
    return "[" + local.host().toString() + "]";
  }

  Result<Capabilities> Ehlo(Connection& connection) const {
    Result<Reply> reply = connection.Command("EHLO " + Helo(connection));
    if (!reply.ok()) return reply.status();
    if (reply->code != 250) return Refused(connection, "EHLO", *reply);
    Capabilities capabilities;
    for (std::size_t i = 1; i < reply->lines.size(); ++i) {
      capabilities.lines.push_back(Upper(reply->lines[i]));
    }
    return capabilities;
  }

  // Expects `code` in reply to `line`; else the refusal.
  static Status Expect(Connection& connection, std::string_view step, std::string_view line,
                       int code) {
    Result<Reply> reply = connection.Command(line);
    if (!reply.ok()) return reply.status();
    if (reply->code != code) return Refused(connection, step, *reply);
    return Status::Ok();
  }

  Status StartTls(Connection& connection, Capabilities& capabilities) const {
    if (!capabilities.Has("STARTTLS")) {
      return Status::FailedPrecondition("smtp " + connection.Where() +
                                        " does not offer STARTTLS (RFC 3207); the letter is not "
                                        "sent in plain text");
    }
    DMCA_RETURN_IF_ERROR(Expect(connection, "STARTTLS", "STARTTLS", 220));
    MailServerOptions tls = options_;
    tls.tls = TlsMode::kStartTls;
    Result<Poco::Net::StreamSocket> secure = mi::StartTls(connection.socket(), tls);
    if (!secure.ok()) return secure.status();
    connection.Rebind(std::move(secure).value());
    // RFC 3207 §4.2: what the server said before TLS is forgotten; ask again.
    Result<Capabilities> again = Ehlo(connection);
    if (!again.ok()) return again.status();
    capabilities = std::move(again).value();
    return Status::Ok();
  }

  Status Authenticate(Connection& connection, const Capabilities& capabilities) const {
    if (capabilities.HasAuth("PLAIN")) {
      return Expect(connection, "AUTH PLAIN", "AUTH PLAIN " + PlainToken(), 235);
    }
    if (capabilities.HasAuth("LOGIN")) {  // draft-murchison-sasl-login: user, then password
      DMCA_RETURN_IF_ERROR(Expect(connection, "AUTH LOGIN", "AUTH LOGIN", 334));
      DMCA_RETURN_IF_ERROR(Expect(connection, "AUTH LOGIN", Base64(config_.user), 334));
      return Expect(connection, "AUTH LOGIN", Base64(config_.password), 235);
    }
    return Status::FailedPrecondition("smtp " + connection.Where() +
                                      " offers neither AUTH PLAIN nor AUTH LOGIN (RFC 4954)");
  }

  Result<std::string> MailFrom(const Connection& connection, const OutgoingMail& mail,
                               const Capabilities& capabilities, std::size_t size) const {
    std::string line = "MAIL FROM:<" + mail.envelope_from + ">";
    if (std::optional<std::string> limit = capabilities.Find("SIZE")) {
      // RFC 1870: a server that states its limit is told the size, and a letter above the limit
      // is not sent at all.
      unsigned long long max = 0;
      std::istringstream(*limit) >> max;
      if (max > 0 && size > max) {
        return Status::FailedPrecondition("smtp " + connection.Where() + ": the letter (" +
                                          std::to_string(size) + " bytes) exceeds the server's " +
                                          "limit of " + std::to_string(max));
      }
      line += " SIZE=" + std::to_string(size);
    }
    if (HasEightBit(mail.data)) {
      // RFC 6152 §3: 8-bit content only to a server that announced 8BITMIME.
      if (!capabilities.Has("8BITMIME")) {
        return Status::FailedPrecondition("smtp " + connection.Where() +
                                          ": the letter has 8-bit content and the server does "
                                          "not offer 8BITMIME (RFC 6152)");
      }
      line += " BODY=8BITMIME";
    }
    bool utf8 = HasEightBit(mail.envelope_from);
    for (const std::string& recipient : mail.recipients) utf8 = utf8 || HasEightBit(recipient);
    if (utf8) {  // RFC 6531 §3.4: non-ASCII addresses need SMTPUTF8
      if (!capabilities.Has("SMTPUTF8")) {
        return Status::FailedPrecondition("smtp " + connection.Where() +
                                          ": a non-ASCII address and no SMTPUTF8 (RFC 6531)");
      }
      line += " SMTPUTF8";
    }
    return line;
  }

  Status SendOnce(const OutgoingMail& mail, const BeforeCommit& before_commit) const {
    if (!ValidPath(mail.envelope_from)) {
      return Status::InvalidArgument("smtp: not a usable envelope sender: \"" + mail.envelope_from +
                                     "\"");
    }
    if (mail.recipients.empty()) return Status::InvalidArgument("smtp: a letter with no recipient");
    for (const std::string& recipient : mail.recipients) {
      if (!ValidPath(recipient)) {
        return Status::InvalidArgument("smtp: not a usable recipient: \"" + recipient + "\"");
      }
    }
    const std::string content = DotStuff(mail.data);

    Result<Poco::Net::StreamSocket> socket = mi::Connect(options_, config_.port);
    if (!socket.ok()) return socket.status().Annotate("smtp");
    Connection connection(std::move(socket).value(), options_);
    Result<Reply> greeting = connection.Read();
    if (!greeting.ok()) return greeting.status();
    if (greeting->code != 220) return Refused(connection, "the session", *greeting);

    Result<Capabilities> capabilities = Ehlo(connection);
    if (!capabilities.ok()) return capabilities.status();
    if (config_.tls == SmtpTls::kStartTls) {
      DMCA_RETURN_IF_ERROR(StartTls(connection, *capabilities));
    }
    if (!config_.user.empty()) DMCA_RETURN_IF_ERROR(Authenticate(connection, *capabilities));

    Result<std::string> mail_from = MailFrom(connection, mail, *capabilities, content.size());
    if (!mail_from.ok()) {
      connection.Quit();
      return mail_from.status();
    }
    Status step = Expect(connection, "MAIL FROM", *mail_from, 250);
    // One refused recipient stops the letter: it goes to all of them or to none (a notice's
    // copy must reach everyone the law names, 17 U.S.C. §512(g)(2)(B)).
    for (std::size_t i = 0; step.ok() && i < mail.recipients.size(); ++i) {
      Result<Reply> reply = connection.Command("RCPT TO:<" + mail.recipients[i] + ">");
      if (!reply.ok()) return reply.status();
      if (reply->code != 250 && reply->code != 251) {
        step = Refused(connection, "RCPT TO:<" + mail.recipients[i] + ">", *reply);
      }
    }
    if (step.ok()) step = Expect(connection, "DATA", "DATA", 354);
    if (!step.ok()) {
      connection.Quit();
      return step;
    }

    DMCA_RETURN_IF_ERROR(connection.Write(content));
    Status commit = before_commit ? before_commit() : Status::Ok();
    if (!commit.ok()) {
      connection.Close();  // no "." : the server drops the message
      return commit;
    }
    DMCA_RETURN_IF_ERROR(connection.Write(".\r\n"));
    Result<Reply> accepted = connection.Read();
    if (!accepted.ok()) {
      return accepted.status().Annotate(
          "no reply after the end of the letter, the server may have accepted it");
    }
    if (accepted->code != 250) {
      Status refused = Refused(connection, "the letter", *accepted);
      connection.Quit();
      return refused;
    }
    connection.Quit();
    return Status::Ok();
  }

  SmtpConfig config_;
  MailServerOptions options_;
};

}  // namespace

Result<std::unique_ptr<MailTransport>> OpenSmtp(const SmtpConfig& config) {
  if (config.host.empty()) return Status::InvalidArgument("smtp: no host");
  if (config.port <= 0 || config.port > 65535) {
    return Status::InvalidArgument("smtp: port out of range: " + std::to_string(config.port));
  }
  if (config.timeout.count() <= 0) return Status::InvalidArgument("smtp: timeout must be > 0");
  // Plain text only to this machine: a letter (and a password) would otherwise cross the
  // network readable by anyone on the path (RFC 8314 §1).
  if (config.tls == SmtpTls::kNone && !IsLoopback(config.host)) {
    return Status::InvalidArgument("smtp: tls none is for a server on this machine only, not " +
                                   config.host + " (use starttls or implicit)");
  }
  if (config.user.empty() != config.password.empty()) {
    return Status::InvalidArgument("smtp: a user needs a password and a password a user");
  }
  return std::unique_ptr<MailTransport>(new SmtpTransport(config));
}

}  // namespace dmca::pipeline::notify
