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

// The BODY[] of a "* n FETCH (... UID u ... BODY[] data ...)" response for `uid`, if this is one.
std::optional<std::string> FetchedBody(const imap::Response& response, std::string_view uid) {
  std::vector<Token> tokens = imap::Tokenize(response);
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
    if (key == "BODY[]") {
      body = value.kind == Token::Kind::kString ? value.value : std::string();
    }
    i += 2;
  }
  if (!uid_matches) return std::nullopt;
  return body;
}

class ImapSource final : public Source {
 public:
  ImapSource(ImapOptions options, SeenIndex* seen, std::unique_ptr<imap::Client> client)
      : options_(std::move(options)), seen_(seen), client_(std::move(client)) {}

  ~ImapSource() override {
    // No LOGOUT: a crash leaves the server as it was; nothing uncommitted was flagged.
    if (client_ != nullptr) client_->Close();
  }

  std::string Describe() const override {
    return "IMAP " + Where() + ":" + std::to_string(options_.server.port) + "/" +
           options_.mailbox + " (tls " + std::string(TlsModeName(options_.server.tls)) + ")";
  }

  Status Open() {
    Result<imap::Response> greeting = client_->Greeting();
    if (!greeting.ok()) return Annotated(greeting.status());
    bool preauth = Upper(greeting->Text()).rfind("PREAUTH", 0) == 0;
    if (options_.server.tls == TlsMode::kStartTls) {
      if (preauth) {
        // RFC 3501 §6.2.1: STARTTLS is only valid before authentication.
        return Status::FailedPrecondition("IMAP server " + options_.server.host +
                                          " pre-authenticated the connection; STARTTLS impossible");
      }
      DMCA_RETURN_IF_ERROR(Expect({Arg::Atom("STARTTLS")}, "STARTTLS", Status::FailedPrecondition));
      Result<Poco::Net::StreamSocket> secure = mail_internal::StartTls(socket_, options_.server);
      if (!secure.ok()) return secure.status();
      client_->Rebind(*secure);
    }
    if (!preauth) DMCA_RETURN_IF_ERROR(Login());
    DMCA_RETURN_IF_ERROR(Capabilities());
    return Select();
  }

  void set_socket(const Poco::Net::StreamSocket& socket) { socket_ = socket; }

  Result<std::optional<RawMessage>> Next() override {
    if (client_ == nullptr) return Status::FailedPrecondition("IMAP source is closed");
    if (!searched_) DMCA_RETURN_IF_ERROR(Search());
    while (next_ < uids_.size()) {
      const std::string uid = uids_[next_++];
      std::string source_id = "imap:" + Where() + "/" + options_.mailbox + "/" + uidvalidity_ +
                              "/" + uid;
      if (seen_ != nullptr) {
        Result<bool> seen = seen_->Seen(source_id);
        if (!seen.ok()) return seen.status().Annotate("IMAP seen index");
        if (*seen) {
          DMCA_RETURN_IF_ERROR(AfterCommit(uid));
          continue;
        }
      }
      Result<Reply> reply = client_->Command(
          {Arg::Atom("UID"), Arg::Atom("FETCH"), Arg::Atom(uid), Arg::Atom("BODY.PEEK[]")});
      if (!reply.ok()) return Annotated(reply.status());
      if (reply->result != Reply::Result::kOk) return Refused("UID FETCH", *reply);
      std::optional<std::string> body;
      for (const imap::Response& response : reply->untagged) {
        body = FetchedBody(response, uid);
        if (body) break;
      }
      if (!body) continue;  // expunged by another client since the search
      RawMessage message;
      message.bytes = std::move(*body);
      message.source_id = std::move(source_id);
      message.key = uid;
      return std::optional<RawMessage>(std::move(message));
    }
    return std::optional<RawMessage>();
  }

  Status Commit(const RawMessage& message) override {
    if (client_ == nullptr) return Status::FailedPrecondition("IMAP source is closed");
    if (std::find(uids_.begin(), uids_.end(), message.key) == uids_.end()) {
      return Status::NotFound("IMAP message UID " + message.key + " is not in this session");
    }
    return AfterCommit(message.key);
  }

  Status Close() override {
    if (client_ == nullptr) return Status::Ok();
    // Every commit already happened command by command: a failed LOGOUT loses nothing, so its
    // outcome is not an error.
    Result<Reply> ignored = client_->Command({Arg::Atom("LOGOUT")});
    client_->Close();
    client_.reset();
    return Status::Ok();
  }

 private:
  std::string Where() const { return options_.server.user + "@" + options_.server.host; }

  Status Annotated(const Status& status) const {
    return Status(status).Annotate("IMAP " + Where());
  }

