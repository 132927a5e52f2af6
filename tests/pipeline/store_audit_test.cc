// The audit trail's hash chain (pipeline/store/audit_chain.h, sql_store_audit.cc): every test
// runs on SQLite and on the PostgreSQL the CTest fixture starts, and tampers through a second
// connection, as someone with database access and no dmca would.
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <pwd.h>
#include <unistd.h>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <latch>
#include <map>
#include <thread>

#include "pipeline/store/audit_chain.h"
#include "pipeline/store/migrations.h"
#include "pipeline/store/store.h"
#include "tests/pipeline/store_test_util.h"
#include "tests/pipeline/test_util.h"

namespace dmca::pipeline {
namespace {

using model::CaseState;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using testing::SampleCase;
using testing::TempDir;

const std::vector<std::string> kBackends = {"sqlite", "postgresql"};

// A fresh store on one backend, with a second connection for tampering.
class Fixture {
 public:
  // nullptr (with a message) when the backend is not there: PostgreSQL outside ctest.
  static std::unique_ptr<Fixture> Make(const std::string& backend, int migrate_to = 0) {
    auto f = std::unique_ptr<Fixture>(new Fixture);
    if (backend == "postgresql") {
      auto options = testing::FreshPostgresStore("audit");
      if (!options) {
        BOOST_TEST_MESSAGE("no PostgreSQL test server given: PostgreSQL audit not tested");
        return nullptr;
      }
      f->options_ = *options;
    } else {
      f->options_.sqlite_path = f->dir_.File("dmca.db");
    }
    f->Reopen(migrate_to);
    if (backend == "postgresql") {
      f->raw_ = std::make_unique<Poco::Data::Session>("postgresql", f->options_.postgres_url);
    } else {
      Poco::Data::SQLite::Connector::registerConnector();
      f->raw_ = std::make_unique<Poco::Data::Session>("SQLite", f->options_.sqlite_path);
    }
    return f;
  }

  Store& store() { return *store_; }
  const StoreOptions& options() const { return options_; }
  std::unique_ptr<Store> OpenAnother(int migrate_to = 0) const {
    StoreOptions options = options_;
    options.migrate_to = migrate_to;
    auto store = OpenStore(options);
    BOOST_TEST_REQUIRE(store.ok(), store.status().ToString());
    return std::move(store).value();
  }
  void Reopen(int migrate_to = 0) {
    store_.reset();
    store_ = OpenAnother(migrate_to);
  }
  // Behind the store's back.
  void Sql(const std::string& sql) { *raw_ << sql, now; }
  std::int64_t Scalar(const std::string& sql) {
    Poco::Int64 value = 0;
    *raw_ << sql, into(value), now;
    return value;
  }
  std::string Text(const std::string& sql) {
    std::string value;
    *raw_ << sql, into(value), now;
    return value;
  }
  std::int64_t IdAt(std::int64_t seq) {
    return Scalar("SELECT id FROM audit WHERE seq = " + std::to_string(seq));
  }
  AuditCheck Verify() {
    auto check = store_->VerifyAudit();
    BOOST_TEST_REQUIRE(check.ok(), check.status().ToString());
    return std::move(check).value();
  }
  // Exchanges `columns` between the rows with ids `a` and `b`, seq included when named (moved
  // out of the way first: the unique index on seq is checked row by row on PostgreSQL).
  void Swap(std::int64_t a, std::int64_t b, const std::vector<std::string>& columns) {
    const std::string ids = std::to_string(a) + ", " + std::to_string(b);
    Sql("CREATE TABLE audit_copy AS SELECT * FROM audit WHERE id IN (" + ids + ")");
    Sql("UPDATE audit SET seq = -seq WHERE id IN (" + ids + ")");
    for (auto [to, from] : {std::pair(a, b), std::pair(b, a)}) {
      std::string set;
      for (const auto& column : columns) {
        set += (set.empty() ? "" : ", ") + column + " = (SELECT " + column +
               " FROM audit_copy WHERE audit_copy.id = " + std::to_string(from) + ")";
      }
      Sql("UPDATE audit SET " + set + " WHERE id = " + std::to_string(to));
    }
    Sql("UPDATE audit SET seq = -seq WHERE seq < 0");
    Sql("DROP TABLE audit_copy");
  }
  void SwapIds(std::int64_t a, std::int64_t b) {
    Sql("UPDATE audit SET id = -1 WHERE id = " + std::to_string(a));
    Sql("UPDATE audit SET id = " + std::to_string(a) + " WHERE id = " + std::to_string(b));
    Sql("UPDATE audit SET id = " + std::to_string(b) + " WHERE id = -1");
  }

