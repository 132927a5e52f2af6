#include "pipeline/sources/pop3_source.h"

#include <exception>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "Poco/Exception.h"
#include "Poco/Net/DialogSocket.h"

namespace dmca::pipeline {
namespace {

using mail_internal::FromException;
using mail_internal::Scrub;

constexpr int kPop3Port = 110;
constexpr int kPop3sPort = 995;
// A hostile or broken server must not exhaust memory: no notice is anywhere near this size.
constexpr std::size_t kMaxResponse = 256u << 20;

// The POP3 command/response dialog (RFC 1939 §3). Poco's POP3ClientSession is not used:
// its RETR stream (MailStreamBuf::readFromDevice in Poco 1.11) turns a 0xFF byte into
// end-of-file, truncating 8-bit messages, and it cannot read multi-line UIDL or do STLS.
class Pop3Dialog {
 public:
  explicit Pop3Dialog(const Poco::Net::StreamSocket& socket) : socket_(socket) {}

  void Rebind(const Poco::Net::StreamSocket& socket) { socket_ = Poco::Net::DialogSocket(socket); }

  // The status line after `command`; true for "+OK". Throws Poco exceptions on I/O trouble.
  bool Command(const std::string& command, std::string& reply) {
    socket_.sendMessage(command);
    return Reply(reply);
  }
  bool Reply(std::string& reply) {
    // RFC 2449 §4 bounds a response line at 512 octets; 64 KiB tolerates sloppy servers, and
    // DialogSocket::receiveMessage has no bound at all.
    constexpr std::size_t kMaxStatusLine = 64 * 1024;
    reply.clear();
    for (int c = socket_.get(); c != '\n'; c = socket_.get()) {
      if (c < 0) throw Poco::IOException("connection closed by server");
      if (reply.size() >= kMaxStatusLine) throw Poco::IOException("POP3 status line too long");
      reply.push_back(static_cast<char>(c));
    }
    if (!reply.empty() && reply.back() == '\r') reply.pop_back();
    return reply.rfind("+OK", 0) == 0;
  }

  // The body of a multi-line response, dot-unstuffed, up to and without the terminating
  // ".CRLF" (RFC 1939 §3). Line ends are kept as the server sent them.
  std::string MultiLine() {
    std::string body, line;
    for (;;) {
      line.clear();
      for (int c = socket_.get();; c = socket_.get()) {
        if (c < 0) {  // DialogSocket::get() is -1 at end of stream, else 0..255
          throw Poco::IOException("connection closed in the middle of a response");
        }
        line.push_back(static_cast<char>(c));
        if (c == '\n') break;
        if (line.size() > kMaxResponse) throw Poco::IOException("POP3 line too long");
      }
      if (line == ".\r\n" || line == ".\n") return body;
      body.append(line, line[0] == '.' ? 1 : 0, std::string::npos);
      if (body.size() > kMaxResponse) {
        throw Poco::IOException("POP3 response over " + std::to_string(kMaxResponse) + " bytes");
      }
    }
  }

  void Close() {
    try {
      socket_.close();
    } catch (const std::exception&) {  // the connection is gone either way
    }
  }

 private:
  Poco::Net::DialogSocket socket_;
};

struct Listed {
  int number = 0;    // the message number in this session (RFC 1939 §5)
  std::string uidl;  // stable across sessions (RFC 1939 §7)
};

// Reads the greeting and, for kStartTls, upgrades the connection before any credential is sent
// (RFC 2595 §4).
Result<std::unique_ptr<Pop3Dialog>> Handshake(const Poco::Net::StreamSocket& socket,
                                              const MailServerOptions& options);

class Pop3Source final : public Source {
 public:
  Pop3Source(Pop3Options options, SeenIndex* seen) : options_(std::move(options)), seen_(seen) {}

  ~Pop3Source() override { Drop(); }

  std::string Describe() const override {
    return "POP3 " + Where() + ":" + std::to_string(options_.server.port) + " (tls " +
           std::string(TlsModeName(options_.server.tls)) + ")";
  }