  // A NO or BAD completion as a Status: BAD is our command the server did not understand (a
  // bug or an incompatible server), NO a refusal, retryable unless it says why it is permanent.
  Status Refused(std::string_view command, const Reply& reply,
                 Status (*on_no)(std::string) = &Status::Unavailable) const {
    std::string text = "IMAP " + std::string(command) + " refused by " + options_.server.host +
                       ": " + mail_internal::Scrub(reply.text, options_.server.password);
    if (reply.result == Reply::Result::kBad) return Status::Internal(text);
    if (imap::ResponseCode(reply.text, "TRYCREATE") || imap::ResponseCode(reply.text, "NONEXISTENT")) {
      return Status::NotFound(text);
    }
    return on_no(std::move(text));
  }

  Status Expect(const std::vector<Arg>& args, std::string_view name,
                Status (*on_no)(std::string) = &Status::Unavailable) {
    Result<Reply> reply = client_->Command(args);
    if (!reply.ok()) return Annotated(reply.status());
    if (reply->result != Reply::Result::kOk) return Refused(name, *reply, on_no);
    return Status::Ok();
  }

  Status Login() {
    Result<Reply> reply =
        client_->Command({Arg::Atom("LOGIN"), Arg::String(options_.server.user),
                          Arg::String(options_.server.password)},
                         options_.server.password);
    if (!reply.ok()) return Annotated(reply.status());
    if (reply->result == Reply::Result::kOk) return Status::Ok();
    std::string text = "IMAP login refused for " + Where() + ": " +
                       mail_internal::Scrub(reply->text, options_.server.password);
    // RFC 5530 §3: UNAVAILABLE and INUSE are temporary; PRIVACYREQUIRED wants TLS.
    if (imap::ResponseCode(reply->text, "UNAVAILABLE") || imap::ResponseCode(reply->text, "INUSE")) {
      return Status::Unavailable(text);
    }
    if (imap::ResponseCode(reply->text, "PRIVACYREQUIRED")) {
      return Status::FailedPrecondition(text + " (use tls implicit or starttls)");
    }
    return Status::PermissionDenied(text);
  }

  Status Capabilities() {
    Result<Reply> reply = client_->Command({Arg::Atom("CAPABILITY")});
    if (!reply.ok()) return Annotated(reply.status());
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
    if (!reply.ok()) return Annotated(reply.status());
    if (reply->result != Reply::Result::kOk) {
      return Refused("SELECT " + options_.mailbox, *reply, &Status::NotFound);
    }
    for (const imap::Response& response : reply->untagged) {
      if (std::optional<std::string> value = imap::ResponseCode(response.Text(), "UIDVALIDITY")) {
        if (IsNumber(*value)) uidvalidity_ = *value;
      }
    }
    if (uidvalidity_.empty()) {
      // RFC 3501 §6.3.1 requires it; without it a UID does not identify a message across
      // sessions, so the SeenIndex could not be trusted.
      return Status::Unavailable("IMAP server " + options_.server.host + " sent no UIDVALIDITY");
    }
    return Status::Ok();
  }

  Status Search() {
    const char* criterion = options_.search == ImapOptions::Search::kUnseen ? "UNSEEN" : "ALL";
    Result<Reply> reply =
        client_->Command({Arg::Atom("UID"), Arg::Atom("SEARCH"), Arg::Atom(criterion)});
    if (!reply.ok()) return Annotated(reply.status());
    if (reply->result != Reply::Result::kOk) return Refused("UID SEARCH", *reply);
    std::vector<std::uint32_t> uids;
    for (const imap::Response& response : reply->untagged) {
      std::vector<Token> tokens = imap::Tokenize(response);
      if (tokens.empty() || Upper(tokens[0].value) != "SEARCH") continue;
      for (std::size_t i = 1; i < tokens.size(); ++i) {
        if (IsNumber(tokens[i].value)) uids.push_back(static_cast<std::uint32_t>(
            std::stoul(tokens[i].value)));
      }
    }
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    for (std::uint32_t uid : uids) uids_.push_back(std::to_string(uid));
    searched_ = true;
    return Status::Ok();
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
  std::unique_ptr<imap::Client> client_;  // null once closed
  Poco::Net::StreamSocket socket_;        // the plain connection, for STARTTLS
  std::set<std::string> capabilities_;
  std::string uidvalidity_;
  bool searched_ = false;
  std::vector<std::string> uids_;
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
  Result<Poco::Net::StreamSocket> socket = mail_internal::Connect(effective.server, kImapPort);
  if (!socket.ok()) return socket.status();
  auto source =
      std::make_unique<ImapSource>(effective, seen, std::make_unique<imap::Client>(*socket));
  source->set_socket(*socket);
  DMCA_RETURN_IF_ERROR(source->Open());
  return std::unique_ptr<Source>(std::move(source));
}

}  // namespace dmca::pipeline
