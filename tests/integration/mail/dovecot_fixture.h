#pragma once

#include <ostream>
#include <set>
#include <string>
#include <string_view>

#include "pipeline/sources/mail_transport.h"
#include "pipeline/sources/source.h"

namespace dmca {
// Boost.Test prints both sides of a failed comparison.
inline std::ostream& operator<<(std::ostream& out, Status::Code code) {
  return out << Status::CodeName(code);
}
}  // namespace dmca

namespace dmca::testing {

// A private Dovecot (scripts/dovecot-test-server.sh) in a fresh temporary directory on a
// random port base, started by the constructor and stopped by the destructor. Throws (so the
// test fails, never skips) when dovecot is missing or does not start.
class DovecotServer {
 public:
  DovecotServer();
  ~DovecotServer();
  DovecotServer(const DovecotServer&) = delete;
  DovecotServer& operator=(const DovecotServer&) = delete;

  int imap_port() const { return port_base_; }
  int pop3_port() const { return port_base_ + 1; }
  int imaps_port() const { return port_base_ + 2; }
  int pop3s_port() const { return port_base_ + 3; }
  const std::string& dir() const { return dir_; }
  std::string ca_file() const { return dir_ + "/ca.pem"; }
  const std::string& user() const { return user_; }
  const std::string& password() const { return password_; }
  // A second user whose password holds 8-bit bytes, a quote and a backslash.
  const std::string& user2() const { return user2_; }
  const std::string& password2() const { return password2_; }

  // Writes `bytes` into the user's Maildir (FOLDER "" is INBOX); returns the file's path.
  std::string Deliver(std::string_view bytes, std::string_view folder = "") const;
  // Files in the user's Maildir folder (new/ and cur/), for checking deletions and flags.
  std::set<std::string> Files(std::string_view folder = "") const;

  // Stops and starts the server on the same ports and Maildirs: every connection is cut.
  void Restart();

  pipeline::MailServerOptions Options(int port, pipeline::TlsMode tls) const;

 private:
  std::string dir_;
  int port_base_ = 0;
  std::string user_;
  std::string password_;
  std::string user2_;
  std::string password2_;
};

// The store's de-duplication, in memory: the runner's part of the contract.
class MemorySeenIndex final : public pipeline::SeenIndex {
 public:
  Result<bool> Seen(std::string_view source_id) override {
    return ids_.count(std::string(source_id)) > 0;
  }
  void Add(std::string_view source_id) { ids_.insert(std::string(source_id)); }
  std::size_t size() const { return ids_.size(); }

 private:
  std::set<std::string> ids_;
};

std::string Sha256Hex(std::string_view bytes);
std::string ReadFile(const std::string& path);

// Messages with what a byte-exact transfer must survive: CRLF line ends, lines starting with
// "." and a lone "." line (dot-stuffing, RFC 1939 §3 / the POP3 terminator), 8-bit bytes
// including 0xFF (telnet IAC), NUL-free binary-looking text, a long line.
std::string TrickyMessage(int n);
// A message of about `megabytes` MB: a base64 attachment in 76-column CRLF lines, plus one very
// long line (servers and clients must not split or truncate it).
std::string LargeMessage(int megabytes);

}  // namespace dmca::testing