  // Connects, logs in and lists the mailbox. Also used after a lost connection: the new
  // session's listing replaces the old one (message numbers are per session, RFC 1939 §5).
  Status Connect() {
    Drop();
    Result<Poco::Net::StreamSocket> socket = mail_internal::Connect(options_.server, 0);
    if (!socket.ok()) return socket.status();
    Result<std::unique_ptr<Pop3Dialog>> dialog = Handshake(*socket, options_.server);
    if (!dialog.ok()) return dialog.status();
    dialog_ = std::move(dialog).value();
    Status status = Login();
    if (status.ok()) status = List();
    // The DELEs of a lost session were never applied (no QUIT): repeat them in this one.
    for (auto it = committed_.begin(); status.ok() && it != committed_.end(); ++it) {
      auto number = numbers_.find(*it);
      if (number != numbers_.end()) status = Delete(number->second);
    }
    if (!status.ok()) Drop();
    return status;
  }

  Result<std::optional<RawMessage>> Next() override {
    DMCA_RETURN_IF_ERROR(EnsureConnected());
    while (next_ < listing_.size()) {
      const Listed& entry = listing_[next_++];
      if (delivered_.count(entry.uidl) > 0) continue;  // already handed out before a reconnect
      std::string source_id = SourceId(entry.uidl);
      if (seen_ != nullptr) {
        Result<bool> seen = seen_->Seen(source_id);
        if (!seen.ok()) return seen.status().Annotate("POP3 seen index");
        if (*seen) {
          // Committed in a session that ended before its QUIT: delete it now.
          if (options_.delete_after_commit) DMCA_RETURN_IF_ERROR(Delete(entry.number));
          continue;
        }
      }
      RawMessage message;
      try {
        std::string reply;
        if (!dialog_->Command("RETR " + std::to_string(entry.number), reply)) {
          // Gone since the listing (another client deleted it): nothing to take.
          continue;
        }
        message.bytes = dialog_->MultiLine();
      } catch (const std::exception& error) {
        return Lost(error, "POP3 RETR from");
      }
      delivered_.insert(entry.uidl);
      message.source_id = std::move(source_id);
      message.key = entry.uidl;
      return std::optional<RawMessage>(std::move(message));
    }
    return std::optional<RawMessage>();
  }

  Status Commit(const RawMessage& message) override {
    if (!options_.delete_after_commit) {
      return closed_ ? Status::FailedPrecondition("POP3 source is closed") : Status::Ok();
    }
    Status status;
    // DELE is idempotent across sessions (the new session's number for the same UIDL), so a
    // connection lost on the way is retried once on a new one (the runner does not retry).
    for (int attempt = 0; attempt < 2; ++attempt) {
      DMCA_RETURN_IF_ERROR(EnsureConnected());
      auto it = numbers_.find(message.key);
      if (it == numbers_.end()) {
        return Status::NotFound("POP3 message " + message.key + " is not on " +
                                options_.server.host + " any more");
      }
      status = Delete(it->second);
      if (status.ok()) committed_.insert(message.key);
      if (status.ok() || dialog_ != nullptr) break;
    }
    return status;
  }

  Status Close() override {
    if (closed_) return Status::Ok();
    closed_ = true;
    if (dialog_ == nullptr) return Status::Ok();
    Status status;
    try {
      std::string reply;
      // QUIT enters UPDATE: the server removes the DELE'd messages now (RFC 1939 §6).
      if (!dialog_->Command("QUIT", reply)) {
        status = Status::Unavailable("POP3 QUIT " + Where() +
                                     " failed, deletions not applied: " + Safe(reply));
      }
    } catch (const std::exception& error) {
      status = FromException(error, "POP3 QUIT to", options_.server);
    }
    Drop();
    return status;
  }

 private:
  std::string Where() const { return options_.server.user + "@" + options_.server.host; }
  std::string SourceId(const std::string& uidl) const { return "pop3:" + Where() + "/" + uidl; }
  std::string Safe(const std::string& reply) const {
    return Scrub(reply, options_.server.password);
  }

  Status EnsureConnected() {
    if (closed_) return Status::FailedPrecondition("POP3 source is closed");
    if (dialog_ != nullptr) return Status::Ok();
    return Connect();
  }

  // Ends the connection without QUIT, so the server applies no deletion (RFC 1939 §6).
  void Drop() {
    if (dialog_ != nullptr) dialog_->Close();
    dialog_.reset();
  }

  // A connection that failed mid-command is unusable; the next call reconnects.
  Status Lost(const std::exception& error, std::string_view what) {
    Drop();
    return FromException(error, what, options_.server);
  }

