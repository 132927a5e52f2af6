#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "pipeline/sources/pop3_source.h"
#include "tests/integration/mail/dovecot_fixture.h"

namespace dmca::testing {
namespace {

using pipeline::OpenPop3Source;
using pipeline::Pop3Options;
using pipeline::RawMessage;
using pipeline::Source;
using pipeline::TlsMode;

struct Pop3Fixture {
  DovecotServer server;

  Pop3Options Options(TlsMode tls = TlsMode::kImplicit) const {
    Pop3Options options;
    options.server =
        server.Options(tls == TlsMode::kImplicit ? server.pop3s_port() : server.pop3_port(), tls);
    return options;
  }
};

std::unique_ptr<Source> Open(const Pop3Options& options, pipeline::SeenIndex* seen) {
  auto source = OpenPop3Source(options, seen);
  BOOST_REQUIRE_MESSAGE(source.ok(), source.status().ToString());
  return std::move(source).value();
}

// The runner's loop: Next() until nullopt, "store" (seen.Add), then Commit(); Close() at the end.
std::vector<RawMessage> RunOnce(const Pop3Options& options, MemorySeenIndex& seen) {
  auto source = Open(options, &seen);
  std::vector<RawMessage> taken;
  for (;;) {
    auto next = source->Next();
    BOOST_REQUIRE_MESSAGE(next.ok(), next.status().ToString());
    if (!next->has_value()) break;
    seen.Add((*next)->source_id);
    BOOST_REQUIRE_MESSAGE(source->Commit(**next).ok(), "commit");
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

void CheckBytesExact(TlsMode tls) {
  Pop3Fixture f;
  std::vector<std::string> sent = {TrickyMessage(1), TrickyMessage(2)};
  // A real forwarded message from the corpus, with the CRLF line ends a server stores.
  std::string corpus = ReadFile(std::string(DMCA_CORPUS_DIR) + "/mime/nodemailer/mixed.eml");
  BOOST_REQUIRE(!corpus.empty());
  std::string crlf;
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    if (corpus[i] == '\n' && (i == 0 || corpus[i - 1] != '\r')) crlf += '\r';
    crlf += corpus[i];
  }
  sent.push_back(crlf);
  for (const auto& m : sent) f.server.Deliver(m);

  MemorySeenIndex seen;
  std::vector<RawMessage> taken = RunOnce(f.Options(tls), seen);
  BOOST_TEST(taken.size() == 3u);
  BOOST_TEST((Hashes(taken) == Hashes(sent)));
  for (const auto& m : taken) {
    BOOST_TEST(m.source_id.rfind("pop3:" + f.server.user() + "@127.0.0.1/", 0) == 0);
    BOOST_TEST(m.source_id.substr(m.source_id.rfind('/') + 1) == m.key);
  }
  // Not configured to delete: all three stay on the server.
  BOOST_TEST(f.server.Files().size() == 3u);
}

BOOST_AUTO_TEST_CASE(pop3_plain_fetch_is_byte_exact) { CheckBytesExact(TlsMode::kNone); }
BOOST_AUTO_TEST_CASE(pop3s_fetch_is_byte_exact) { CheckBytesExact(TlsMode::kImplicit); }
BOOST_AUTO_TEST_CASE(pop3_stls_fetch_is_byte_exact) { CheckBytesExact(TlsMode::kStartTls); }

BOOST_AUTO_TEST_CASE(pop3_large_message_is_byte_exact) {
  Pop3Fixture f;
  std::string large = LargeMessage(8);
  f.server.Deliver(large);
  MemorySeenIndex seen;
  auto start = std::chrono::steady_clock::now();
  std::vector<RawMessage> taken = RunOnce(f.Options(), seen);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST_MESSAGE("pop3: " << large.size() << " bytes in " << seconds << " s");
  BOOST_REQUIRE(taken.size() == 1u);
  BOOST_TEST(taken[0].bytes.size() == large.size());
  BOOST_TEST(Sha256Hex(taken[0].bytes) == Sha256Hex(large));
}

BOOST_AUTO_TEST_CASE(pop3_uidl_takes_each_message_once) {
  Pop3Fixture f;
  f.server.Deliver(TrickyMessage(1));
  f.server.Deliver(TrickyMessage(2));
  MemorySeenIndex seen;
  BOOST_TEST(RunOnce(f.Options(), seen).size() == 2u);
  BOOST_TEST(RunOnce(f.Options(), seen).empty());
  f.server.Deliver(TrickyMessage(3));
  std::vector<RawMessage> third = RunOnce(f.Options(), seen);
  BOOST_REQUIRE(third.size() == 1u);
  BOOST_TEST(third[0].bytes == TrickyMessage(3));
  BOOST_TEST(seen.size() == 3u);
  BOOST_TEST(f.server.Files().size() == 3u);
}

BOOST_AUTO_TEST_CASE(pop3_deletes_only_committed_messages_at_close) {
  Pop3Fixture f;
  f.server.Deliver(TrickyMessage(1));
  f.server.Deliver(TrickyMessage(2));
  Pop3Options options = f.Options();
  options.delete_after_commit = true;
  MemorySeenIndex seen;
  std::string committed;
  {
    auto source = Open(options, &seen);
    auto first = source->Next();
    BOOST_REQUIRE(first.ok() && first->has_value());
    committed = (*first)->bytes;
    auto second = source->Next();
    BOOST_REQUIRE(second.ok() && second->has_value());
    // Only the first is stored and committed.
    seen.Add((*first)->source_id);
    BOOST_REQUIRE(source->Commit(**first).ok());
    BOOST_TEST(f.server.Files().size() == 2u);  // DELE takes effect at QUIT, not before
    BOOST_REQUIRE(source->Close().ok());
  }
  BOOST_TEST(f.server.Files().size() == 1u);
  std::vector<RawMessage> rest = RunOnce(options, seen);
  BOOST_REQUIRE(rest.size() == 1u);
  BOOST_TEST(rest[0].bytes != committed);
  BOOST_TEST(f.server.Files().empty());
}

BOOST_AUTO_TEST_CASE(pop3_message_deleted_by_someone_else_meanwhile) {
  Pop3Fixture f;
  f.server.Deliver(TrickyMessage(1));
  f.server.Deliver(TrickyMessage(2));
  MemorySeenIndex seen;
  auto source = Open(f.Options(), &seen);  // has listed both UIDLs
  std::set<std::string> files = f.server.Files();
  BOOST_REQUIRE(files.size() == 2u);
  std::filesystem::path gone =
      std::filesystem::path(f.server.dir()) / "mail" / f.server.user() / *files.begin();
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

BOOST_AUTO_TEST_CASE(pop3_crash_before_commit_loses_nothing) {
  Pop3Fixture f;
  f.server.Deliver(TrickyMessage(7));
  Pop3Options options = f.Options();
  options.delete_after_commit = true;
  MemorySeenIndex seen;
  {
    // Crash before the message was stored: no Commit, no Close.
    auto source = Open(options, &seen);
    auto taken = source->Next();
    BOOST_REQUIRE(taken.ok() && taken->has_value());
  }
  BOOST_TEST(f.server.Files().size() == 1u);
  std::string source_id;
  {
    // Delivered again; this time the store keeps it, then the process dies before Commit.
    auto source = Open(options, &seen);
    auto taken = source->Next();
    BOOST_REQUIRE(taken.ok() && taken->has_value());
    BOOST_TEST((*taken)->bytes == TrickyMessage(7));
    source_id = (*taken)->source_id;
    seen.Add(source_id);
  }
  BOOST_TEST(f.server.Files().size() == 1u);
  // The next run does not deliver it a third time, and, being durably stored, it is now deleted.
  BOOST_TEST(RunOnce(options, seen).empty());
  BOOST_TEST(f.server.Files().empty());
  BOOST_TEST(seen.size() == 1u);
}

BOOST_AUTO_TEST_CASE(pop3_reconnects_after_a_lost_connection) {
  Pop3Fixture f;
  f.server.Deliver(TrickyMessage(1));
  f.server.Deliver(TrickyMessage(2));
  Pop3Options options = f.Options();
  options.delete_after_commit = true;
  MemorySeenIndex seen;
  auto source = Open(options, &seen);
  auto first = source->Next();
  BOOST_REQUIRE(first.ok() && first->has_value());
  seen.Add((*first)->source_id);
  BOOST_REQUIRE(source->Commit(**first).ok());  // DELE sent, not applied: no QUIT yet
  f.server.Restart();
  // The runner retries a retryable Next(); the retry reconnects, repeats the lost DELE and
  // goes on with the message not yet taken.
  auto second = source->Next();
  if (!second.ok()) {
    BOOST_TEST(second.status().Retryable());
    second = source->Next();
  }
  BOOST_REQUIRE_MESSAGE(second.ok(), second.status().ToString());
  BOOST_REQUIRE(second->has_value());
  BOOST_TEST((*second)->bytes != (*first)->bytes);
  seen.Add((*second)->source_id);
  BOOST_REQUIRE(source->Commit(**second).ok());
  auto end = source->Next();
  BOOST_REQUIRE(end.ok());
  BOOST_TEST(!end->has_value());
  BOOST_REQUIRE(source->Close().ok());
  BOOST_TEST(f.server.Files().empty());
}

BOOST_AUTO_TEST_CASE(pop3_bad_password_is_permission_denied_without_the_password) {
  Pop3Fixture f;
  for (TlsMode tls : {TlsMode::kNone, TlsMode::kImplicit}) {
    Pop3Options options = f.Options(tls);
    options.server.password = "wrong-Secret-4711";
    auto source = OpenPop3Source(options, nullptr);
    BOOST_REQUIRE(!source.ok());
    BOOST_TEST(source.status().code() == Status::Code::kPermissionDenied);
    BOOST_TEST(!source.status().Retryable());
    BOOST_TEST_MESSAGE("bad password: " << source.status().ToString());
    BOOST_TEST(source.status().ToString().find("wrong-Secret-4711") == std::string::npos);
    BOOST_TEST(source.status().ToString().find(f.server.password()) == std::string::npos);
  }
  auto good = Open(f.Options(), nullptr);
  BOOST_TEST(good->Describe().find(f.server.password()) == std::string::npos);
  BOOST_TEST(good->Describe().find("POP3 legal@127.0.0.1") == 0);
}

BOOST_AUTO_TEST_CASE(pop3s_untrusted_certificate_is_refused) {
  Pop3Fixture f;
  f.server.Deliver(TrickyMessage(1));
  Pop3Options options = f.Options();
  options.server.ca_file = "";  // the system's CAs do not vouch for a self-signed certificate
  auto source = OpenPop3Source(options, nullptr);
  BOOST_REQUIRE(!source.ok());
  BOOST_TEST_MESSAGE("untrusted: " << source.status().ToString());
  BOOST_TEST(source.status().code() == Status::Code::kFailedPrecondition);
  BOOST_TEST(source.status().message().find("untrusted TLS certificate") != std::string::npos);
  BOOST_TEST(source.status().message().find(f.server.password()) == std::string::npos);

  options = f.Options(TlsMode::kStartTls);
  options.server.ca_file = "";
  source = OpenPop3Source(options, nullptr);
  BOOST_REQUIRE(!source.ok());
  BOOST_TEST(source.status().code() == Status::Code::kFailedPrecondition);
}

BOOST_AUTO_TEST_CASE(pop3_unreachable_server_is_retryable) {
  Pop3Fixture f;
  Pop3Options options = f.Options(TlsMode::kNone);
  options.server.port = f.server.imap_port() + 100;  // nothing listens there
  options.server.timeout = std::chrono::milliseconds(2000);
  auto source = OpenPop3Source(options, nullptr);
  BOOST_REQUIRE(!source.ok());
  BOOST_TEST(source.status().Retryable());
  BOOST_TEST_MESSAGE("unreachable: " << source.status().ToString());
}

}  // namespace
}  // namespace dmca::testing
