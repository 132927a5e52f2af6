#include "pipeline/sources/pop3_source.h"

#include <exception>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "Poco/Net/DialogSocket.h"

namespace dmca::pipeline {
namespace {

using mail_internal::FromException;
using mail_internal::Scrub;

constexpr int kPop3Port = 110;
constexpr int kPop3sPort = 995;

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
    reply.clear();
    if (!socket_.receiveMessage(reply)) throw Poco::IOException("connection closed by server");
    return reply.rfind("+OK", 0) == 0;
  }

  // The body of a multi-line response, dot-unstuffed, up to and without the terminating
  // ".CRLF" (RFC 1939 §3). Line ends are kept as the server sent them.
  std::string MultiLine() {
    std::string body, line;
    for (;;) {
      line.clear();
      for (int c = socket_.get(); ; c = socket_.get()) {
        if (c < 0) {  // DialogSocket::get() is -1 at end of stream, else 0..255
          throw Poco::IOException("connection closed in the middle of a response");
        }
        line.push_back(static_cast<char>(c));
        if (c == '\n') break;
      }
      if (line == ".\r\n" || line == ".\n") return body;
      body.append(line, line[0] == '.' ? 1 : 0, std::string::npos);
    }
  }

  void Close() { socket_.close(); }

 private:
  Poco::Net::DialogSocket socket_;
};

struct Listed {
  int number = 0;    // the message number in this session (RFC 1939 §5)
  std::string uidl;  // stable across sessions (RFC 1939 §7)
};


class Pop3Source final : public Source {
 public:
  Pop3Source(Pop3Options options, SeenIndex* seen, std::unique_ptr<Pop3Dialog> dialog)
      : options_(std::move(options)), seen_(seen), dialog_(std::move(dialog)) {}

  ~Pop3Source() override {
    if (dialog_ == nullptr) return;
    // No QUIT: the server must not enter UPDATE and apply DELEs (RFC 1939 §6).
    try {
      dialog_->Close();
    } catch (const std::exception&) {  // the connection is gone either way
    }
  }

  std::string Describe() const override {
    return "POP3 " + Where() + ":" + std::to_string(options_.server.port) + " (tls " +
           std::string(TlsModeName(options_.server.tls)) + ")";
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

  Result<std::optional<RawMessage>> Next() override {
    if (dialog_ == nullptr) return Status::FailedPrecondition("POP3 source is closed");
    if (!listed_) DMCA_RETURN_IF_ERROR(List());
    while (next_ < listing_.size()) {
      const Listed& entry = listing_[next_++];
      std::string source_id = SourceId(entry.uidl);
      if (seen_ != nullptr) {
        Result<bool> seen = seen_->Seen(source_id);
        if (!seen.ok()) return seen.status().Annotate("POP3 seen index");
        if (*seen) {
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
        return FromException(error, "POP3 RETR from", options_.server);
      }
      message.source_id = std::move(source_id);
      message.key = entry.uidl;
      return std::optional<RawMessage>(std::move(message));
    }
    return std::optional<RawMessage>();
  }

  Status Commit(const RawMessage& message) override {
    if (dialog_ == nullptr) return Status::FailedPrecondition("POP3 source is closed");
    auto it = numbers_.find(message.key);
    if (it == numbers_.end()) {
      return Status::NotFound("POP3 message " + message.key + " is not in this session");
    }
    if (!options_.delete_after_commit) return Status::Ok();
    return Delete(it->second);
  }

  Status Close() override {
    if (dialog_ == nullptr) return Status::Ok();
    Status status;
    try {
      std::string reply;
      // QUIT enters UPDATE: the server removes the DELE'd messages now (RFC 1939 §6).
      if (!dialog_->Command("QUIT", reply)) {
        status = Status::Unavailable("POP3 QUIT " + Where() +
                                     " failed, deletions not applied: " + Safe(reply));
      }
      dialog_->Close();
    } catch (const std::exception& error) {
      status = FromException(error, "POP3 QUIT to", options_.server);
    }
    dialog_.reset();
    return status;
  }

 private:
  std::string Where() const { return options_.server.user + "@" + options_.server.host; }
  std::string SourceId(const std::string& uidl) const { return "pop3:" + Where() + "/" + uidl; }
  std::string Safe(const std::string& reply) const {
    return Scrub(reply, options_.server.password);
  }

  // One multi-line UIDL: "n uidl" per message (RFC 1939 §7).
  Status List() {
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
      return FromException(error, "POP3 listing from", options_.server);
    }
    listed_ = true;
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
      return FromException(error, "POP3 DELE on", options_.server);
    }
  }

  Pop3Options options_;
  SeenIndex* seen_;
  std::unique_ptr<Pop3Dialog> dialog_;  // null once closed
  bool listed_ = false;
  std::vector<Listed> listing_;
  std::map<std::string, int> numbers_;  // UIDL -> message number, for Commit()
  std::size_t next_ = 0;
};

// Reads the greeting and, for kStartTls, upgrades the connection before any credential is sent
// (RFC 2595 §4).
Result<std::unique_ptr<Pop3Dialog>> Handshake(const Poco::Net::StreamSocket& socket,
                                              const MailServerOptions& options) {
  try {
    auto dialog = std::make_unique<Pop3Dialog>(socket);
    std::string reply;
    if (!dialog->Reply(reply)) {
      return Status::Unavailable("POP3 server " + options.host + " is not ready: " + reply);
    }
    if (options.tls != TlsMode::kStartTls) return dialog;
    if (!dialog->Command("STLS", reply)) {
      return Status::FailedPrecondition("POP3 server " + options.host + " refused STLS: " + reply);
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
  Result<Poco::Net::StreamSocket> socket = mail_internal::Connect(effective.server, kPop3Port);
  if (!socket.ok()) return socket.status();
  Result<std::unique_ptr<Pop3Dialog>> dialog = Handshake(*socket, effective.server);
  if (!dialog.ok()) return dialog.status();
  auto source = std::make_unique<Pop3Source>(effective, seen, std::move(dialog).value());
  DMCA_RETURN_IF_ERROR(source->Login());
  return std::unique_ptr<Source>(std::move(source));
}

}  // namespace dmca::pipeline