  Status Login() {
    try {
      std::string reply;
      if (!dialog_->Command("USER " + options_.server.user, reply)) {
        return Status::PermissionDenied("POP3 user refused for " + Where() + ": " + Safe(reply));
      }
      if (!dialog_->Command("PASS " + options_.server.password, reply)) {
        // RFC 3206 §4: [IN-USE] and [SYS/TEMP] are temporary; anything else is a refusal.
        if (reply.find("[IN-USE]") != std::string::npos ||
            reply.find("[SYS/TEMP]") != std::string::npos) {
          return Status::Unavailable("POP3 login " + Where() + " deferred: " + Safe(reply));
        }
        return Status::PermissionDenied("POP3 login refused for " + Where() + ": " + Safe(reply));
      }
      return Status::Ok();
    } catch (const std::exception& error) {
      return FromException(error, "POP3 login to", options_.server);
    }
  }

  // One multi-line UIDL: "n uidl" per message (RFC 1939 §7).
  Status List() {
    listing_.clear();
    numbers_.clear();
    next_ = 0;
    try {
      std::string reply;
      if (!dialog_->Command("UIDL", reply)) {
        return Status::FailedPrecondition("POP3 server " + options_.server.host +
                                          " does not support UIDL: " + Safe(reply));
      }
      std::istringstream lines(dialog_->MultiLine());
      for (std::string line; std::getline(lines, line);) {
        std::istringstream fields(line);
        Listed entry;
        if (!(fields >> entry.number >> entry.uidl) || entry.number <= 0) {
          return Status::Unavailable("POP3 server " + options_.server.host +
                                     " sent a malformed UIDL line");
        }
        numbers_[entry.uidl] = entry.number;
        listing_.push_back(std::move(entry));
      }
    } catch (const std::exception& error) {
      return Lost(error, "POP3 listing from");
    }
    return Status::Ok();
  }

  Status Delete(int number) {
    try {
      std::string reply;
      if (!dialog_->Command("DELE " + std::to_string(number), reply)) {
        return Status::Unavailable("POP3 DELE " + std::to_string(number) + " refused by " +
                                   options_.server.host + ": " + Safe(reply));
      }
      return Status::Ok();
    } catch (const std::exception& error) {
      return Lost(error, "POP3 DELE on");
    }
  }

  Pop3Options options_;
  SeenIndex* seen_;
  std::unique_ptr<Pop3Dialog> dialog_;  // null while not connected
  bool closed_ = false;
  std::vector<Listed> listing_;
  std::map<std::string, int> numbers_;  // UIDL -> message number in this session
  std::set<std::string> delivered_;     // UIDLs Next() returned, across reconnects
  std::set<std::string> committed_;     // UIDLs marked for deletion, across reconnects
  std::size_t next_ = 0;
};

Result<std::unique_ptr<Pop3Dialog>> Handshake(const Poco::Net::StreamSocket& socket,
                                              const MailServerOptions& options) {
  try {
    auto dialog = std::make_unique<Pop3Dialog>(socket);
    std::string reply;
    if (!dialog->Reply(reply)) {
      // Scrubbed like every reply: a server (or a man in the middle) may echo anything.
      return Status::Unavailable("POP3 server " + options.host +
                                 " is not ready: " + Scrub(reply, options.password));
    }
    if (options.tls != TlsMode::kStartTls) return dialog;
    if (!dialog->Command("STLS", reply)) {
      return Status::FailedPrecondition("POP3 server " + options.host +
                                        " refused STLS: " + Scrub(reply, options.password));
    }
    Result<Poco::Net::StreamSocket> secure = mail_internal::StartTls(socket, options);
    if (!secure.ok()) return secure.status();
    // A fresh dialog: nothing read before the handshake may be trusted (RFC 2595 §4).
    dialog->Rebind(*secure);
    return dialog;
  } catch (const std::exception& error) {
    return FromException(error, "POP3 greeting from", options);
  }
}

}  // namespace

Result<std::unique_ptr<Source>> OpenPop3Source(const Pop3Options& options, SeenIndex* seen) {
  Pop3Options effective = options;
  if (effective.server.port == 0) {
    effective.server.port = effective.server.tls == TlsMode::kImplicit ? kPop3sPort : kPop3Port;
  }
  if (effective.server.user.empty()) return Status::InvalidArgument("POP3 user is empty");
  if (effective.server.user.find_first_of("\r\n") != std::string::npos ||
      effective.server.password.find_first_of("\r\n") != std::string::npos) {
    return Status::InvalidArgument("POP3 user or password contains a line break");
  }
  auto source = std::make_unique<Pop3Source>(std::move(effective), seen);
  DMCA_RETURN_IF_ERROR(source->Connect());
  return std::unique_ptr<Source>(std::move(source));
}

}  // namespace dmca::pipeline