 private:
  Fixture() = default;

  TempDir dir_;
  StoreOptions options_;
  std::unique_ptr<Poco::Data::Session> raw_;
  std::unique_ptr<Store> store_;
};

// Every field of an entry except the chain's own.
const std::vector<std::string> kContent = {"case_id", "at",     "actor",  "os_user",
                                           "action",  "detail", "target", "log_id"};

struct Seeded {
  std::int64_t a = 0, b = 0, c = 0;  // case ids
};

// Eight entries, seq 1 to 8, over three cases, through every writer of the trail:
//   1 a ingested  2 b ingested  3 a approved  4 a deleted (a per-target outcome)  5 b noted
//   6 a executed  7 c ingested  8 b noted
Seeded Seed(Store& store) {
  Seeded s;
  auto insert = [&store](const std::string& raw) {
    auto inserted = store.Insert(SampleCase(raw, "<" + raw + "@example.org>"));
    BOOST_TEST_REQUIRE(inserted.ok(), inserted.status().ToString());
    return inserted->id;
  };
  auto check = [](const Status& status) { BOOST_TEST_REQUIRE(status.ok(), status.ToString()); };
  s.a = insert("case-a");
  s.b = insert("case-b");
  check(store.Transition(s.a, CaseState::kPendingApproval, CaseState::kApproved,
                         {"2026-11-25T09:00:00Z", "jdoe", "approved", "checked the files"}));
  check(store.AppendAudit(
      s.a, {"2026-11-26T08:00:00Z", "worker-1", "deleted", "deleted File:Sunset.jpg", "",
            "commons.wikimedia.org|File:Sunset.jpg", 4242}));
  check(
      store.AppendAudit(s.b, {"2026-11-26T08:30:00Z", "jdoe", "noted", "waiting for the sender"}));
  check(store.Transition(s.a, CaseState::kApproved, CaseState::kExecuted,
                         {"2026-11-26T09:00:00Z", "worker-1", "executed", "1 deletions done"}));
  s.c = insert("case-c");
  check(store.AppendAudit(s.b, {"2026-11-27T10:00:00Z", "jdoe", "noted", "sender answered"}));
  return s;
}

std::string Contains(const AuditCheck& check, const std::string& part) {
  return check.reason.find(part) != std::string::npos ? "" : "reason: " + check.reason;
}

// Who the test runs as, the way the store is to record it.
std::string OsUser() {
  const passwd* pw = ::getpwuid(::geteuid());
  return pw && pw->pw_name && *pw->pw_name ? pw->pw_name : std::to_string(::geteuid());
}

BOOST_AUTO_TEST_SUITE(audit_chain)

// The encoding is what old trails were hashed with: changing it breaks every stored chain, so it
// is pinned (the digest checked with Python's hashlib over the same bytes).
BOOST_AUTO_TEST_CASE(the_hash_encoding_is_length_prefixed_and_pinned) {
  using store_internal::AuditHash;
  using store_internal::AuditHashInput;
  const model::AuditEntry entry{"2026-11-24T10:00:00Z",
                                "jdoe",
                                "deleted",
                                "File:A.jpg",
                                "legal",
                                "commons.wikimedia.org|File:A.jpg",
                                77};
  BOOST_TEST(AuditHashInput(3, "ab12", 9, entry) ==
             "13:dmca-audit-v1,1:3,4:ab12,1:9,20:2026-11-24T10:00:00Z,4:jdoe,5:legal,7:deleted,"
             "10:File:A.jpg,32:commons.wikimedia.org|File:A.jpg,2:77,");
  BOOST_TEST(AuditHash(3, "ab12", 9, entry) ==
             "5bceb69efa4df7f0b1bae8d61d16150ea7397229a0eba6b2df049daa13db7e5e");
  // Text moved from one field to the next, or an absent log id against an empty target: no
  // two entries encode alike.
  model::AuditEntry moved = entry;
  moved.actor = "jdo";
  moved.os_user = "elegal";
  BOOST_TEST(AuditHash(3, "ab12", 9, moved) != AuditHash(3, "ab12", 9, entry));
  model::AuditEntry no_log = entry;
  no_log.log_id.reset();
  model::AuditEntry zero_log = entry;
  zero_log.log_id = 0;
  BOOST_TEST(AuditHash(3, "ab12", 9, no_log) != AuditHash(3, "ab12", 9, zero_log));
  BOOST_TEST(AuditHash(3, "ab12", 9, entry) != AuditHash(4, "ab12", 9, entry));
}

BOOST_DATA_TEST_CASE(a_clean_trail_verifies_and_reads_back, boost::unit_test::data::make(kBackends),
                     backend) {
  auto f = Fixture::Make(backend);
  if (!f) return;
  BOOST_TEST(f->store().SchemaVersion() == store_internal::kLatestSchemaVersion);
  AuditCheck empty = f->Verify();
  BOOST_TEST(empty.ok, empty.reason);
  BOOST_TEST(empty.entries == 0);
  BOOST_TEST(empty.head_hash == store_internal::kAuditGenesisHash);

  const Seeded s = Seed(f->store());
  const AuditCheck check = f->Verify();
  BOOST_TEST(check.ok, check.reason);
  BOOST_TEST(check.entries == 8);
  BOOST_TEST(check.head_hash == f->Text("SELECT hash FROM audit WHERE seq = 8"));
  BOOST_TEST(f->Scalar("SELECT seq FROM audit_head") == 8);

  // The whole trail in order, a page at a time, and one case's part of it.
  auto first = f->store().AuditTrail(std::nullopt, 0, 5);
  BOOST_TEST_REQUIRE(first.ok(), first.status().ToString());
  BOOST_TEST_REQUIRE(first->size() == 5u);
  auto rest = f->store().AuditTrail(std::nullopt, first->back().seq, 5);
  BOOST_TEST_REQUIRE(rest->size() == 3u);
  for (std::size_t i = 0; i < 5; ++i) {
    BOOST_TEST(first->at(i).seq == static_cast<std::int64_t>(i + 1));
  }
  BOOST_TEST(rest->at(2).seq == 8);
  BOOST_TEST(rest->at(2).entry.detail == "sender answered");
  auto of_a = f->store().AuditTrail(s.a, 0, 100);
  BOOST_TEST_REQUIRE(of_a->size() == 4u);
  BOOST_TEST(of_a->at(0).entry.action == "ingested");
  BOOST_TEST(of_a->at(2).seq == 4);
  BOOST_TEST(of_a->at(2).case_id == s.a);
  BOOST_TEST(f->store().AuditTrail(99'999, 0, 10).status().code() == Status::Code::kNotFound);

  // Get() returns the new fields; the store filled in the operating-system user.
  auto got = f->store().Get(s.a);
  BOOST_TEST_REQUIRE(got.ok(), got.status().ToString());
  BOOST_TEST_REQUIRE(got->audit.size() == 4u);
  const model::AuditEntry& deleted = got->audit[2];
  BOOST_TEST(deleted.action == "deleted");
  BOOST_TEST(deleted.target == "commons.wikimedia.org|File:Sunset.jpg");
  BOOST_TEST((deleted.log_id && *deleted.log_id == 4242));
  BOOST_TEST(deleted.os_user == OsUser());
  BOOST_TEST(got->audit[1].target.empty());  // a case-level entry
  BOOST_TEST(!got->audit[1].log_id);
  // A caller's own os_user is kept, not replaced.
  BOOST_TEST(f->store().AppendAudit(s.c, {"", "svc", "noted", "", "deploy-bot"}).ok());
  BOOST_TEST(f->store().Get(s.c)->audit.back().os_user == "deploy-bot");
  BOOST_TEST(!f->store().Get(s.c)->audit.back().at.empty());
  BOOST_TEST(f->Verify().ok);
  // An entry reads back as it was hashed, even from text no text column keeps (a NUL byte).
  BOOST_TEST(f->store().AppendAudit(s.c, {"", "svc", "noted", std::string("a\0b", 3)}).ok());
  BOOST_TEST(f->store().Get(s.c)->audit.back().detail ==
             "a\xEF\xBF\xBD"
             "b");
  const AuditCheck with_nul = f->Verify();
  BOOST_TEST(with_nul.ok, with_nul.reason);
}

BOOST_DATA_TEST_CASE(an_edit_of_any_field_names_the_entry, boost::unit_test::data::make(kBackends),
                     backend) {
  auto f = Fixture::Make(backend);
  if (!f) return;
  const Seeded s = Seed(f->store());
  const std::string os_user = f->Text("SELECT os_user FROM audit WHERE seq = 4");
  const std::string prev = f->Text("SELECT prev_hash FROM audit WHERE seq = 4");
  const std::string hash = f->Text("SELECT hash FROM audit WHERE seq = 4");
  struct Edit {
    std::int64_t seq;
    std::string tamper, restore;
  };
  const std::vector<Edit> edits = {
      {4, "detail = 'nothing was deleted'", "detail = 'deleted File:Sunset.jpg'"},
      {4, "actor = 'someone else'", "actor = 'worker-1'"},
      {4, "at = '2026-11-20T08:00:00Z'", "at = '2026-11-26T08:00:00Z'"},
      {4, "case_id = " + std::to_string(s.b), "case_id = " + std::to_string(s.a)},
      {4, "os_user = 'mallory'", "os_user = '" + os_user + "'"},
      {4, "action = 'restored'", "action = 'deleted'"},
      {4, "target = 'commons.wikimedia.org|File:Other.jpg'",
       "target = 'commons.wikimedia.org|File:Sunset.jpg'"},
      {4, "log_id = 4243", "log_id = 4242"},
      {4, "log_id = NULL", "log_id = 4242"},
      {4, "prev_hash = '" + std::string(64, '1') + "'", "prev_hash = '" + prev + "'"},
      {4, "hash = '" + std::string(64, 'f') + "'", "hash = '" + hash + "'"},
      {1, "at = '2026-11-01T00:00:00Z'", "at = '2026-11-24T10:00:00Z'"},  // the first entry
      {8, "actor = 'someone else'", "actor = 'jdoe'"},                    // the last one
  };
  for (const Edit& edit : edits) {
    const std::string where = " WHERE seq = " + std::to_string(edit.seq);
    f->Sql("UPDATE audit SET " + edit.tamper + where);
    const AuditCheck check = f->Verify();
    BOOST_TEST(!check.ok, edit.tamper);
    BOOST_TEST(check.bad_seq == edit.seq, edit.tamper);
    BOOST_TEST(check.bad_id == f->IdAt(edit.seq), edit.tamper);
    BOOST_TEST(check.entries == edit.seq - 1, edit.tamper);
    BOOST_TEST(Contains(check, "entry " + std::to_string(edit.seq) + " (case ").empty(),
               edit.tamper << ": " << check.reason);
    BOOST_TEST(Contains(check, " was changed").empty(), edit.tamper << ": " << check.reason);
    BOOST_TEST(check.reason.find('\n') == std::string::npos);
    f->Sql("UPDATE audit SET " + edit.restore + where);
    const AuditCheck restored = f->Verify();
    BOOST_TEST(restored.ok, "after restoring " << edit.tamper << ": " << restored.reason);
  }
  f->Sql("UPDATE audit SET detail = 'nothing was deleted' WHERE seq = 4");
  BOOST_TEST(f->Verify().reason ==
             "entry 4 (case " + std::to_string(s.a) + ", deleted) was changed");
}

BOOST_DATA_TEST_CASE(removed_entries_are_named, boost::unit_test::data::make(kBackends), backend) {
  auto f = Fixture::Make(backend);
  if (!f) return;
  Seed(f->store());
  f->Sql("DELETE FROM audit WHERE seq = 5");
  AuditCheck check = f->Verify();
  BOOST_TEST(!check.ok);
  BOOST_TEST(check.reason == "entry after seq 4 is missing (removed)");
  BOOST_TEST(check.bad_seq == 5);
  BOOST_TEST(check.bad_id == 0);
  BOOST_TEST(check.entries == 4);
  f->Sql("DELETE FROM audit WHERE seq = 6");
  BOOST_TEST(f->Verify().reason == "2 entries after seq 4 are missing (removed)");

  // The end of the trail: the head remembers how long it was.
  f->Sql("DELETE FROM audit WHERE seq = 8");
  BOOST_TEST(f->Verify().bad_seq == 5);  // the first fault in trail order is named
  auto g = Fixture::Make(backend);
  Seed(g->store());
  g->Sql("DELETE FROM audit WHERE seq = 8");
  check = g->Verify();
  BOOST_TEST(!check.ok);
  BOOST_TEST(check.reason == "the last entry (seq 8) was removed");
  BOOST_TEST(check.bad_seq == 8);
  BOOST_TEST(check.entries == 7);
  g->Sql("DELETE FROM audit WHERE seq = 7");
  BOOST_TEST(g->Verify().reason == "the last 2 entries (seq 7 to 8) were removed");
  // And its beginning.
  g->Sql("DELETE FROM audit WHERE seq = 1");
  check = g->Verify();
  BOOST_TEST(check.reason == "the first entry is missing (removed)");
  BOOST_TEST(check.bad_seq == 1);
  // Setting the head back too is a truncation no chain can see on its own: the head hash is
  // what changes, which is why `dmca audit verify` prints it to be kept elsewhere.
  const std::string head_before = g->Verify().head_hash;
  g->Sql("DELETE FROM audit");
  g->Sql("UPDATE audit_head SET seq = 0, hash = '" +
         std::string(store_internal::kAuditGenesisHash) + "'");
  check = g->Verify();
  BOOST_TEST(check.ok);
  BOOST_TEST(check.head_hash != head_before);
}

BOOST_DATA_TEST_CASE(reordered_entries_are_named, boost::unit_test::data::make(kBackends),
                     backend) {
  auto f = Fixture::Make(backend);
  if (!f) return;
  const Seeded s = Seed(f->store());
  const std::int64_t id3 = f->IdAt(3), id4 = f->IdAt(4), id5 = f->IdAt(5), id6 = f->IdAt(6);
  const std::string a = std::to_string(s.a), b = std::to_string(s.b);

  // Two rows exchange their places in the trail (seq), keeping everything else.
  f->Swap(id3, id4, {"seq"});
  AuditCheck check = f->Verify();
  BOOST_TEST(!check.ok);
  BOOST_TEST(check.reason == "entries out of order at seq 3: entry 3 (case " + a +
                                 ", deleted) and entry 4 (case " + a +
                                 ", approved) changed places");
  BOOST_TEST(check.bad_seq == 3);
  BOOST_TEST(check.bad_id == id4);  // the deletion now sits at seq 3
  BOOST_TEST(check.entries == 2);
  f->Swap(id3, id4, {"seq"});
  BOOST_TEST(f->Verify().ok);

  // Their contents (what happened to which case), keeping the chain's columns in place.
  f->Swap(id5, id6, kContent);
  check = f->Verify();
  BOOST_TEST(check.reason == "entries out of order at seq 5: entry 5 (case " + a +
                                 ", executed) and entry 6 (case " + b + ", noted) changed places");
  BOOST_TEST(check.bad_seq == 5);
  BOOST_TEST(check.bad_id == id5);
  f->Swap(id5, id6, kContent);
  BOOST_TEST(f->Verify().ok);

  // Whole rows but their ids, hashes and seq included: each row is intact, but a case's entries
  // (listed by id) now read in the wrong order.
  std::vector<std::string> all = kContent;
  for (const char* column : {"seq", "prev_hash", "hash"}) all.push_back(column);
  f->Swap(id5, id6, all);
  check = f->Verify();
  BOOST_TEST(check.reason == "entries out of order at seq 5: entry 5 (case " + b +
                                 ", noted) and entry 6 (case " + a + ", executed) changed places");
  BOOST_TEST(check.bad_seq == 5);
  BOOST_TEST(check.bad_id == id6);
  f->Swap(id5, id6, all);
  BOOST_TEST(f->Verify().ok);

  // The same by exchanging the ids.
  f->SwapIds(id5, id6);
  check = f->Verify();
  BOOST_TEST(check.bad_seq == 5);
  BOOST_TEST(Contains(check, "entries out of order at seq 5").empty(), check.reason);
  f->SwapIds(id5, id6);
  BOOST_TEST(f->Verify().ok);
}

BOOST_DATA_TEST_CASE(forged_entries_are_named, boost::unit_test::data::make(kBackends), backend) {
  auto f = Fixture::Make(backend);
  if (!f) return;
  const Seeded s = Seed(f->store());
  const std::string a = std::to_string(s.a);
  const std::string columns =
      "INSERT INTO audit (case_id, at, actor, os_user, action, detail, "
      "target, seq, prev_hash, hash) VALUES (" +
      a +
      ", '2026-11-25T08:00:00Z', 'jdoe', 'jdoe', 'approved', 'backdated'"
      ", ''";
  // A plain INSERT, the chain's columns left empty.
  f->Sql("INSERT INTO audit (case_id, at, actor, action, detail) VALUES (" + a +
         ", '2026-11-25T08:00:00Z', 'jdoe', 'approved', 'backdated')");
  const std::int64_t stray = f->Scalar("SELECT MAX(id) FROM audit");
  AuditCheck check = f->Verify();
  BOOST_TEST(!check.ok);
  BOOST_TEST(check.reason == "an entry outside the chain (row " + std::to_string(stray) +
                                 ", case " + a + ", approved) was added outside the store");
  BOOST_TEST(check.bad_id == stray);
  f->Sql("DELETE FROM audit WHERE id = " + std::to_string(stray));
  BOOST_TEST(f->Verify().ok);

  // At the end, with a made-up hash.
  f->Sql(columns + ", 9, 'x', 'y')");
  check = f->Verify();
  BOOST_TEST(check.reason == "entry 9 (case " + a +
                                 ", approved) was added outside the store: the trail's head is "
                                 "at seq 8");
  BOOST_TEST(check.bad_seq == 9);
  f->Sql("DELETE FROM audit WHERE seq = 9");

  // At the end, hashed as the store would: only the head says it is not the store's.
  model::AuditEntry forged{"2026-11-25T08:00:00Z", "jdoe", "approved", "backdated", "jdoe", ""};
  const std::string head = f->Text("SELECT hash FROM audit WHERE seq = 8");
  f->Sql(columns + ", 9, '" + head + "', '" + store_internal::AuditHash(9, head, s.a, forged) +
         "')");
  check = f->Verify();
  BOOST_TEST(!check.ok);
  BOOST_TEST(check.bad_seq == 9);
  BOOST_TEST(Contains(check, "entry 9 (case " + a + ", approved) lies beyond the head").empty(),
             check.reason);
  f->Sql("DELETE FROM audit WHERE seq = 9");
  BOOST_TEST(f->Verify().ok);

  // A row in the middle rewritten and hashed anew: the next row no longer follows it.
  model::AuditEntry rewritten{"2026-11-26T08:00:00Z",
                              "worker-1",
                              "deleted",
                              "nothing deleted",
                              f->Text("SELECT os_user FROM audit WHERE seq = 4"),
                              "commons.wikimedia.org|File:Sunset.jpg",
                              4242};
  const std::string prev = f->Text("SELECT prev_hash FROM audit WHERE seq = 4");
  f->Sql("UPDATE audit SET detail = 'nothing deleted', hash = '" +
         store_internal::AuditHash(4, prev, s.a, rewritten) + "' WHERE seq = 4");
  check = f->Verify();
  BOOST_TEST(check.bad_seq == 4);
  BOOST_TEST(check.reason == "entry 4 (case " + a + ", deleted) and entry 5 (case " +
                                 std::to_string(s.b) +
                                 ", noted) do not chain: one of them was rewritten with a new "
                                 "hash");
}

// Entries stored at schema 3 (before the chain) are chained by the upgrade, in the order they
// were written, in batches; the walk crosses batch ends too.
BOOST_DATA_TEST_CASE(an_upgrade_from_schema_3_chains_the_existing_trail,
                     boost::unit_test::data::make(kBackends), backend) {
  auto f = Fixture::Make(backend, /*migrate_to=*/3);
  if (!f) return;
  BOOST_TEST(f->store().SchemaVersion() == 3);
  BOOST_TEST(f->store().VerifyAudit().status().code() == Status::Code::kFailedPrecondition);
  auto big = SampleCase("many entries", "<many@example.org>");
  for (int i = 0; i < 1199; ++i) {  // 1,200 with "ingested": batches of 500 and a remainder
    big.audit.push_back({"2026-11-24T10:00:00Z", "pipeline", "noted", "line " + std::to_string(i)});
  }
  const auto many = f->store().Insert(big);
  BOOST_TEST_REQUIRE(many.ok(), many.status().ToString());
  const Seeded s = Seed(f->store());
  const std::int64_t before = f->Scalar("SELECT COUNT(*) FROM audit");
  BOOST_TEST(before == 1208);

  f->Reopen();
  BOOST_TEST(f->store().SchemaVersion() == store_internal::kLatestSchemaVersion);
  AuditCheck check = f->Verify();
  BOOST_TEST(check.ok, check.reason);
  BOOST_TEST(check.entries == before);
  BOOST_TEST(f->Scalar("SELECT COUNT(*) FROM audit WHERE seq = id") == before);  // id order
  BOOST_TEST(f->Text("SELECT os_user FROM audit WHERE seq = 1").empty());  // not recorded then
  auto got = f->store().Get(s.a);
  BOOST_TEST_REQUIRE(got.ok());
  BOOST_TEST(got->audit.at(2).target == "");  // schema 3 kept no target: none is made up
  // The chain goes on from the upgraded end.
  BOOST_TEST(f->store().AppendAudit(s.c, {"", "jdoe", "noted", "after the upgrade"}).ok());
  check = f->Verify();
  BOOST_TEST(check.ok, check.reason);
  BOOST_TEST(check.entries == before + 1);
  BOOST_TEST(f->store().Get(s.c)->audit.back().os_user == OsUser());

  // Faults around the ends of batches (the walk reads about 500 rows at a time, looking one row
  // ahead, across the end of a batch too).
  for (std::int64_t seq : {499, 500, 501, 502, 1000, 1001, 1002}) {
    const std::int64_t id = f->IdAt(seq), next_id = f->IdAt(seq + 1);
    f->Swap(id, next_id, {"seq"});
    check = f->Verify();
    BOOST_TEST(Contains(check, "entries out of order at seq " + std::to_string(seq) + ":").empty(),
               check.reason);
    BOOST_TEST(check.entries == seq - 1);
    f->Swap(id, next_id, {"seq"});
  }
  BOOST_TEST(f->Verify().ok);
  for (std::int64_t seq : {1002, 1001}) {
    f->Sql("DELETE FROM audit WHERE seq = " + std::to_string(seq));
    check = f->Verify();
    BOOST_TEST(check.bad_seq == seq);
    BOOST_TEST(check.entries == seq - 1);
  }
  BOOST_TEST(check.reason == "2 entries after seq 1000 are missing (removed)");
}

// Several Store objects (threads, each with its own connection) appending at once leave one
// chain: each append waits for the chain's end, none forks it or reuses a seq.
BOOST_DATA_TEST_CASE(concurrent_appenders_leave_one_chain, boost::unit_test::data::make(kBackends),
                     backend) {
  auto f = Fixture::Make(backend);
  if (!f) return;
  const Seeded s = Seed(f->store());
  constexpr int kWriters = 4;
  constexpr int kAppends = 25;
  const StoreOptions options = f->options();
  std::latch ready(kWriters);
  std::vector<std::thread> writers;
  std::vector<int> written(kWriters, 0), retries(kWriters, 0);
  std::vector<std::string> errors(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      // No Boost.Test assertions in these threads: they are not thread-safe.
      auto mine = OpenStore(options);
      ready.arrive_and_wait();
      if (!mine.ok()) {
        errors[w] = mine.status().ToString();
        return;
      }
      for (int i = 0; i < kAppends && errors[w].empty();) {
        const std::string detail = std::to_string(w) + "/" + std::to_string(i);
        const Status status = (*mine)->AppendAudit(
            w % 2 ? s.a : s.b, {"", "writer" + std::to_string(w), "noted", detail});
        if (status.ok()) {
          ++written[w];
          ++i;
        } else if (status.Retryable()) {  // SQLite's busy timeout ran out: try again
          ++retries[w];
        } else {
          errors[w] = status.ToString();
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  for (int w = 0; w < kWriters; ++w) {
    BOOST_TEST(errors[w].empty(), errors[w]);
    BOOST_TEST(written[w] == kAppends);
  }
  BOOST_TEST_MESSAGE(backend << ": retries " << retries[0] << " " << retries[1] << " " << retries[2]
                             << " " << retries[3]);
  const AuditCheck check = f->Verify();
  BOOST_TEST(check.ok, check.reason);
  BOOST_TEST(check.entries == 8 + kWriters * kAppends);
  BOOST_TEST(f->Scalar("SELECT COUNT(DISTINCT seq) FROM audit") == 8 + kWriters * kAppends);
  // Each writer's entries are in the order it wrote them.
  auto trail = f->store().AuditTrail(std::nullopt, 8, 1000);
  BOOST_TEST_REQUIRE(trail.ok());
  std::map<std::string, int> next;
  std::string previous;
  int turns = 0;  // how often the writer changed along the trail: how much they overlapped
  for (const auto& record : *trail) {
    const std::string& detail = record.entry.detail;
    const std::string writer = detail.substr(0, detail.find('/'));
    BOOST_TEST(std::stoi(detail.substr(detail.find('/') + 1)) == next[writer]++, detail);
    turns += !previous.empty() && writer != previous;
    previous = writer;
  }
  BOOST_TEST_MESSAGE(backend << ": the writers took turns " << turns << " times");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::pipeline
