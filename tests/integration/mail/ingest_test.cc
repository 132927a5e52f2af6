// A mail server into the real store (SQLite): the store's SeenIndex keeps a message that was
// stored but never committed from being delivered twice. The loop below is the runner's
// (pipeline/runner.cc Run: Next, persist with Store::MarkSeen as PersistStage does, Commit,
// Close); the runner itself is not linked here because it pulls in every stage.
#include <boost/test/unit_test.hpp>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "pipeline/sources/imap_source.h"
#include "pipeline/sources/pop3_source.h"
#include "pipeline/store/store.h"
#include "tests/integration/mail/dovecot_fixture.h"

namespace dmca::testing {
namespace {

using pipeline::RawMessage;
using pipeline::Source;
using pipeline::TlsMode;

struct RunStats {
  std::size_t read = 0;
  std::size_t stored = 0;
};

// The runner's loop; with `die_before_commit` the process "dies" after the first message is
// durably stored: no Commit, no Close, the source is simply destroyed.
RunStats Ingest(std::unique_ptr<Source> source, pipeline::Store& store,
                std::map<std::string, std::string>& raw_by_id, bool die_before_commit = false) {
  RunStats stats;
  for (;;) {
    auto next = source->Next();
    BOOST_REQUIRE_MESSAGE(next.ok(), next.status().ToString());
    if (!next->has_value()) break;
    ++stats.read;
    const RawMessage& m = **next;
    if (raw_by_id.emplace(m.source_id, m.bytes).second) ++stats.stored;
    BOOST_REQUIRE(store.MarkSeen(m.source_id).ok());
    if (die_before_commit) return stats;
    Status committed = source->Commit(m);
    BOOST_REQUIRE_MESSAGE(committed.ok(), committed.ToString());
  }
  Status closed = source->Close();
  BOOST_REQUIRE_MESSAGE(closed.ok(), closed.ToString());
  return stats;
}

std::unique_ptr<pipeline::Store> OpenTestStore(const DovecotServer& server) {
  pipeline::StoreOptions options;
  options.sqlite_path = server.dir() + "/dmca.db";
  auto store = pipeline::OpenStore(options);
  BOOST_REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

int CountSeenFlags(const std::set<std::string>& files) {
  int seen = 0;
  for (const auto& name : files) {
    std::size_t info = name.find(":2,");
    if (info != std::string::npos && name.find('S', info) != std::string::npos) ++seen;
  }
  return seen;
}

template <typename T>
std::unique_ptr<Source> Take(Result<std::unique_ptr<T>> source) {
  BOOST_REQUIRE_MESSAGE(source.ok(), source.status().ToString());
  return std::move(source).value();
}

BOOST_AUTO_TEST_CASE(imaps_into_the_store_exactly_once) {
  DovecotServer server;
  auto store = OpenTestStore(server);
  std::map<std::string, std::string> stored;
  pipeline::ImapOptions options;
  options.server = server.Options(server.imaps_port(), TlsMode::kImplicit);
  server.Deliver(TrickyMessage(1));
  server.Deliver(TrickyMessage(2));

  RunStats first = Ingest(Take(pipeline::OpenImapSource(options, store.get())), *store, stored);
  BOOST_TEST(first.read == 2u);
  BOOST_TEST(CountSeenFlags(server.Files()) == 2);

  // A third message is stored, then the process dies before Commit reaches the server.
  server.Deliver(TrickyMessage(3));
  options.search = pipeline::ImapOptions::Search::kAll;  // even a full scan must not repeat it
  RunStats second =
      Ingest(Take(pipeline::OpenImapSource(options, store.get())), *store, stored, true);
  BOOST_TEST(second.read == 1u);
  BOOST_TEST(CountSeenFlags(server.Files()) == 2);  // the third is still unflagged

  // A new store object on the same database: what counts is what was made durable.
  store.reset();
  store = OpenTestStore(server);
  RunStats third = Ingest(Take(pipeline::OpenImapSource(options, store.get())), *store, stored);
  BOOST_TEST(third.read == 0u);                     // not delivered a second time...
  BOOST_TEST(CountSeenFlags(server.Files()) == 3);  // ...and its commit is finally applied

  BOOST_TEST(stored.size() == 3u);
  std::multiset<std::string> hashes;
  for (const auto& [source_id, raw] : stored) {
    BOOST_TEST(source_id.rfind("imap:legal@127.0.0.1/INBOX/", 0) == 0);
    hashes.insert(Sha256Hex(raw));
  }
  BOOST_TEST((hashes == std::multiset<std::string>{Sha256Hex(TrickyMessage(1)),
                                                   Sha256Hex(TrickyMessage(2)),
                                                   Sha256Hex(TrickyMessage(3))}));
}

BOOST_AUTO_TEST_CASE(pop3s_into_the_store_then_deleted) {
  DovecotServer server;
  auto store = OpenTestStore(server);
  std::map<std::string, std::string> stored;
  pipeline::Pop3Options options;
  options.server = server.Options(server.pop3s_port(), TlsMode::kImplicit);
  options.delete_after_commit = true;
  server.Deliver(TrickyMessage(1));
  server.Deliver(TrickyMessage(2));

  // The first is stored, then the process dies before Commit: nothing is deleted.
  RunStats first =
      Ingest(Take(pipeline::OpenPop3Source(options, store.get())), *store, stored, true);
  BOOST_TEST(first.read == 1u);
  BOOST_TEST(server.Files().size() == 2u);

  store.reset();
  store = OpenTestStore(server);
  RunStats second = Ingest(Take(pipeline::OpenPop3Source(options, store.get())), *store, stored);
  BOOST_TEST(second.read == 1u);       // only the one never stored
  BOOST_TEST(server.Files().empty());  // both known to the store: deleted at QUIT
  BOOST_TEST(stored.size() == 2u);
  BOOST_TEST(Ingest(Take(pipeline::OpenPop3Source(options, store.get())), *store, stored).read ==
             0u);
}

}  // namespace
}  // namespace dmca::testing
