#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "Poco/Net/StreamSocket.h"
#include "parsers/base/status.h"

namespace dmca::pipeline {

// How a mail source protects its connection. kImplicit: TLS from the first byte (POP3S 995,
// IMAPS 993, RFC 8314 §3.3, the recommended form). kStartTls: plain, then STLS (RFC 2595 §4) or
// STARTTLS (RFC 3501 §6.2.1) before any credential is sent. kNone: plain text, tests only.
enum class TlsMode { kNone, kImplicit, kStartTls };

// "none" | "implicit" (also "tls", "ssl") | "starttls"; anything else is InvalidArgument.
Result<TlsMode> ParseTlsMode(std::string_view text);
std::string_view TlsModeName(TlsMode mode);

// Where and as whom a POP3 or IMAP source logs in. The password is never logged, never part of
// Describe() and never part of an error message (every message is scrubbed of it).
struct MailServerOptions {
  std::string host;
  int port = 0;  // 0: the protocol's default for the TLS mode (110/995, 143/993)
  TlsMode tls = TlsMode::kImplicit;
  // PEM file of the certificate authorities to trust; empty: the system's CAs. The server's
  // certificate is always verified (chain and host name); there is no accept-all mode.
  std::string ca_file;
  std::string user;
  std::string password;
  std::chrono::milliseconds timeout{30'000};  // connect, and each read or write
};

namespace mail_internal {

// A TCP connection to options.host:port (default_port when port is 0), wrapped in verified TLS
// when tls == kImplicit. Unavailable (retryable) when the server cannot be reached, times out
// or breaks off the handshake; FailedPrecondition (not retryable: a configuration problem or an
// attack) when its certificate does not chain to a trusted CA or does not name options.host;
// InvalidArgument for an empty host or a port out of range.
Result<Poco::Net::StreamSocket> Connect(const MailServerOptions& options, int default_port);

// Wraps an open plain connection in verified TLS (after STLS/STARTTLS was accepted); errors as
// for Connect().
Result<Poco::Net::StreamSocket> StartTls(const Poco::Net::StreamSocket& plain,
                                         const MailServerOptions& options);

// `text` with every occurrence of `secret` replaced by "***".
std::string Scrub(std::string text, std::string_view secret);

// The Status for a library exception escaping a network call: Unavailable (retryable) for
// network, timeout and TLS trouble. Scrubbed of the password.
Status FromException(const std::exception& error, std::string_view context,
                     const MailServerOptions& options);

}  // namespace mail_internal
}  // namespace dmca::pipeline
