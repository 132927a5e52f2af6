#include "pipeline/sources/mail_transport.h"

#include <exception>
#include <string>

#include "Poco/Exception.h"
#include "Poco/Net/Context.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/SSLException.h"
#include "Poco/Net/SecureStreamSocket.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/X509Certificate.h"
#include "Poco/Timespan.h"
#include "openssl/x509v3.h"

namespace dmca::pipeline {

Result<TlsMode> ParseTlsMode(std::string_view text) {
  if (text == "none") return TlsMode::kNone;
  if (text == "implicit" || text == "tls" || text == "ssl") return TlsMode::kImplicit;
  if (text == "starttls") return TlsMode::kStartTls;
  return Status::InvalidArgument("tls must be none, implicit or starttls, not \"" +
                                 std::string(text) + "\"");
}

std::string_view TlsModeName(TlsMode mode) {
  switch (mode) {
    case TlsMode::kNone:
      return "none";
    case TlsMode::kImplicit:
      return "implicit";
    case TlsMode::kStartTls:
      return "starttls";
  }
  return "none";
}

namespace mail_internal {
namespace {

Poco::Timespan ToTimespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

// VERIFY_RELAXED on a client is SSL_VERIFY_PEER: the handshake fails unless the chain leads
// to a trusted CA; Poco then checks the host name against the certificate (RFC 6125).
Poco::Net::Context::Ptr MakeClientContext(const MailServerOptions& options) {
  Poco::Net::Context::Params params;
  params.caLocation = options.ca_file;
  params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
  params.verificationDepth = 9;
  params.loadDefaultCAs = options.ca_file.empty();
  params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4";
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  // Poco's own host check (X509Certificate::verify) falls back to resolving the certificate's
  // names in DNS and comparing addresses, so any name that resolves like a certified one
  // passes. The check is done strictly below instead.
  context->enableExtendedCertificateVerification(false);
  return context;
}

// RFC 6125 §6 with OpenSSL's matcher: an IP literal must be an iPAddress subjectAltName, a name
// a dNSName (wildcards only as the whole left-most label); the subject CN only without SANs.
bool CertificateNamesHost(const Poco::Net::SecureStreamSocket& socket, const std::string& host) {
  Poco::Net::X509Certificate certificate = socket.peerCertificate();
  X509* x509 = const_cast<X509*>(certificate.certificate());
  if (X509_check_ip_asc(x509, host.c_str(), 0) == 1) return true;
  return X509_check_host(x509, host.data(), host.size(), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS,
                         nullptr) == 1;
}

}  // namespace

std::string Scrub(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (std::size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

Status FromException(const std::exception& error, std::string_view context,
                     const MailServerOptions& options) {
  std::string what;
  if (const auto* poco = dynamic_cast<const Poco::Exception*>(&error)) {
    what = poco->displayText();
  } else {
    what = error.what();
  }
  std::string message = std::string(context) + " " + options.user + "@" + options.host + ":" +
                        std::to_string(options.port) + ": " + what;
  return Status::Unavailable(Scrub(std::move(message), options.password));
}

Result<Poco::Net::StreamSocket> Connect(const MailServerOptions& options, int default_port) {
  MailServerOptions effective = options;
  if (effective.port == 0) effective.port = default_port;
  if (effective.host.empty()) return Status::InvalidArgument("mail server host is empty");
  if (effective.port <= 0 || effective.port > 65535) {
    return Status::InvalidArgument("mail server port out of range: " +
                                   std::to_string(effective.port));
  }
  try {
    Poco::Net::SocketAddress address(effective.host, static_cast<Poco::UInt16>(effective.port));
    Poco::Net::StreamSocket socket;
    socket.connect(address, ToTimespan(effective.timeout));
    socket.setReceiveTimeout(ToTimespan(effective.timeout));
    socket.setSendTimeout(ToTimespan(effective.timeout));
    if (effective.tls != TlsMode::kImplicit) return socket;
    return StartTls(socket, effective);
  } catch (const std::exception& error) {
    return FromException(error, "cannot connect to", effective);
  }
}

Result<Poco::Net::StreamSocket> StartTls(const Poco::Net::StreamSocket& plain,
                                         const MailServerOptions& options) {
  try {
    Poco::Net::SecureStreamSocket secure =
        Poco::Net::SecureStreamSocket::attach(plain, options.host, MakeClientContext(options));
    // With a receive timeout the handshake can come back unfinished instead of throwing
    // (OpenSSL's WANT_READ); 1 means done (SSL_do_handshake).
    if (secure.completeHandshake() != 1) {
      return Status::Unavailable("TLS handshake with " + options.host + ":" +
                                 std::to_string(options.port) + " did not finish in time");
    }
    if (!CertificateNamesHost(secure, options.host)) {
      secure.close();
      return Status::FailedPrecondition("TLS certificate of " + options.host +
                                        " does not name that host name (connect by the name "
                                        "the certificate carries)");
    }
    secure.setReceiveTimeout(ToTimespan(options.timeout));
    secure.setSendTimeout(ToTimespan(options.timeout));
    return Poco::Net::StreamSocket(secure);
  } catch (const Poco::Net::CertificateValidationException& error) {
    return Status::FailedPrecondition(
        FromException(error, "TLS certificate does not match the host name for", options)
            .message());  // Poco's check, should it ever be enabled again
  } catch (const Poco::Net::SSLException& error) {
    // A certificate that does not chain to a trusted CA is a configuration problem (or an
    // attack), not a transient one: retrying would not help, so it is not Unavailable.
    Status status = FromException(error, "TLS handshake failed with", options);
    if (status.message().find("certificate verify failed") != std::string::npos) {
      return Status::FailedPrecondition("untrusted TLS certificate (check ca_file): " +
                                        status.message());
    }
    return status;
  } catch (const std::exception& error) {
    return FromException(error, "TLS handshake failed with", options);
  }
}

}  // namespace mail_internal
}  // namespace dmca::pipeline
