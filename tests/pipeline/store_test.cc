#include "pipeline/store/migrations.h"
#include "pipeline/store/store.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <latch>
#include <set>
#include <thread>

#include "tests/pipeline/store_test_util.h"
#include "tests/pipeline/store_util.h"
#include "tests/pipeline/test_util.h"

namespace dmca::pipeline {
namespace {

using model::CaseState;
using testing::SampleCase;
using testing::SampleTakedown;
using testing::TempDir;
using testing::TestPostgresUrl;

StoreOptions At(const std::string& path) {
  StoreOptions options;
  options.sqlite_path = path;
  return options;
}

std::unique_ptr<Store> MustOpen(StoreOptions options) {
  auto store = OpenStore(options);
  BOOST_TEST_REQUIRE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

std::unique_ptr<Store> MustOpen(const std::string& path, const Clock* clock = nullptr) {
  StoreOptions options;
  options.sqlite_path = path;
  options.clock = clock;
  return MustOpen(options);
}

model::AuditEntry Audit(std::string action) { return {"", "tester", std::move(action), ""}; }

BOOST_AUTO_TEST_SUITE(store)

BOOST_AUTO_TEST_CASE(case_round_trips) {
  TempDir dir;
  auto store = MustOpen(dir.File("dmca.db"));
  BOOST_TEST(store->SchemaVersion() == store_internal::kLatestSchemaVersion);
  auto c = SampleCase(std::string("From: a\r\n\r\nbody\0with nul\xff", 25), "<1@example.org>");
  auto inserted = store->Insert(c);
  BOOST_TEST_REQUIRE(inserted.ok(), inserted.status().ToString());
  BOOST_TEST(inserted->inserted);
  auto got = store->Get(inserted->id);
  BOOST_TEST_REQUIRE(got.ok(), got.status().ToString());
  BOOST_TEST(got->raw == c.raw);  // every byte, NUL and 0xFF included
  BOOST_TEST(got->message_id == "<1@example.org>");
  BOOST_TEST(got->raw_sha256 == c.raw_sha256);
  BOOST_TEST(got->source == "file:test.eml");
  BOOST_TEST(StateName(got->state) == "pending_approval");
  BOOST_TEST(got->notice.body == c.notice.body);
  BOOST_TEST(got->targets.size() == 2u);
  BOOST_TEST(*got->targets[0].target.title == "File:Sunset.jpg");
  BOOST_TEST(got->targets[0].target.in_scope);
  BOOST_TEST(got->targets[1].target.findings.size() == 1u);
  BOOST_TEST(got->audit.size() == 1u);
  BOOST_TEST(got->audit[0].action == "ingested");
  BOOST_TEST(store->Get(999).status().code() == Status::Code::kNotFound);

  auto listed = store->List({CaseState::kPendingApproval, std::nullopt, 10, false});
  BOOST_TEST_REQUIRE(listed.ok());
  BOOST_TEST(listed->size() == 1u);
  BOOST_TEST(listed->at(0).raw.empty());
  BOOST_TEST(store->List({CaseState::kDeficient, std::nullopt, 10, false})->empty());
  BOOST_TEST(store->List({std::nullopt, parsers::notice::Kind::kTakedown, 10, false})->size() ==
             1u);
}

BOOST_AUTO_TEST_CASE(dedupe_by_message_id_and_by_hash) {
  TempDir dir;
  auto store = MustOpen(dir.File("dmca.db"));
  auto first = store->Insert(SampleCase("raw one", "<same@example.org>"));
  BOOST_TEST_REQUIRE(first.ok());
  // Same Message-ID, different bytes (re-delivered with another Received: line).
  auto again = store->Insert(SampleCase("raw one, redelivered", "<same@example.org>"));
  BOOST_TEST_REQUIRE(again.ok());
  BOOST_TEST(!again->inserted);
  BOOST_TEST(again->id == first->id);
  // No Message-ID: the SHA-256 of the bytes decides.
  auto a = store->Insert(SampleCase("no id", ""));
  auto b = store->Insert(SampleCase("no id", ""));
  BOOST_TEST_REQUIRE((a.ok() && b.ok()));
  BOOST_TEST(a->inserted);
  BOOST_TEST(!b->inserted);
  BOOST_TEST(a->id == b->id);
  auto other = store->Insert(SampleCase("different", ""));
  BOOST_TEST(other->inserted);
  BOOST_TEST(store->List({})->size() == 3u);
  auto dup = store->FindDuplicate("", SampleCase("different", "").raw_sha256);
  BOOST_TEST_REQUIRE(dup.ok());
  BOOST_TEST(**dup == other->id);
}

BOOST_AUTO_TEST_CASE(reopening_keeps_data_and_version) {
  TempDir dir;
  std::int64_t id = 0;
  {
    auto store = MustOpen(dir.File("dmca.db"));
    id = store->Insert(SampleCase("kept", "<k@example.org>"))->id;
  }
  auto store = MustOpen(dir.File("dmca.db"));
  BOOST_TEST(store->SchemaVersion() == store_internal::kLatestSchemaVersion);
  BOOST_TEST(store->Get(id)->message_id == "<k@example.org>");
}

BOOST_AUTO_TEST_CASE(an_old_schema_is_upgraded) {
  TempDir dir;
  StoreOptions old;
  old.sqlite_path = dir.File("dmca.db");
  old.migrate_to = 1;
  {
    auto store = MustOpen(old);
    BOOST_TEST(store->SchemaVersion() == 1);
    BOOST_TEST(store->Insert(SampleCase("v1 data", "<v1@example.org>")).ok());
  }
  auto store = MustOpen(dir.File("dmca.db"));
  BOOST_TEST(store->SchemaVersion() == store_internal::kLatestSchemaVersion);
  BOOST_TEST(store->List({})->size() == 1u);
  // Version 3 filled in the sender of the case stored before it.
  BOOST_TEST(store->CasesFromSender("agent@example.org", std::nullopt)->size() == 1u);
  // The version 2 indexes exist now.
  Poco::Data::SQLite::Connector::registerConnector();
  Poco::Data::Session session("SQLite", dir.File("dmca.db"));
  int indexes = 0;
  session << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = "
             "'cases_message_id'",
      Poco::Data::Keywords::into(indexes), Poco::Data::Keywords::now;
  BOOST_TEST(indexes == 1);
}

// Upgrading to schema 3 reads every stored notice; one that does not read back stops the
// upgrade with an error naming the case, and the database stays at its old version.
BOOST_AUTO_TEST_CASE(an_unreadable_notice_stops_the_upgrade_naming_the_case) {
  TempDir dir;
  StoreOptions old;
  old.sqlite_path = dir.File("dmca.db");
  old.migrate_to = 2;
  std::int64_t id = 0;
  { id = MustOpen(old)->Insert(SampleCase("v2 data", "<v2@example.org>"))->id; }
  {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", dir.File("dmca.db"));
    session << "UPDATE cases SET notice_json = '{not json'", Poco::Data::Keywords::now;
  }
  auto upgraded = OpenStore(At(dir.File("dmca.db")));
  BOOST_TEST(upgraded.status().code() == Status::Code::kCorruption);
  BOOST_TEST(upgraded.status().message().find("case " + std::to_string(id)) != std::string::npos);
  BOOST_TEST(MustOpen(old)->SchemaVersion() == 2);
}

BOOST_AUTO_TEST_CASE(a_newer_schema_is_a_clear_error) {
  TempDir dir;
  { MustOpen(dir.File("dmca.db")); }
  {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", dir.File("dmca.db"));
    session << "INSERT INTO schema_version (version, applied_at) VALUES (99, 'future')",
        Poco::Data::Keywords::now;
  }
  auto store = OpenStore(At(dir.File("dmca.db")));
  BOOST_TEST(store.status().code() == Status::Code::kFailedPrecondition);
  BOOST_TEST(store.status().message().find("99") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unwritable_paths_fail_cleanly) {
  TempDir dir;
  auto missing = OpenStore(At(dir.File("no/such/dir/dmca.db")));
  BOOST_TEST(missing.status().code() == Status::Code::kIOError);
  BOOST_TEST(missing.status().message().find(dir.File("no/such/dir/dmca.db")) != std::string::npos);
  BOOST_TEST(missing.status().message().find('\n') == std::string::npos);
  // A parent that is a file, not a directory.
  { std::ofstream(dir.File("plain")) << "x"; }
  auto under_file = OpenStore(At(dir.File("plain/dmca.db")));
  BOOST_TEST(!under_file.ok());
  auto is_dir = OpenStore(At(dir.path().string()));
  BOOST_TEST(is_dir.status().code() == Status::Code::kInvalidArgument);
  // A file that is not a database: an error, and the file is left as it was.
  { std::ofstream(dir.File("junk.db")) << std::string(4096, 'j'); }
  auto junk = OpenStore(At(dir.File("junk.db")));
  BOOST_TEST(!junk.ok());
  BOOST_TEST(std::filesystem::file_size(dir.File("junk.db")) == 4096u);
  BOOST_TEST(!std::filesystem::exists(dir.File("no")));
}

BOOST_AUTO_TEST_CASE(transitions_are_compare_and_set) {
  TempDir dir;
  auto one = MustOpen(dir.File("dmca.db"));
  auto two = MustOpen(dir.File("dmca.db"));
  const auto id = one->Insert(SampleCase("cas", "<cas@example.org>"))->id;
  BOOST_TEST(
      one->Transition(id, CaseState::kPendingApproval, CaseState::kApproved, Audit("approved"))
          .ok());
  // The second writer still believes the case is pending: it loses.
  Status late =
      two->Transition(id, CaseState::kPendingApproval, CaseState::kRejected, Audit("rejected"));
  BOOST_TEST(late.code() == Status::Code::kFailedPrecondition);
  BOOST_TEST(late.message().find("approved") != std::string::npos);
  // Arrows not in the table are refused even when the state matches.
  BOOST_TEST(two->Transition(id, CaseState::kApproved, CaseState::kPublished, Audit("x")).code() ==
             Status::Code::kFailedPrecondition);
  BOOST_TEST(
      two->Transition(777, CaseState::kPendingApproval, CaseState::kApproved, Audit("x")).code() ==
      Status::Code::kNotFound);
  auto got = two->Get(id);
  BOOST_TEST(StateName(got->state) == "approved");
  BOOST_TEST(got->audit.size() == 2u);  // ingested + approved; the losers left no trace
  BOOST_TEST(got->audit[1].action == "approved");
  BOOST_TEST(!got->audit[1].at.empty());
}

BOOST_AUTO_TEST_CASE(targets_links_and_supersession) {
  TempDir dir;
  auto store = MustOpen(dir.File("dmca.db"));
  auto deficient_notice = SampleTakedown("agent@example.org");
  deficient_notice.analysis.verdict = parsers::notice::Verdict::kDeficient;
  const auto old_id = store->Insert(SampleCase("old", "<old@example.org>", deficient_notice))->id;
  const auto new_id = store->Insert(SampleCase("new", "<new@example.org>"))->id;
  BOOST_TEST(store->Supersede(old_id, CaseState::kDeficient, new_id, Audit("superseded")).ok());
  auto old_case = store->Get(old_id);
  BOOST_TEST(StateName(old_case->state) == "superseded");
  BOOST_TEST(*old_case->superseded_by == new_id);

  BOOST_TEST(store->Link(new_id, old_id, Audit("linked")).ok());
  BOOST_TEST(*store->Get(new_id)->linked_case == old_id);

  // A target's outcome is recorded with its action's progress (UpdateAction), for every row of
  // the case naming that (site, title); an action whose title the case does not name is refused.
  BOOST_TEST_REQUIRE(
      store->EnqueueAction(new_id, "commons.wikimedia.org", "File:Sunset.jpg", ActionKind::kDelete)
          .ok());
  auto sunset = store->ClaimAction("w", std::chrono::seconds(60), new_id);
  BOOST_TEST_REQUIRE(sunset->has_value());
  ActionUpdate outcome;
  outcome.action_id = (**sunset).id;
  outcome.worker = "w";
  outcome.state = ActionState::kDone;
  outcome.target_state = model::TargetState::kDeleted;
  outcome.uploader = "Uploader1";
  BOOST_TEST(store->UpdateAction(outcome).ok());
  auto updated = store->Get(new_id);
  BOOST_TEST(TargetStateName(updated->targets[0].state) == "deleted");
  BOOST_TEST(*updated->targets[0].uploader == "Uploader1");
  BOOST_TEST_REQUIRE(
      store->EnqueueAction(new_id, "commons.wikimedia.org", "File:Other.jpg", ActionKind::kDelete)
          .ok());
  auto other = store->ClaimAction("w", std::chrono::seconds(60), new_id);
  BOOST_TEST_REQUIRE(other->has_value());
  outcome.action_id = (**other).id;
  outcome.uploader.reset();
  BOOST_TEST((store->UpdateAction(outcome).code() == Status::Code::kNotFound));

  auto by_target = store->CasesWithTarget("commons.wikimedia.org", "File:Sunset.jpg",
                                          parsers::notice::Kind::kTakedown, std::nullopt);
  BOOST_TEST((*by_target == std::vector<std::int64_t>{old_id, new_id}));
  const auto superseded = store->CasesWithTarget("commons.wikimedia.org", "File:Sunset.jpg",
                                                 std::nullopt, CaseState::kSuperseded);
  BOOST_TEST((*superseded == std::vector<std::int64_t>{old_id}));
  auto by_sender = store->CasesFromSender("AGENT@example.org", std::nullopt);
  BOOST_TEST(by_sender->size() == 2u);
  BOOST_TEST(store->CasesFromSender("agent_x@example.org", std::nullopt)->empty());
}

BOOST_AUTO_TEST_CASE(seen_index) {
  TempDir dir;
  auto store = MustOpen(dir.File("dmca.db"));
  BOOST_TEST(!*store->Seen("pop3:mail.example.org/UIDL1"));
  BOOST_TEST(store->MarkSeen("pop3:mail.example.org/UIDL1").ok());
  BOOST_TEST(store->MarkSeen("pop3:mail.example.org/UIDL1").ok());  // idempotent
  BOOST_TEST(*store->Seen("pop3:mail.example.org/UIDL1"));
}

BOOST_AUTO_TEST_CASE(actions_are_claimed_once) {
  TempDir dir;
  auto store = MustOpen(dir.File("dmca.db"));
  const auto id = store->Insert(SampleCase("q", "<q@example.org>"))->id;
  auto first = store->EnqueueAction(id, "commons.wikimedia.org", "File:A.jpg", ActionKind::kDelete);
  auto again = store->EnqueueAction(id, "commons.wikimedia.org", "File:A.jpg", ActionKind::kDelete);
  BOOST_TEST_REQUIRE((first.ok() && again.ok()));
  BOOST_TEST(*first == *again);  // idempotent
  constexpr int kActions = 40;
  for (int i = 0; i < kActions; ++i) {
    BOOST_TEST(store
                   ->EnqueueAction(id, "commons.wikimedia.org", "File:N" + std::to_string(i),
                                   ActionKind::kDelete)
                   .ok());
  }
  store.reset();

  // Two workers, each with its own connection to the same file, race for the queue.
  std::vector<std::int64_t> taken[2];
  int contention = 0;
  std::latch ready(2);
  std::vector<std::thread> workers;
  for (int w = 0; w < 2; ++w) {
    workers.emplace_back([&, w] {
      auto mine = OpenStore(At(dir.File("dmca.db")));
      ready.arrive_and_wait();
      if (!mine.ok()) return;
      const std::string name = "worker" + std::to_string(w);
      for (;;) {
        auto claimed = (*mine)->ClaimAction(name, std::chrono::seconds(300));
        if (!claimed.ok()) {  // locked: retry
          if (w == 0) ++contention;
          continue;
        }
        if (!claimed->has_value()) break;
        taken[w].push_back((**claimed).id);
        if (!(*mine)->CompleteAction((**claimed).id, name, ActionState::kDone, "deleted").ok()) {
          taken[w].push_back(-1);
        }
      }
    });
  }
  for (auto& t : workers) t.join();
  std::set<std::int64_t> all(taken[0].begin(), taken[0].end());
  all.insert(taken[1].begin(), taken[1].end());
  BOOST_TEST(taken[0].size() + taken[1].size() == kActions + 1u);  // nobody took one twice
  BOOST_TEST(all.size() == kActions + 1u);
  BOOST_TEST(!all.count(-1));
  BOOST_TEST_MESSAGE("worker0 took " << taken[0].size() << ", worker1 took " << taken[1].size()
                                     << ", worker0 retried " << contention << " times");

  auto reopened = MustOpen(dir.File("dmca.db"));
  auto actions = reopened->Actions(id);
  BOOST_TEST(actions->size() == kActions + 1u);
  for (const auto& action : *actions) {
    BOOST_TEST(ActionStateName(action.state) == "done");
    BOOST_TEST(action.attempts == 1);
  }
  // A done action is never handed out again.
  BOOST_TEST(!reopened->ClaimAction("late", std::chrono::seconds(0))->has_value());
}

BOOST_AUTO_TEST_CASE(a_crashed_claim_is_reclaimed_after_its_lease) {
  TempDir dir;
  FakeClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1'790'000'000)));
  auto store = MustOpen(dir.File("dmca.db"), &clock);
  const auto id = store->Insert(SampleCase("lease", "<l@example.org>"))->id;
  const auto action =
      *store->EnqueueAction(id, "en.wikipedia.org", "File:B.png", ActionKind::kDelete);
  auto crashed = store->ClaimAction("worker-that-dies", std::chrono::seconds(600));
  BOOST_TEST_REQUIRE(crashed->has_value());
  BOOST_TEST((**crashed).id == action);
  // Within the lease nobody else may take it.
  clock.Advance(std::chrono::seconds(599));
  BOOST_TEST(!store->ClaimAction("rescuer", std::chrono::seconds(600))->has_value());
  clock.Advance(std::chrono::seconds(2));
  auto rescued = store->ClaimAction("rescuer", std::chrono::seconds(600));
  BOOST_TEST_REQUIRE(rescued->has_value());
  BOOST_TEST((**rescued).attempts == 2);
  BOOST_TEST((**rescued).claimed_by == "rescuer");
  // The dead worker's late completion is refused; the rescuer's counts.
  BOOST_TEST(store->CompleteAction(action, "worker-that-dies", ActionState::kDone, "x").code() ==
             Status::Code::kFailedPrecondition);
  BOOST_TEST(store->CompleteAction(action, "rescuer", ActionState::kDone, "deleted").ok());
  clock.Advance(std::chrono::hours(24));
  BOOST_TEST(!store->ClaimAction("later", std::chrono::seconds(600))->has_value());
  // A retryable failure goes back to pending.
  const auto retry =
      *store->EnqueueAction(id, "en.wikipedia.org", "File:C.png", ActionKind::kDelete);
  BOOST_TEST(store->ClaimAction("w", std::chrono::seconds(60))->has_value());
  BOOST_TEST(store->CompleteAction(retry, "w", ActionState::kPending, "503").ok());
  auto next = store->ClaimAction("w", std::chrono::seconds(60), id);
  BOOST_TEST_REQUIRE(next->has_value());
  BOOST_TEST((**next).id == retry);
}

// Progress on a claimed action, on SQLite and PostgreSQL alike.
std::int64_t QueueOne(Store& store, const std::string& raw, const std::string& title) {
  auto id = store.Insert(SampleCase(raw, "<" + raw + "@example.org>"));
  BOOST_TEST_REQUIRE(id.ok(), id.status().ToString());
  auto action = store.EnqueueAction(id->id, "commons.wikimedia.org", title, ActionKind::kDelete);
  BOOST_TEST_REQUIRE(action.ok(), action.status().ToString());
  return *action;
}

Action MustLoad(Store& store, std::int64_t action_id) {
  auto actions = store.Actions(std::nullopt);
  BOOST_TEST_REQUIRE(actions.ok(), actions.status().ToString());
  for (const auto& a : *actions) {
    if (a.id == action_id) return a;
  }
  BOOST_FAIL("no action " << action_id);
  return {};
}

const auto kEpoch = std::chrono::system_clock::time_point(std::chrono::seconds(1'790'000'000));

BOOST_AUTO_TEST_CASE(update_action_records_progress_with_the_target_in_one_go) {
  FakeClock clock(kEpoch);
  testing::ForEachStore(&clock, [&](Store& store) {
    clock.Set(kEpoch);
    const auto action = QueueOne(store, "progress", "File:Sunset.jpg");
    BOOST_TEST_REQUIRE(store.ClaimAction("w1", std::chrono::seconds(600))->has_value());
    model::TargetEvidence evidence;
    evidence.checked_at = FormatIso8601(kEpoch);
    evidence.exists = true;
    evidence.page_id = 2;
    evidence.uploads = {{"Uploader2", "2026-12-01T20:52:41Z", "6febb67b", 852}};
    ActionUpdate intent;
    intent.action_id = action;
    intent.worker = "w1";
    intent.phase = "intent";
    intent.set_intent_at = true;
    intent.evidence = evidence;
    intent.uploader = "Uploader2";
    intent.sha1 = "6febb67b";
    intent.audit = AuditNow(clock, "mediawiki", "evidence", "1 upload");
    BOOST_TEST_REQUIRE(store.UpdateAction(intent).ok());
    Action a = MustLoad(store, action);
    BOOST_TEST(ActionStateName(a.state) == "claimed");  // only the phase moved on
    BOOST_TEST(a.phase == "intent");
    BOOST_TEST(a.intent_at == FormatIso8601(kEpoch));
    clock.Advance(std::chrono::seconds(5));
    ActionUpdate outcome;
    outcome.action_id = action;
    outcome.worker = "w1";
    outcome.state = ActionState::kDone;
    outcome.phase = "acted";
    outcome.result = "deleted";
    outcome.log_id = 11;
    outcome.target_state = model::TargetState::kDeleted;
    outcome.target_log_id = 11;
    outcome.audit = AuditNow(clock, "mediawiki", "deleted", "log 11");
    BOOST_TEST_REQUIRE(store.UpdateAction(outcome).ok());
    a = MustLoad(store, action);
    BOOST_TEST(ActionStateName(a.state) == "done");
    BOOST_TEST((a.log_id == std::optional<std::int64_t>(11)));
    BOOST_TEST(a.result == "deleted");
    auto c = store.Get(a.case_id);
    BOOST_TEST_REQUIRE(c.ok());
    const auto& t = c->targets[0];
    BOOST_TEST(TargetStateName(t.state) == "deleted");
    BOOST_TEST(t.uploader.value_or("") == "Uploader2");
    BOOST_TEST(t.sha1.value_or("") == "6febb67b");
    BOOST_TEST((t.log_id == std::optional<std::int64_t>(11)));
    BOOST_TEST_REQUIRE(t.evidence.has_value());
    BOOST_TEST(t.evidence->page_id == 2);
    BOOST_TEST(t.evidence->uploads.at(0).user == "Uploader2");
    BOOST_TEST(c->audit.size() == 3u);
    BOOST_TEST(c->audit[2].detail == "log 11");
    // Done: claimed by nobody, never handed out again.
    BOOST_TEST(!store.ClaimAction("w2", std::chrono::seconds(0))->has_value());
    BOOST_TEST(store.UpdateAction(outcome).code() == Status::Code::kFailedPrecondition);
  });
}

BOOST_AUTO_TEST_CASE(update_action_is_refused_when_the_claim_was_lost) {
  FakeClock clock(kEpoch);
  testing::ForEachStore(&clock, [&](Store& store) {
    clock.Set(kEpoch);
    const auto action = QueueOne(store, "lost claim", "File:Sunset.jpg");
    BOOST_TEST_REQUIRE(store.ClaimAction("slow", std::chrono::seconds(600))->has_value());
    clock.Advance(std::chrono::seconds(601));
    auto taken = store.ClaimAction("rescuer", std::chrono::seconds(600));
    BOOST_TEST_REQUIRE(taken->has_value());
    ActionUpdate late;
    late.action_id = action;
    late.worker = "slow";
    late.state = ActionState::kDone;
    late.phase = "acted";
    late.result = "deleted";
    late.log_id = 99;
    late.target_state = model::TargetState::kDeleted;
    late.uploader = "Someone";
    late.audit = AuditNow(clock, "mediawiki", "deleted", "late");
    const Status s = store.UpdateAction(late);
    BOOST_TEST(s.code() == Status::Code::kFailedPrecondition);
    BOOST_TEST(s.message().find("not claimed by slow") != std::string::npos, s.message());
    // Nothing of it was written: not the action, not the target, not the audit trail.
    const Action a = MustLoad(store, action);
    BOOST_TEST(ActionStateName(a.state) == "claimed");
    BOOST_TEST(a.claimed_by == "rescuer");
    BOOST_TEST(a.phase.empty());
    BOOST_TEST(a.result.empty());
    BOOST_TEST(!a.log_id.has_value());
    auto c = store.Get(a.case_id);
    BOOST_TEST(TargetStateName(c->targets[0].state) == "pending");
    BOOST_TEST(!c->targets[0].uploader.has_value());
    BOOST_TEST(c->audit.size() == 1u);
    // Nor may anyone renew it; the rescuer may.
    BOOST_TEST(store.RenewClaim(action, "slow").code() == Status::Code::kFailedPrecondition);
    BOOST_TEST(store.RenewClaim(action, "rescuer").ok());
  });
}

BOOST_AUTO_TEST_CASE(an_action_waits_for_its_not_before) {
  FakeClock clock(kEpoch);
  testing::ForEachStore(&clock, [&](Store& store) {
    clock.Set(kEpoch);
    const auto action = QueueOne(store, "later", "File:Sunset.jpg");
    BOOST_TEST_REQUIRE(store.ClaimAction("w", std::chrono::seconds(600))->has_value());
    ActionUpdate later;
    later.action_id = action;
    later.worker = "w";
    later.state = ActionState::kPending;
    later.result = "maxlag: lagged";
    later.not_before = FormatIso8601(kEpoch + std::chrono::seconds(120));
    BOOST_TEST_REQUIRE(store.UpdateAction(later).ok());
    BOOST_TEST(MustLoad(store, action).not_before == later.not_before);
    clock.Advance(std::chrono::seconds(119));
    BOOST_TEST(!store.ClaimAction("w", std::chrono::seconds(600))->has_value());
    clock.Advance(std::chrono::seconds(1));
    auto claimed = store.ClaimAction("w", std::chrono::seconds(600));
    BOOST_TEST_REQUIRE(claimed->has_value());
    BOOST_TEST((**claimed).id == action);
    BOOST_TEST((**claimed).attempts == 2);
  });
}

BOOST_AUTO_TEST_CASE(a_dead_workers_claims_go_back_to_the_queue_with_their_phase) {
  FakeClock clock(kEpoch);
  testing::ForEachStore(&clock, [&](Store& store) {
    clock.Set(kEpoch);
    const auto first = QueueOne(store, "dead one", "File:A.jpg");
    const auto second = QueueOne(store, "dead two", "File:B.jpg");
    const auto other = QueueOne(store, "alive", "File:C.jpg");
    BOOST_TEST_REQUIRE(store.ClaimAction("host:1:dead", std::chrono::seconds(900))->has_value());
    BOOST_TEST_REQUIRE(store.ClaimAction("host:1:dead", std::chrono::seconds(900))->has_value());
    BOOST_TEST_REQUIRE(store.ClaimAction("host:2:alive", std::chrono::seconds(900))->has_value());
    ActionUpdate intent;
    intent.action_id = first;
    intent.worker = "host:1:dead";
    intent.phase = "intent";
    intent.set_intent_at = true;
    BOOST_TEST_REQUIRE(store.UpdateAction(intent).ok());
    auto holders = store.ClaimHolders();
    BOOST_TEST_REQUIRE(holders.ok());
    std::sort(holders->begin(), holders->end());
    BOOST_TEST((*holders == std::vector<std::string>{"host:1:dead", "host:2:alive"}));

    auto released = store.ReleaseClaims("host:1:dead");
    BOOST_TEST_REQUIRE(released.ok(), released.status().ToString());
    BOOST_TEST(*released == 2u);
    BOOST_TEST(ActionStateName(MustLoad(store, first).state) == "pending");
    BOOST_TEST(MustLoad(store, first).phase == "intent");  // the next worker reconciles first
    BOOST_TEST(ActionStateName(MustLoad(store, other).state) == "claimed");
    BOOST_TEST((*store.ClaimHolders() == std::vector<std::string>{"host:2:alive"}));
    // At once, without waiting for the lease.
    auto next = store.ClaimAction("host:3:new", std::chrono::seconds(900));
    BOOST_TEST_REQUIRE(next->has_value());
    BOOST_TEST((**next).id == first);
    BOOST_TEST((**next).phase == "intent");
    BOOST_TEST((**next).claimed_by == "host:3:new");
    BOOST_TEST((**store.ClaimAction("host:3:new", std::chrono::seconds(900))).id == second);
    BOOST_TEST(*store.ReleaseClaims("nobody") == 0u);
    // The dead worker's late word counts for nothing.
    ActionUpdate late = intent;
    late.phase = "acted";
    BOOST_TEST(store.UpdateAction(late).code() == Status::Code::kFailedPrecondition);

    auto counts = store.ActionCounts();
    BOOST_TEST_REQUIRE(counts.ok());
    BOOST_TEST(
        (*counts == std::vector<std::pair<ActionState, std::size_t>>{{ActionState::kClaimed, 3}}));
  });
}

BOOST_AUTO_TEST_CASE(a_renewed_claim_outlives_its_lease) {
  FakeClock clock(kEpoch);
  testing::ForEachStore(&clock, [&](Store& store) {
    clock.Set(kEpoch);
    const auto action = QueueOne(store, "renew", "File:Sunset.jpg");
    const auto lease = std::chrono::seconds(600);
    BOOST_TEST_REQUIRE(store.ClaimAction("patient", lease)->has_value());
    clock.Advance(std::chrono::seconds(500));
    BOOST_TEST_REQUIRE(store.RenewClaim(action, "patient").ok());
    clock.Advance(std::chrono::seconds(500));  // 1000 s after the claim, 500 after the renewal
    BOOST_TEST(!store.ClaimAction("rival", lease)->has_value());
    BOOST_TEST(MustLoad(store, action).claimed_by == "patient");
    clock.Advance(std::chrono::seconds(101));  // the renewal's lease ran out too
    auto taken = store.ClaimAction("rival", lease);
    BOOST_TEST_REQUIRE(taken->has_value());
    BOOST_TEST((**taken).claimed_by == "rival");
    BOOST_TEST(store.RenewClaim(action, "patient").code() == Status::Code::kFailedPrecondition);
  });
}

BOOST_AUTO_TEST_CASE(action_counts_by_state) {
  FakeClock clock(kEpoch);
  testing::ForEachStore(&clock, [&](Store& store) {
    clock.Set(kEpoch);
    const auto done = QueueOne(store, "count done", "File:A.jpg");
    const auto failed = QueueOne(store, "count failed", "File:B.jpg");
    QueueOne(store, "count pending", "File:C.jpg");
    BOOST_TEST_REQUIRE(store.ClaimAction("w", std::chrono::seconds(60))->has_value());
    BOOST_TEST_REQUIRE(store.CompleteAction(done, "w", ActionState::kDone, "deleted").ok());
    BOOST_TEST_REQUIRE(store.ClaimAction("w", std::chrono::seconds(60))->has_value());
    BOOST_TEST_REQUIRE(store.CompleteAction(failed, "w", ActionState::kFailed, "refused").ok());
    auto counts = store.ActionCounts();
    BOOST_TEST_REQUIRE(counts.ok(), counts.status().ToString());
    BOOST_TEST(
        (*counts == std::vector<std::pair<ActionState, std::size_t>>{{ActionState::kDone, 1},
                                                                     {ActionState::kFailed, 1},
                                                                     {ActionState::kPending, 1}}));
  });
}

BOOST_AUTO_TEST_CASE(a_decision_is_one_transaction) {
  FakeClock clock(kEpoch);
  testing::ForEachStore(&clock, [&](Store& store) {
    clock.Set(kEpoch);
    auto inserted = store.Insert(SampleCase("decide", "<decide@example.org>"));
    BOOST_TEST_REQUIRE(inserted.ok());
    const auto id = inserted->id;
    // Every part fine but the last: an action id that has not failed.
    Decision d;
    d.case_id = id;
    d.transition = {{CaseState::kPendingApproval, CaseState::kApproved}};
    d.targets = {{0, model::TargetState::kApproved}};
    d.enqueue = {{"commons.wikimedia.org", "File:Sunset.jpg", ActionKind::kDelete}};
    d.retry = {12345};
    d.entry = AuditNow(clock, "alice", "approved", "all targets");
    const Status s = store.Decide(d);
    BOOST_TEST(s.code() == Status::Code::kFailedPrecondition, s.ToString());
    auto c = store.Get(id);
    BOOST_TEST(StateName(c->state) == "pending_approval");
    BOOST_TEST(TargetStateName(c->targets[0].state) == "pending");
    BOOST_TEST(c->audit.size() == 1u);
    BOOST_TEST(store.Actions(id)->empty());
    // A target that does not exist fails it the same way.
    d.retry.clear();
    d.targets.push_back({7, model::TargetState::kApproved});
    BOOST_TEST(store.Decide(d).code() == Status::Code::kNotFound);
    BOOST_TEST(StateName(store.Get(id)->state) == "pending_approval");
    BOOST_TEST(store.Actions(id)->empty());
    // Whole, it is written whole.
    d.targets.pop_back();
    BOOST_TEST_REQUIRE(store.Decide(d).ok());
    c = store.Get(id);
    BOOST_TEST(StateName(c->state) == "approved");
    BOOST_TEST(TargetStateName(c->targets[0].state) == "approved");
    BOOST_TEST(c->audit.size() == 2u);
    BOOST_TEST_REQUIRE(store.Actions(id)->size() == 1u);
    BOOST_TEST(store.Actions(id)->at(0).actor == "alice");
    // The compare-and-set of the state is part of it: a second identical decision loses.
    BOOST_TEST(store.Decide(d).code() == Status::Code::kFailedPrecondition);
    BOOST_TEST(store.Get(id)->audit.size() == 2u);
  });
}

// The same SQL on PostgreSQL, in a fresh database of a real server.
BOOST_AUTO_TEST_CASE(postgresql_store) {
  const std::string url_text = TestPostgresUrl();
  if (url_text.empty()) {
    // Run outside ctest by hand: `make test` always provides the server.
    BOOST_TEST_MESSAGE("no PostgreSQL test server given: PostgreSQL store not tested");
    return;
  }
  const char* url = url_text.c_str();
  const std::string schema =
      "t" + std::to_string(::getpid()) + "_" +
      std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  Poco::Data::PostgreSQL::Connector::registerConnector();
  {
    Poco::Data::Session admin("postgresql", url);
    admin << "CREATE DATABASE " + schema, Poco::Data::Keywords::now;
  }
  // Poco splits the connection string on blanks, so a later dbname= is the simplest override.
  StoreOptions options;
  options.postgres_url = std::string(url) + " dbname=" + schema;
  {
    // A case stored under schema 2, before the indexed sender: the upgrade fills it in.
    StoreOptions old = options;
    old.migrate_to = 2;
    auto v2 = MustOpen(old);
    BOOST_TEST(v2->SchemaVersion() == 2);
    BOOST_TEST(v2->Insert(SampleCase("v2 data", "<v2@example.org>")).ok());
  }
  auto store = MustOpen(options);
  BOOST_TEST(store->SchemaVersion() == store_internal::kLatestSchemaVersion);
  BOOST_TEST(MustOpen(options)->SchemaVersion() ==
             store_internal::kLatestSchemaVersion);  // reopening migrates nothing

  auto c = SampleCase(std::string("raw\0bytes\xff", 11), "<pg@example.org>");
  auto inserted = store->Insert(c);
  BOOST_TEST_REQUIRE(inserted.ok(), inserted.status().ToString());
  BOOST_TEST(inserted->inserted);
  BOOST_TEST(!store->Insert(SampleCase("other bytes", "<pg@example.org>"))->inserted);
  auto got = store->Get(inserted->id);
  BOOST_TEST_REQUIRE(got.ok(), got.status().ToString());
  BOOST_TEST(got->raw == c.raw);
  BOOST_TEST(got->targets.size() == 2u);
  BOOST_TEST(store->List({CaseState::kPendingApproval, parsers::notice::Kind::kTakedown, 5, false})
                 ->size() == 2u);
  BOOST_TEST(store
                 ->Transition(inserted->id, CaseState::kPendingApproval, CaseState::kApproved,
                              Audit("approved"))
                 .ok());
  BOOST_TEST(store
                 ->Transition(inserted->id, CaseState::kPendingApproval, CaseState::kRejected,
                              Audit("late"))
                 .code() == Status::Code::kFailedPrecondition);
  BOOST_TEST(store->CasesFromSender("agent@example.org", std::nullopt)->size() == 2u);
  BOOST_TEST(
      store->CasesWithTarget("commons.wikimedia.org", "File:Sunset.jpg", std::nullopt, std::nullopt)
          ->size() == 2u);
  BOOST_TEST(store
                 ->CasesWithTarget("commons.wikimedia.org", "File:Sunset.jpg", std::nullopt,
                                   CaseState::kApproved)
                 ->size() == 1u);
  const auto action = store->EnqueueAction(inserted->id, "commons.wikimedia.org", "File:Sunset.jpg",
                                           ActionKind::kDelete);
  BOOST_TEST_REQUIRE(action.ok(), action.status().ToString());
  BOOST_TEST(*store->EnqueueAction(inserted->id, "commons.wikimedia.org", "File:Sunset.jpg",
                                   ActionKind::kDelete) == *action);
  auto claimed = store->ClaimAction("pg-worker", std::chrono::seconds(60));
  BOOST_TEST_REQUIRE((claimed.ok() && claimed->has_value()), claimed.status().ToString());
  BOOST_TEST(!store->ClaimAction("other", std::chrono::seconds(60))->has_value());
  BOOST_TEST(store->CompleteAction(*action, "pg-worker", ActionState::kDone, "deleted").ok());
  BOOST_TEST(store->MarkSeen("imap:host/INBOX/1").ok());
  BOOST_TEST(store->MarkSeen("imap:host/INBOX/1").ok());
  BOOST_TEST(*store->Seen("imap:host/INBOX/1"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::pipeline
