#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/sources/imap_source.h"
#include "tests/integration/mail/dovecot_fixture.h"

namespace dmca::testing {
namespace {

using pipeline::ImapOptions;
using pipeline::OpenImapSource;
using pipeline::RawMessage;
using pipeline::Source;
using pipeline::TlsMode;

struct ImapFixture {
  DovecotServer server;

  ImapOptions Options(TlsMode tls = TlsMode::kImplicit) const {
    ImapOptions options;
    options.server =
        server.Options(tls == TlsMode::kImplicit ? server.imaps_port() : server.imap_port(), tls);
    return options;
  }
};

std::unique_ptr<Source> Open(const ImapOptions& options, pipeline::SeenIndex* seen) {
  auto source = OpenImapSource(options, seen);
  BOOST_REQUIRE_MESSAGE(source.ok(), source.status().ToString());
  return std::move(source).value();
}

std::vector<RawMessage> RunOnce(const ImapOptions& options, MemorySeenIndex& seen) {
  auto source = Open(options, &seen);
  std::vector<RawMessage> taken;
  for (;;) {
    auto next = source->Next();
    BOOST_REQUIRE_MESSAGE(next.ok(), next.status().ToString());
    if (!next->has_value()) break;
    seen.Add((*next)->source_id);
    Status committed = source->Commit(**next);
    BOOST_REQUIRE_MESSAGE(committed.ok(), committed.ToString());
    taken.push_back(std::move(**next));
  }
  Status closed = source->Close();
  BOOST_REQUIRE_MESSAGE(closed.ok(), closed.ToString());
  return taken;
}

std::map<std::string, int> Hashes(const std::vector<std::string>& messages) {
  std::map<std::string, int> hashes;
  for (const auto& m : messages) ++hashes[Sha256Hex(m)];
  return hashes;
}

std::map<std::string, int> Hashes(const std::vector<RawMessage>& messages) {
  std::map<std::string, int> hashes;
  for (const auto& m : messages) ++hashes[Sha256Hex(m.bytes)];
  return hashes;
}

// Maildir file names carry the flags after ":2," (S = \Seen).
int CountSeen(const std::set<std::string>& files) {
  int seen = 0;
  for (const auto& name : files) {
    std::size_t info = name.find(":2,");
    if (info != std::string::npos && name.find('S', info) != std::string::npos) ++seen;
  }
  return seen;
}

std::string Crlf(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

void CheckBytesExact(TlsMode tls) {
  ImapFixture f;
  std::vector<std::string> sent = {
      TrickyMessage(1), TrickyMessage(2),
      Crlf(ReadFile(std::string(DMCA_CORPUS_DIR) + "/mime/nodemailer/mixed.eml"))};
  for (const auto& m : sent) f.server.Deliver(m);

  MemorySeenIndex seen;
  std::vector<RawMessage> taken = RunOnce(f.Options(tls), seen);
  BOOST_TEST(taken.size() == 3u);
  BOOST_TEST((Hashes(taken) == Hashes(sent)));
  for (const auto& m : taken) {
    // imap:<user>@<host>/<mailbox>/<UIDVALIDITY>/<UID>
    BOOST_TEST(m.source_id.rfind("imap:legal@127.0.0.1/INBOX/", 0) == 0);
    BOOST_TEST(m.source_id.substr(m.source_id.rfind('/') + 1) == m.key);
  }
  // Committed: all three carry \Seen, and nothing was deleted.
  BOOST_TEST(f.server.Files().size() == 3u);
  BOOST_TEST(CountSeen(f.server.Files()) == 3);
}

BOOST_AUTO_TEST_CASE(imap_plain_fetch_is_byte_exact_and_flags_seen) {
  CheckBytesExact(TlsMode::kNone);
}
BOOST_AUTO_TEST_CASE(imaps_fetch_is_byte_exact_and_flags_seen) {
  CheckBytesExact(TlsMode::kImplicit);
}
BOOST_AUTO_TEST_CASE(imap_starttls_fetch_is_byte_exact_and_flags_seen) {
  CheckBytesExact(TlsMode::kStartTls);
}

BOOST_AUTO_TEST_CASE(imap_large_message_is_byte_exact) {
  ImapFixture f;
  std::string large = LargeMessage(8);
  f.server.Deliver(large);
  MemorySeenIndex seen;
  auto start = std::chrono::steady_clock::now();
  std::vector<RawMessage> taken = RunOnce(f.Options(), seen);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST_MESSAGE("imap: " << large.size() << " bytes in " << seconds << " s");
  BOOST_REQUIRE(taken.size() == 1u);
  BOOST_TEST(taken[0].bytes.size() == large.size());
  BOOST_TEST(Sha256Hex(taken[0].bytes) == Sha256Hex(large));
}

BOOST_AUTO_TEST_CASE(imap_takes_each_message_once) {
  ImapFixture f;
  f.server.Deliver(TrickyMessage(1));
  f.server.Deliver(TrickyMessage(2));
  MemorySeenIndex seen;
  ImapOptions unseen = f.Options();
  unseen.search = ImapOptions::Search::kUnseen;
  BOOST_TEST(RunOnce(unseen, seen).size() == 2u);
  BOOST_TEST(RunOnce(unseen, seen).empty());  // UNSEEN: nothing left
  ImapOptions all = f.Options();
  BOOST_TEST((all.search == ImapOptions::Search::kAll));  // the default
  BOOST_TEST(RunOnce(all, seen).empty());                 // ALL: the SeenIndex skips both
  f.server.Deliver(TrickyMessage(3));
  std::vector<RawMessage> third = RunOnce(all, seen);
  BOOST_REQUIRE(third.size() == 1u);
  BOOST_TEST(third[0].bytes == TrickyMessage(3));
  BOOST_TEST(seen.size() == 3u);
}

BOOST_AUTO_TEST_CASE(imap_takes_a_message_a_person_already_read) {
  ImapFixture f;
  // A person opened it in a mail client first: it carries \Seen (Maildir "cur/...:2,S").
  f.server.Deliver(TrickyMessage(4));
  std::filesystem::path box = f.server.dir() + "/mail/" + f.server.user();
  for (const auto& entry : std::filesystem::directory_iterator(box / "new")) {
    std::filesystem::rename(entry.path(),
                            box / "cur" / (entry.path().filename().string() + ":2,S"));
  }
  BOOST_REQUIRE(CountSeen(f.server.Files()) == 1);
  MemorySeenIndex seen;
  ImapOptions unseen = f.Options();
  unseen.search = ImapOptions::Search::kUnseen;
  BOOST_TEST(RunOnce(unseen, seen).empty());  // why kUnseen is not the default
  std::vector<RawMessage> taken = RunOnce(f.Options(), seen);
  BOOST_REQUIRE(taken.size() == 1u);
  BOOST_TEST(taken[0].bytes == TrickyMessage(4));
  BOOST_TEST(RunOnce(f.Options(), seen).empty());
}

BOOST_AUTO_TEST_CASE(imap_message_deleted_by_someone_else_meanwhile) {
  ImapFixture f;
  f.server.Deliver(TrickyMessage(1));
  f.server.Deliver(TrickyMessage(2));
  MemorySeenIndex seen;
  auto source = Open(f.Options(), &seen);  // has searched: both UIDs are listed
  // A person deletes one in a mail client: gone from the Maildir (where SELECT has moved both
  // from new/ to cur/). Dovecot then answers its FETCH with BODY[] NIL, which must not become
  // an empty message.
  std::filesystem::path box = f.server.dir() + "/mail/" + f.server.user();
  std::set<std::string> files = f.server.Files();
  BOOST_REQUIRE(files.size() == 2u);
  std::filesystem::path gone = box / *files.begin();
  std::string gone_bytes = ReadFile(gone.string());
  std::filesystem::remove(gone);
  std::vector<std::string> taken;
  for (int calls = 0; calls < 5; ++calls) {  // the runner retries a retryable Next()
    auto next = source->Next();
    if (!next.ok()) {
      BOOST_TEST_MESSAGE("after a deletion: " << next.status().ToString());
      BOOST_TEST(next.status().Retryable());
      continue;
    }
    if (!next->has_value()) break;
    BOOST_REQUIRE(source->Commit(**next).ok());
    taken.push_back((*next)->bytes);
  }
  BOOST_REQUIRE(taken.size() == 1u);
  BOOST_TEST(taken[0] != gone_bytes);
  BOOST_TEST(source->Close().ok());
}

BOOST_AUTO_TEST_CASE(imap_crash_before_commit_loses_nothing) {
  ImapFixture f;
  f.server.Deliver(TrickyMessage(7));
  MemorySeenIndex seen;
  {
    auto source = Open(f.Options(), &seen);
    auto taken = source->Next();
    BOOST_REQUIRE(taken.ok() && taken->has_value());
  }                                              // destroyed: no Commit, no Close
  BOOST_TEST(CountSeen(f.server.Files()) == 0);  // BODY.PEEK[] did not set \Seen
  {
    auto source = Open(f.Options(), &seen);
    auto taken = source->Next();
    BOOST_REQUIRE(taken.ok() && taken->has_value());
    BOOST_TEST((*taken)->bytes == TrickyMessage(7));
    seen.Add((*taken)->source_id);  // stored, then the process dies before Commit
  }
  BOOST_TEST(CountSeen(f.server.Files()) == 0);
  BOOST_TEST(RunOnce(f.Options(), seen).empty());  // not a second case...
  BOOST_TEST(CountSeen(f.server.Files()) == 1);    // ...and now flagged
}

BOOST_AUTO_TEST_CASE(imap_reconnects_after_a_lost_connection) {
  ImapFixture f;
  f.server.Deliver(TrickyMessage(1));
  f.server.Deliver(TrickyMessage(2));
  MemorySeenIndex seen;
  auto source = Open(f.Options(), &seen);
  auto first = source->Next();
  BOOST_REQUIRE(first.ok() && first->has_value());
  seen.Add((*first)->source_id);
  f.server.Restart();
  // Commit retries once on a new connection.
  Status committed = source->Commit(**first);
  BOOST_REQUIRE_MESSAGE(committed.ok(), committed.ToString());
  BOOST_TEST(CountSeen(f.server.Files()) == 1);
  auto second = source->Next();
  BOOST_REQUIRE_MESSAGE(second.ok(), second.status().ToString());
  BOOST_REQUIRE(second->has_value());
  BOOST_TEST((*second)->bytes != (*first)->bytes);
  BOOST_REQUIRE(source->Commit(**second).ok());
  auto end = source->Next();
  BOOST_REQUIRE(end.ok());
  BOOST_TEST(!end->has_value());
  BOOST_REQUIRE(source->Close().ok());
  BOOST_TEST(CountSeen(f.server.Files()) == 2);
}

void CheckMove(bool use_move_extension) {
  ImapFixture f;
  f.server.Deliver(TrickyMessage(1));
  f.server.Deliver(TrickyMessage(2));
  ImapOptions options = f.Options();
  BOOST_REQUIRE(pipeline::ParseImapAfterCommit("move:Archive", options).ok());
  options.use_move_extension = use_move_extension;
  MemorySeenIndex seen;
  {
    auto source = Open(options, &seen);
    auto first = source->Next();
    BOOST_REQUIRE(first.ok() && first->has_value());
    BOOST_TEST(f.server.Files("Archive").empty());  // nothing moves before Commit
    BOOST_REQUIRE(source->Commit(**first).ok());
    seen.Add((*first)->source_id);
    BOOST_REQUIRE(source->Close().ok());
  }
  BOOST_TEST(f.server.Files().size() == 1u);
  BOOST_TEST(f.server.Files("Archive").size() == 1u);
  BOOST_TEST(RunOnce(options, seen).size() == 1u);
  BOOST_TEST(f.server.Files().empty());
  BOOST_TEST(f.server.Files("Archive").size() == 2u);
}

BOOST_AUTO_TEST_CASE(imap_move_after_commit) { CheckMove(true); }
BOOST_AUTO_TEST_CASE(imap_copy_delete_expunge_fallback) { CheckMove(false); }

BOOST_AUTO_TEST_CASE(imap_bad_password_is_permission_denied_without_the_password) {
  ImapFixture f;
  for (TlsMode tls : {TlsMode::kNone, TlsMode::kImplicit}) {
    ImapOptions options = f.Options(tls);
    options.server.password = "wrong \"Secret\" 4711";
    auto source = OpenImapSource(options, nullptr);
    BOOST_REQUIRE(!source.ok());
    BOOST_TEST(source.status().code() == Status::Code::kPermissionDenied);
    BOOST_TEST_MESSAGE("bad password: " << source.status().ToString());
    BOOST_TEST(source.status().ToString().find("Secret") == std::string::npos);
  }
  auto good = Open(f.Options(), nullptr);
  BOOST_TEST(good->Describe().find(f.server.password()) == std::string::npos);
  BOOST_TEST(good->Describe() == "IMAP legal@127.0.0.1:" + std::to_string(f.server.imaps_port()) +
                                     "/INBOX (tls implicit)");
}

BOOST_AUTO_TEST_CASE(imap_login_with_literal_password) {
  ImapFixture f;
  ImapOptions options = f.Options();
  options.server.user = f.server.user2();
  options.server.password = f.server.password2();  // 8-bit: must go as a literal
  auto source = OpenImapSource(options, nullptr);
  BOOST_TEST_REQUIRE(source.ok(), source.status().ToString());
  auto next = (*source)->Next();
  BOOST_REQUIRE(next.ok());
  BOOST_TEST(!next->has_value());  // an empty INBOX
  BOOST_TEST((*source)->Close().ok());
}

BOOST_AUTO_TEST_CASE(imaps_untrusted_certificate_is_refused) {
  ImapFixture f;
  for (TlsMode tls : {TlsMode::kImplicit, TlsMode::kStartTls}) {
    ImapOptions options = f.Options(tls);
    options.server.ca_file = "";
    auto source = OpenImapSource(options, nullptr);
    BOOST_REQUIRE(!source.ok());
    BOOST_TEST_MESSAGE("untrusted: " << source.status().ToString());
    BOOST_TEST(source.status().code() == Status::Code::kFailedPrecondition);
    BOOST_TEST(source.status().message().find("untrusted TLS certificate") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(imaps_certificate_for_another_name_is_refused) {
  ImapFixture f;
  ImapOptions options = f.Options();
  // The trusted certificate names localhost and 127.0.0.1; "127.1" reaches the same server
  // under a name the certificate does not carry (RFC 6125 §6).
  options.server.host = "127.1";
  auto source = OpenImapSource(options, nullptr);
  BOOST_REQUIRE(!source.ok());
  BOOST_TEST_MESSAGE("other name: " << source.status().ToString());
  BOOST_TEST(source.status().code() == Status::Code::kFailedPrecondition);
  BOOST_TEST(source.status().message().find("host name") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(imap_missing_mailbox_is_not_found) {
  ImapFixture f;
  ImapOptions options = f.Options();
  options.mailbox = "No such folder";
  auto source = OpenImapSource(options, nullptr);
  BOOST_REQUIRE(!source.ok());
  BOOST_TEST(source.status().code() == Status::Code::kNotFound);
  BOOST_TEST_MESSAGE("missing: " << source.status().ToString());
}

BOOST_AUTO_TEST_CASE(imap_non_ascii_mailbox_name) {
  ImapFixture f;
  // Dovecot's Maildir++ keeps folder names in modified UTF-7 (RFC 3501 §5.1.3).
  f.server.Deliver(TrickyMessage(5), "Entw&APw-rfe");
  ImapOptions options = f.Options();
  options.mailbox = "Entw\xc3\xbcrfe";
  MemorySeenIndex seen;
  std::vector<RawMessage> taken = RunOnce(options, seen);
  BOOST_REQUIRE(taken.size() == 1u);
  BOOST_TEST(taken[0].bytes == TrickyMessage(5));
  BOOST_TEST(taken[0].source_id.find("/Entw\xc3\xbcrfe/") != std::string::npos);
}

}  // namespace
}  // namespace dmca::testing
