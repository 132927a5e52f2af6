#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parsers/base/status.h"

namespace dmca::pipeline::notify {

// One letter on its way out: the envelope and the finished RFC 5322 message.
struct OutgoingMail {
  std::string message_id;               // "<id@host>", as in the message's Message-ID header
  std::string envelope_from;            // the MAIL FROM address ("legal@wikimedia.org")
  std::vector<std::string> recipients;  // every RCPT TO address (To, Cc and Bcc)
  std::string data;                     // the whole message, CRLF line ends, not dot-stuffed
};

// Called when everything but the end of the message has reached the server, just before the
// final "." (SMTP) or the rename that makes the file visible (outbox): from that point on the
// message may be delivered even if this process dies before it hears so. The caller records
// that (exactly-once bookkeeping); a non-OK status abandons the send, and nothing is delivered.
using BeforeCommit = std::function<Status()>;

// Where letters go: an SMTP server or the outbox folder. Not thread-safe.
class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Delivers `mail` once. kUnavailable when it may succeed later (server unreachable, a 4xx
  // reply, a timeout before the final "."); kFailedPrecondition for a permanent refusal (5xx,
  // a certificate that does not verify), naming the server's reply. After BeforeCommit,
  // kFailedPrecondition means the server's reply refused the message; any other failure there
  // leaves it unknown whether it was delivered (the caller asks Delivered()). Credentials never
  // appear in a Status.
  virtual Status Send(const OutgoingMail& mail, const BeforeCommit& before_commit) = 0;
  // Whether a message whose send was interrupted after BeforeCommit was delivered: true or
  // false where the transport can tell (the outbox: the file is there or not), nullopt where it
  // cannot (SMTP: the server may have accepted it before the connection died).
  virtual std::optional<bool> Delivered(const OutgoingMail& mail) = 0;
  virtual std::string Describe() const = 0;  // "smtp://host:587 (STARTTLS)", no credentials
};

enum class SmtpTls {
  kNone,      // plain text: loopback only
  kStartTls,  // RFC 3207, refused if the server does not offer it
  kImplicit,  // RFC 8314 §3.3, "submissions" on port 465
};

struct SmtpConfig {
  std::string host;
  int port = 587;
  SmtpTls tls = SmtpTls::kStartTls;
  std::string user;      // empty: no AUTH
  std::string password;  // never logged
  std::string ca_file;   // empty: the system's trust store; the host name is always verified
  std::string helo;      // empty: this host's name if it has a dot, else "[its address]"
  std::chrono::seconds timeout{60};
};

// The SMTP transport. Connects per Send (TLS as the mail sources do it, pipeline/sources/
// mail_transport.h: chain and host name verified); AUTH PLAIN or LOGIN when a user is set.
// InvalidArgument at once for tls kNone to a host that is not loopback, a user without a
// password, a bad port or timeout. Send refuses before connecting envelope addresses that could
// inject commands (CR, LF, "<", ">", space); refuses (kFailedPrecondition) a server that does
// not offer STARTTLS when asked for it, offers no AUTH PLAIN/LOGIN when a user is set, states a
// SIZE below the letter's, or lacks 8BITMIME (SMTPUTF8) for 8-bit content (addresses). A
// refused recipient stops the letter for all recipients. The data is dot-stuffed and its line
// ends made CRLF on the wire. A BeforeCommit error closes the connection without the final
// ".", so the server drops the message, and is returned as it is.
Result<std::unique_ptr<MailTransport>> OpenSmtp(const SmtpConfig& config);

// The outbox of CONTRACT.md's `[mail] outbox`: each message becomes one .eml file, named from
// its Message-ID, written to a temporary name, synced and renamed, so a reader never sees half a
// letter and a resend of the same message writes nothing new.
// The name is the Message-ID without "<>", each byte other than letters, digits and ._-+@=
// (and a leading . or -) written %XX; a name over 180 bytes is cut and ends in "~" and a fixed
// 64-bit hash of the whole ID. The file is written byte for byte as OutgoingMail::data (not
// dot-stuffed), mode 0640. Send of a message whose file already holds the same bytes returns OK
// at once without calling BeforeCommit (it was delivered); other bytes under a used Message-ID
// are kAlreadyExists and the file is left alone. OpenOutbox creates the directory if missing.
Result<std::unique_ptr<MailTransport>> OpenOutbox(const std::string& dir);

}  // namespace dmca::pipeline::notify
