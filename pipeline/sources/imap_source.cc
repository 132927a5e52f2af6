#include "pipeline/sources/imap_source.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <exception>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/sources/imap_client.h"

namespace dmca::pipeline {
namespace {

using imap::Arg;
using imap::Reply;
using imap::Token;

constexpr int kImapPort = 143;
constexpr int kImapsPort = 993;

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

bool IsNumber(std::string_view text) {
  return !text.empty() && text.size() <= 10 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class ImapSource final : public Source {
 public:
  ImapSource(ImapOptions options, SeenIndex* seen) : options_(std::move(options)), seen_(seen) {}

  // No LOGOUT: a crash leaves the server as it was; nothing uncommitted was flagged or moved.
  ~ImapSource() override { Drop(); }

  std::string Describe() const override {
    return "IMAP " + Where() + ":" + std::to_string(options_.server.port) + "/" + options_.mailbox +
           " (tls " + std::string(TlsModeName(options_.server.tls)) + ")";
  }

  // Connects, logs in, selects the mailbox and searches it. Also used after a lost connection.
  Status Connect() {
    Drop();
    Result<Poco::Net::StreamSocket> socket = mail_internal::Connect(options_.server, 0);
    if (!socket.ok()) return socket.status();
    client_ = std::make_unique<imap::Client>(*socket);
    Status status = Start(*socket);
    if (!status.ok()) Drop();
    return status;
  }

  Result<std::optional<RawMessage>> Next() override {
    DMCA_RETURN_IF_ERROR(EnsureConnected());
    while (next_ < uids_.size()) {
      const std::string uid = uids_[next_++];
      if (delivered_.count(uid) > 0) continue;  // already handed out before a reconnect
      std::string source_id =
          "imap:" + Where() + "/" + options_.mailbox + "/" + uidvalidity_ + "/" + uid;
      if (seen_ != nullptr) {
        Result<bool> seen = seen_->Seen(source_id);
        if (!seen.ok()) return seen.status().Annotate("IMAP seen index");
        if (*seen) {
          // Committed in a session that ended before the flag or move reached the server.
          if (!AlreadyDone(uid)) DMCA_RETURN_IF_ERROR(AfterCommit(uid));
          continue;
        }
      }
      Result<Reply> reply = client_->Command(
          {Arg::Atom("UID"), Arg::Atom("FETCH"), Arg::Atom(uid), Arg::Atom("BODY.PEEK[]")});
      if (!reply.ok()) return Lost(reply.status());
      if (reply->result != Reply::Result::kOk) return Refused("UID FETCH", *reply);
      std::optional<std::string> body;
      for (const imap::Response& response : reply->untagged) {
        body = imap::FetchedBody(response, uid);
        if (body) break;
      }
      if (!body) continue;  // expunged by another client since the search
      delivered_.insert(uid);
      RawMessage message;
      message.bytes = std::move(*body);
      message.source_id = std::move(source_id);
      message.key = uid;
      return std::optional<RawMessage>(std::move(message));
    }
    return std::optional<RawMessage>();
  }

  Status Commit(const RawMessage& message) override {
    Status status;
    // The flag and the move are idempotent, so a connection lost on the way is retried once on
    // a new one (the runner does not retry commits).
    for (int attempt = 0; attempt < 2; ++attempt) {
      DMCA_RETURN_IF_ERROR(EnsureConnected());
      if (delivered_.count(message.key) == 0) {
        return Status::NotFound("IMAP message UID " + message.key + " was not read by this source");
      }
      status = AfterCommit(message.key);
      if (status.ok() || client_ != nullptr) break;
    }
    return status;
  }

  Status Close() override {
    if (closed_) return Status::Ok();
    closed_ = true;
    if (client_ != nullptr) {
      // Every commit already happened command by command: a failed LOGOUT loses nothing, so
      // its outcome is not an error.
      Result<Reply> ignored = client_->Command({Arg::Atom("LOGOUT")});
    }
    Drop();
    return Status::Ok();
  }

 private:
  std::string Where() const { return options_.server.user + "@" + options_.server.host; }

  Status EnsureConnected() {
    if (closed_) return Status::FailedPrecondition("IMAP source is closed");
    if (client_ != nullptr) return Status::Ok();
    return Connect();
  }

  void Drop() {
    if (client_ != nullptr) client_->Close();
    client_.reset();
  }

  // An I/O failure leaves the connection unusable; the next call reconnects.
  Status Lost(const Status& status) {
    Drop();
    return Status(status).Annotate("IMAP " + Where());
  }

  Status Start(const Poco::Net::StreamSocket& plain) {
    Result<imap::Response> greeting = client_->Greeting();
    if (!greeting.ok()) return Status(greeting.status()).Annotate("IMAP " + Where());
    bool preauth = Upper(greeting->Text()).rfind("PREAUTH", 0) == 0;
    if (options_.server.tls == TlsMode::kStartTls) {
      if (preauth) {
        // RFC 3501 §6.2.1: STARTTLS is only valid before authentication.
        return Status::FailedPrecondition("IMAP server " + options_.server.host +
                                          " pre-authenticated the connection; STARTTLS impossible");
      }
      DMCA_RETURN_IF_ERROR(Expect({Arg::Atom("STARTTLS")}, "STARTTLS", Status::FailedPrecondition));
      Result<Poco::Net::StreamSocket> secure = mail_internal::StartTls(plain, options_.server);
      if (!secure.ok()) return secure.status();
      client_->Rebind(*secure);
    }
    if (!preauth) DMCA_RETURN_IF_ERROR(Login());
    DMCA_RETURN_IF_ERROR(Capabilities());
    DMCA_RETURN_IF_ERROR(Select());
    return Search();
  }

  // A NO or BAD completion as a Status: BAD is our command the server did not understand (a
  // bug or an incompatible server), NO a refusal, retryable unless it says why it is permanent.
  Status Refused(std::string_view command, const Reply& reply,
                 Status (*on_no)(std::string) = &Status::Unavailable) const {
    std::string text = "IMAP " + std::string(command) + " refused by " + options_.server.host +
                       ": " + mail_internal::Scrub(reply.text, options_.server.password);
    if (reply.result == Reply::Result::kBad) return Status::Internal(text);
    if (imap::ResponseCode(reply.text, "TRYCREATE") ||
        imap::ResponseCode(reply.text, "NONEXISTENT")) {
      return Status::NotFound(text);
    }
    return on_no(std::move(text));
  }

  Status Expect(const std::vector<Arg>& args, std::string_view name,
                Status (*on_no)(std::string) = &Status::Unavailable) {
    Result<Reply> reply = client_->Command(args);
    if (!reply.ok()) return Lost(reply.status());
    if (reply->result != Reply::Result::kOk) return Refused(name, *reply, on_no);
    return Status::Ok();
  }

  Status Login() {
    Result<Reply> reply = client_->Command({Arg::Atom("LOGIN"), Arg::String(options_.server.user),
                                            Arg::String(options_.server.password)},
                                           options_.server.password);
    if (!reply.ok()) return Lost(reply.status());
    if (reply->result == Reply::Result::kOk) return Status::Ok();
    std::string text = "IMAP login refused for " + Where() + ": " +
                       mail_internal::Scrub(reply->text, options_.server.password);
    // RFC 5530 §3: UNAVAILABLE and INUSE are temporary; PRIVACYREQUIRED wants TLS.
    if (imap::ResponseCode(reply->text, "UNAVAILABLE") ||
        imap::ResponseCode(reply->text, "INUSE")) {
      return Status::Unavailable(text);
    }
    if (imap::ResponseCode(reply->text, "PRIVACYREQUIRED")) {
      return Status::FailedPrecondition(text + " (use tls implicit or starttls)");
    }
    return Status::PermissionDenied(text);
  }

  Status Capabilities() {
    Result<Reply> reply = client_->Command({Arg::Atom("CAPABILITY")});
    if (!reply.ok()) return Lost(reply.status());
    capabilities_.clear();
    for (const imap::Response& response : reply->untagged) {
      std::vector<Token> tokens = imap::Tokenize(response);
      if (tokens.empty() || Upper(tokens[0].value) != "CAPABILITY") continue;
      for (std::size_t i = 1; i < tokens.size(); ++i) capabilities_.insert(Upper(tokens[i].value));
    }
    return Status::Ok();
  }

  Status Select() {
    Result<Reply> reply = client_->Command(
        {Arg::Atom("SELECT"), Arg::String(imap::EncodeMailboxName(options_.mailbox))});
    if (!reply.ok()) return Lost(reply.status());
    if (reply->result != Reply::Result::kOk) {
      return Refused("SELECT " + options_.mailbox, *reply, &Status::NotFound);
    }
    std::string uidvalidity;
    for (const imap::Response& response : reply->untagged) {
      if (std::optional<std::string> value = imap::ResponseCode(response.Text(), "UIDVALIDITY")) {
        if (IsNumber(*value)) uidvalidity = *value;
      }
    }
    if (uidvalidity.empty()) {
      // RFC 3501 §6.3.1 requires it; without it a UID does not identify a message across
      // sessions, so the SeenIndex could not be trusted.
      return Status::Unavailable("IMAP server " + options_.server.host + " sent no UIDVALIDITY");
    }
    if (uidvalidity != uidvalidity_) delivered_.clear();  // new UIDs: old ones mean nothing
    uidvalidity_ = uidvalidity;
    return Status::Ok();
  }

  Result<std::vector<std::string>> SearchUids(const char* criterion) {
    Result<Reply> reply =
        client_->Command({Arg::Atom("UID"), Arg::Atom("SEARCH"), Arg::Atom(criterion)});
    if (!reply.ok()) return Lost(reply.status());
    if (reply->result != Reply::Result::kOk) return Refused("UID SEARCH", *reply);
    std::vector<std::uint32_t> numbers;
    for (const imap::Response& response : reply->untagged) {
      std::vector<Token> tokens = imap::Tokenize(response);
      if (tokens.empty() || Upper(tokens[0].value) != "SEARCH") continue;
      for (std::size_t i = 1; i < tokens.size(); ++i) {
        if (IsNumber(tokens[i].value)) {
          numbers.push_back(static_cast<std::uint32_t>(std::stoul(tokens[i].value)));
        }
      }
    }
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    std::vector<std::string> uids;
    for (std::uint32_t n : numbers) uids.push_back(std::to_string(n));
    return uids;
  }

  Status Search() {
    bool all = options_.search == ImapOptions::Search::kAll;
    Result<std::vector<std::string>> uids = SearchUids(all ? "ALL" : "UNSEEN");
    if (!uids.ok()) return uids.status();
    uids_ = std::move(uids).value();
    next_ = 0;
    unseen_.reset();
    if (all && options_.after_commit == ImapOptions::AfterCommit::kFlagSeen) {
      // Searching ALL, the messages committed long ago come back every run: knowing which lack
      // \Seen spares a STORE for each of them.
      Result<std::vector<std::string>> unseen = SearchUids("UNSEEN");
      if (!unseen.ok()) return unseen.status();
      unseen_.emplace(unseen->begin(), unseen->end());
    }
    return Status::Ok();
  }

  bool AlreadyDone(const std::string& uid) const {
    return unseen_.has_value() && unseen_->count(uid) == 0;
  }

  Status AfterCommit(const std::string& uid) {
    if (options_.after_commit == ImapOptions::AfterCommit::kFlagSeen) {
      return Expect({Arg::Atom("UID"), Arg::Atom("STORE"), Arg::Atom(uid),
                     Arg::Atom("+FLAGS.SILENT"), Arg::Atom("(\\Seen)")},
                    "UID STORE \\Seen");
    }
    Arg folder = Arg::String(imap::EncodeMailboxName(options_.move_to));
    if (options_.use_move_extension && capabilities_.count("MOVE") > 0) {
      // RFC 6851 §3.1: atomic; the message leaves the source mailbox only once it is copied.
      return Expect({Arg::Atom("UID"), Arg::Atom("MOVE"), Arg::Atom(uid), folder}, "UID MOVE");
    }
    DMCA_RETURN_IF_ERROR(
        Expect({Arg::Atom("UID"), Arg::Atom("COPY"), Arg::Atom(uid), folder}, "UID COPY"));
    DMCA_RETURN_IF_ERROR(Expect({Arg::Atom("UID"), Arg::Atom("STORE"), Arg::Atom(uid),
                                 Arg::Atom("+FLAGS.SILENT"), Arg::Atom("(\\Deleted)")},
                                "UID STORE \\Deleted"));
    if (capabilities_.count("UIDPLUS") > 0) {
      // RFC 4315 §2.1: expunges only this message, not others someone flagged \Deleted.
      return Expect({Arg::Atom("UID"), Arg::Atom("EXPUNGE"), Arg::Atom(uid)}, "UID EXPUNGE");
    }
    return Expect({Arg::Atom("EXPUNGE")}, "EXPUNGE");
  }

  ImapOptions options_;
  SeenIndex* seen_;
  std::unique_ptr<imap::Client> client_;  // null while not connected
  bool closed_ = false;
  std::set<std::string> capabilities_;
  std::string uidvalidity_;
  std::vector<std::string> uids_;                // this session's search result
  std::optional<std::set<std::string>> unseen_;  // kAll with kFlagSeen: UIDs without \Seen
  std::set<std::string> delivered_;              // UIDs Next() returned, across reconnects
  std::size_t next_ = 0;
};

}  // namespace

Result<ImapOptions::Search> ParseImapSearch(std::string_view text) {
  if (text == "unseen") return ImapOptions::Search::kUnseen;
  if (text == "all") return ImapOptions::Search::kAll;
  return Status::InvalidArgument("imap search must be unseen or all, not \"" + std::string(text) +
                                 "\"");
}

Status ParseImapAfterCommit(std::string_view text, ImapOptions& options) {
  if (text == "flag") {
    options.after_commit = ImapOptions::AfterCommit::kFlagSeen;
    return Status::Ok();
  }
  if (text.rfind("move:", 0) == 0 && text.size() > 5) {
    options.after_commit = ImapOptions::AfterCommit::kMove;
    options.move_to = std::string(text.substr(5));
    return Status::Ok();
  }
  return Status::InvalidArgument("imap after_commit must be flag or move:<folder>, not \"" +
                                 std::string(text) + "\"");
}

Result<std::unique_ptr<Source>> OpenImapSource(const ImapOptions& options, SeenIndex* seen) {
  ImapOptions effective = options;
  if (effective.server.port == 0) {
    effective.server.port = effective.server.tls == TlsMode::kImplicit ? kImapsPort : kImapPort;
  }
  if (effective.server.user.empty()) return Status::InvalidArgument("IMAP user is empty");
  if (effective.mailbox.empty()) return Status::InvalidArgument("IMAP mailbox is empty");
  if (effective.after_commit == ImapOptions::AfterCommit::kMove) {
    if (effective.move_to.empty()) return Status::InvalidArgument("IMAP move folder is empty");
    if (effective.move_to == effective.mailbox) {
      return Status::InvalidArgument("IMAP move folder is the mailbox itself");
    }
  }
  auto source = std::make_unique<ImapSource>(std::move(effective), seen);
  DMCA_RETURN_IF_ERROR(source->Connect());
  return std::unique_ptr<Source>(std::move(source));
}

}  // namespace dmca::pipeline
