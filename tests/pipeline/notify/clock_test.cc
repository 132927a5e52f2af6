#define BOOST_TEST_MODULE clock
// The counter-notice procedure on a real store (SQLite and the test PostgreSQL) with a fake
// clock: acceptance, the copy, the schedule, court actions, retractions, letters sent exactly
// once through the outbox (also after interruptions), the tick's reminders, alarms and
// finishing, and the repeat-infringer ledger. The same story against a real wiki and mail
// server is tests/integration/clock/.

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "pipeline/decide/ledger.h"
#include "pipeline/decide/workflow.h"
#include "pipeline/notify/sender.h"
#include "pipeline/notify/tick.h"
#include "tests/pipeline/store_util.h"
#include "tests/pipeline/test_util.h"

namespace dmca::pipeline {
inline std::ostream& operator<<(std::ostream& out, ActionState state) {
  return out << ActionStateName(state);
}
}  // namespace dmca::pipeline

namespace dmca::model {
inline std::ostream& operator<<(std::ostream& out, TargetState state) {
  return out << TargetStateName(state);
}
inline std::ostream& operator<<(std::ostream& out, LetterState state) {
  return out << LetterStateName(state);
}
}  // namespace dmca::model

namespace dmca::pipeline {
namespace {

using model::CaseState;
using model::LetterState;
using model::TargetState;
using parsers::notice::Kind;
using testing::ForEachStore;
using testing::SampleCase;
using testing::SampleTakedown;

std::chrono::system_clock::time_point At(const char* iso) { return *ParseIso8601(iso); }

std::int64_t MustInsert(Store& store, const model::Case& c) {
  auto r = store.Insert(c);
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  return r->id;
}

model::Case MustGet(Store& store, std::int64_t id) {
  auto c = store.Get(id);
  BOOST_REQUIRE_MESSAGE(c.ok(), c.status().ToString());
  return *c;
}

std::vector<model::Letter> MustLetters(Store& store, std::optional<std::int64_t> id = {}) {
  auto l = store.Letters(id);
  BOOST_REQUIRE_MESSAGE(l.ok(), l.status().ToString());
  return *l;
}

std::vector<Action> Undeletes(Store& store, std::int64_t id) {
  auto actions = store.Actions(id);
  BOOST_REQUIRE(actions.ok());
  std::vector<Action> out;
  for (const auto& a : *actions)
    if (a.kind == ActionKind::kUndelete) out.push_back(a);
  return out;
}

// An executed takedown whose one Commons file (uploaded by `uploader`) was deleted.
std::int64_t DeletedTakedown(Store& store, const Clock& clock, const std::string& raw,
                             const std::string& uploader = "Alice",
                             const std::string& title = "File:Sunset.jpg") {
  const auto id = MustInsert(store, SampleCase(raw, "<" + raw + "@example.org>",
                                               SampleTakedown("agent@example.org", title)));
  Decision d;
  d.case_id = id;
  d.transition = {{CaseState::kPendingApproval, CaseState::kApproved}};
  d.entry = AuditNow(clock, "alice", "approved", "");
  BOOST_REQUIRE(store.Decide(d).ok());
  Decision done;
  done.case_id = id;
  done.transition = {{CaseState::kApproved, CaseState::kExecuted}};
  done.targets = {{0, TargetState::kDeleted}};
  done.entry = AuditNow(clock, "worker", "executed", "");
  BOOST_REQUIRE(store.Decide(done).ok());
  // The uploader, as the executor records it from the wiki's evidence.
  auto claimed = store.EnqueueAction(id, "commons.wikimedia.org", title, ActionKind::kEdit);
  BOOST_REQUIRE(claimed.ok());
  auto action = store.ClaimAction("w", std::chrono::seconds(60), id);
  BOOST_REQUIRE(action.ok() && *action);
  ActionUpdate u;
  u.action_id = (*action)->id;
  u.worker = "w";
  u.state = ActionState::kDone;
  u.uploader = uploader;
  u.sha1 = "abc123";
  u.target_state = TargetState::kDeleted;
  BOOST_REQUIRE(store.UpdateAction(u).ok());
  return id;
}

// A complete counter-notice from the uploader naming the takedown's file, received at `at`.
std::int64_t CounterNotice(Store& store, std::int64_t takedown, const std::string& at,
                           bool complete = true, const std::string& title = "File:Sunset.jpg") {
  auto n = SampleTakedown("uploader@example.net", title);
  n.original.from = "Alice Uploader <uploader@example.net>";
  n.original.message_id = "<counter-" + at + "@example.net>";
  n.analysis.kind = Kind::kCounterNotice;
  n.analysis.complete = complete;
  if (!complete) n.analysis.missing = {"jurisdiction_consent"};
  n.body = "I swear under penalty of perjury that the file was removed by mistake.";
  auto c = SampleCase("counter " + at + std::to_string(takedown), "<cn-" + at + ">", n);
  c.state = CaseState::kReceived;
  c.receipt_at = at;
  c.receipt_source = "Received header";
  c.linked_case = takedown;
  return MustInsert(store, c);
}

CounterNoticePolicy Policy(const std::string& outbox = "") {
  (void)outbox;
  CounterNoticePolicy policy;
  policy.letters.staff_address = "staff@wikimedia.org";
  return policy;
}

BOOST_AUTO_TEST_CASE(accepting_a_counter_notice_queues_the_copy_and_schedules_the_restoration) {
  FakeClock clock(At("2026-11-30T18:00:00Z"));
  ForEachStore(&clock, [&](Store& store) {
    const auto takedown = DeletedTakedown(store, clock, "t1");
    // 23:30 Pacific on Friday 27 November 2026 (Saturday in UTC): counted from the Friday.
    const auto counter = CounterNotice(store, takedown, "2026-11-28T07:30:00Z");
    Workflow workflow(store, clock, Policy());
    const Status accepted = workflow.Approve(counter, "carol");
    BOOST_REQUIRE_MESSAGE(accepted.ok(), accepted.ToString());
    const auto c = MustGet(store, counter);
    BOOST_TEST(c.state == CaseState::kRestoreScheduled);
    BOOST_REQUIRE(c.restoration);
    // Business days after Fri 27 Nov: Nov 30, Dec 1-4 (5), Dec 7-11 (10th: the 11th), 14-17.
    BOOST_TEST(c.restoration->earliest == "2026-12-11");
    BOOST_TEST(c.restoration->latest == "2026-12-17");
    BOOST_TEST(c.restoration->on == "2026-12-11");
    const auto undeletes = Undeletes(store, takedown);
    BOOST_REQUIRE_EQUAL(undeletes.size(), 1u);
    BOOST_TEST(undeletes[0].state == ActionState::kPending);
    BOOST_TEST(undeletes[0].not_before == "2026-12-11T08:00:00Z");  // midnight Pacific
    BOOST_TEST(MustGet(store, takedown).targets[0].state == TargetState::kRestoreQueued);
    const auto letters = MustLetters(store, counter);
    BOOST_REQUIRE_EQUAL(letters.size(), 1u);
    BOOST_TEST(letters[0].kind == "counter_notice_copy");
    BOOST_TEST(letters[0].recipient == "agent@example.org");
    BOOST_TEST(letters[0].state == LetterState::kQueued);
    BOOST_TEST(letters[0].data.find("removed by mistake") != std::string::npos);  // the copy
    BOOST_TEST(letters[0].data.find("2026-12-11") != std::string::npos);
    BOOST_TEST(letters[0].data.find("In-Reply-To: <t1@example.org>") == std::string::npos);
    // Accepting again changes nothing.
    BOOST_TEST(workflow.Approve(counter, "carol").code() == Status::Code::kFailedPrecondition);
    BOOST_TEST(MustLetters(store, counter).size() == 1u);
    BOOST_TEST(Undeletes(store, takedown).size() == 1u);
  });
}

BOOST_AUTO_TEST_CASE(an_incomplete_counter_notice_gets_the_deficiency_letter_not_a_restoration) {
  FakeClock clock(At("2026-11-30T18:00:00Z"));
  ForEachStore(&clock, [&](Store& store) {
    const auto takedown = DeletedTakedown(store, clock, "t2");
    const auto counter = CounterNotice(store, takedown, "2026-11-28T07:30:00Z", false);
    Workflow workflow(store, clock, Policy());
    const Status s = workflow.Approve(counter, "carol");
    BOOST_TEST(s.code() == Status::Code::kFailedPrecondition);
    BOOST_TEST(s.message().find("jurisdiction_consent") != std::string::npos, s.message());
    BOOST_TEST(MustGet(store, counter).state == CaseState::kReceived);
    BOOST_TEST(Undeletes(store, takedown).empty());
    const auto letters = MustLetters(store, counter);
    BOOST_REQUIRE_EQUAL(letters.size(), 1u);
    BOOST_TEST(letters[0].kind == "deficiency");
    BOOST_TEST(letters[0].recipient == "uploader@example.net");
  });
}

BOOST_AUTO_TEST_CASE(a_court_action_cancels_the_restoration_and_tells_the_uploader) {
  FakeClock clock(At("2026-11-30T18:00:00Z"));
  ForEachStore(&clock, [&](Store& store) {
    const auto takedown = DeletedTakedown(store, clock, "t3");
    const auto counter = CounterNotice(store, takedown, "2026-11-28T07:30:00Z");
    Workflow workflow(store, clock, Policy());
    BOOST_REQUIRE(workflow.Approve(counter, "carol").ok());
    BOOST_TEST(workflow.RecordCourtAction(counter, "carol", "").code() ==
               Status::Code::kInvalidArgument);  // a note is required
    // Recorded on the takedown: every counter-notice answering it that awaits restoration.
    const Status s = workflow.RecordCourtAction(takedown, "carol", "complaint filed, N.D. Cal.");
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    BOOST_TEST(MustGet(store, counter).state == CaseState::kCourtAction);
    BOOST_TEST(Undeletes(store, takedown)[0].state == ActionState::kCancelled);
    BOOST_TEST(MustGet(store, takedown).targets[0].state == TargetState::kDeleted);
    bool told = false;
    for (const auto& l : MustLetters(store, counter)) {
      told |= l.kind == "court_action" && l.recipient == "uploader@example.net";
    }
    BOOST_TEST(told);
    BOOST_TEST(workflow.RecordCourtAction(counter, "carol", "again").code() ==
               Status::Code::kFailedPrecondition);
  });
}

BOOST_AUTO_TEST_CASE(a_confirmed_retraction_queues_the_restoration_at_once) {
  FakeClock clock(At("2026-11-30T18:00:00Z"));
  ForEachStore(&clock, [&](Store& store) {
    const auto takedown = DeletedTakedown(store, clock, "t4");
    auto n = SampleTakedown("agent@example.org");
    n.analysis.kind = Kind::kRetraction;
    n.targets.clear();  // "we withdraw our notice": names nothing, withdraws everything
    auto r = SampleCase("retraction", "<r@example.org>", n);
    r.state = CaseState::kReceived;
    r.linked_case = takedown;
    r.targets.clear();
    const auto retraction = MustInsert(store, r);
    Workflow workflow(store, clock, Policy());
    const Status s = workflow.Approve(retraction, "carol");
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    BOOST_TEST(MustGet(store, retraction).state == CaseState::kRestoreScheduled);
    const auto undeletes = Undeletes(store, takedown);
    BOOST_REQUIRE_EQUAL(undeletes.size(), 1u);
    BOOST_TEST(undeletes[0].not_before.empty());
  });
}

BOOST_AUTO_TEST_CASE(letters_go_out_once_through_the_outbox_even_after_interruptions) {
  FakeClock clock(At("2026-11-30T18:00:00Z"));
  ForEachStore(&clock, [&](Store& store) {
    testing::TempDir dir;
    const std::string outbox = dir.File("outbox");
    auto transport = notify::OpenOutbox(outbox);
    BOOST_REQUIRE(transport.ok());
    const auto takedown = DeletedTakedown(store, clock, "t5");
    const auto counter = CounterNotice(store, takedown, "2026-11-28T07:30:00Z");
    Workflow workflow(store, clock, Policy());
    BOOST_REQUIRE(workflow.Approve(counter, "carol").ok());
    notify::SendOptions options;
    options.worker = "test:1:1";
    options.envelope_from = "legal@wikimedia.org";
    auto sent = notify::SendDueLetters(store, **transport, clock, options);
    BOOST_REQUIRE(sent.ok());
    BOOST_TEST(sent->sent == 1u);
    BOOST_TEST(MustLetters(store, counter)[0].state == LetterState::kSent);
    auto files = [&] {
      std::size_t n = 0;
      for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(outbox)) ++n;
      return n;
    };
    BOOST_TEST(files() == 1u);
    // Run again: nothing is due.
    sent = notify::SendDueLetters(store, **transport, clock, options);
    BOOST_REQUIRE(sent.ok());
    BOOST_TEST(sent->sent == 0u);

    // A court-action letter whose sender died right after handing it over (the file is there,
    // the store says committing): found delivered, recorded sent, not written twice.
    BOOST_REQUIRE(workflow.RecordCourtAction(counter, "carol", "complaint filed").ok());
    auto claimed = store.ClaimLetter("dead:1:1", std::chrono::seconds(60), {});
    BOOST_REQUIRE(claimed.ok() && *claimed);
    const model::Letter letter = **claimed;
    Status handed = (*transport)->Send({letter.message_id, "legal@wikimedia.org",
                                        {letter.recipient}, letter.data},
                                       [&] {
                                         Store::LetterUpdate u;
                                         u.id = letter.id;
                                         u.worker = "dead:1:1";
                                         u.state = LetterState::kCommitting;
                                         return store.UpdateLetter(u);
                                       });
    BOOST_REQUIRE(handed.ok());
    BOOST_TEST(files() == 2u);
    clock.Advance(std::chrono::seconds(3600));  // its lease has run out
    options.lease = std::chrono::seconds(60);
    sent = notify::SendDueLetters(store, **transport, clock, options);
    BOOST_REQUIRE(sent.ok());
    BOOST_TEST(sent->recovered == 1u);
    BOOST_TEST(files() == 2u);
    for (const auto& l : MustLetters(store, counter)) BOOST_TEST(l.state == LetterState::kSent);
  });
}

BOOST_AUTO_TEST_CASE(an_interrupted_smtp_send_is_unconfirmed_until_staff_settle_it) {
  // A transport that cannot tell (SMTP): the run died after the end of the message was sent.
  class Silent final : public notify::MailTransport {
   public:
    Status Send(const notify::OutgoingMail&, const notify::BeforeCommit& commit) override {
      ++sends;
      DMCA_RETURN_IF_ERROR(commit());
      return Status::Unavailable("connection reset before the reply to the final dot");
    }
    std::optional<bool> Delivered(const notify::OutgoingMail&) override { return std::nullopt; }
    std::string Describe() const override { return "silent"; }
    int sends = 0;
  };
  FakeClock clock(At("2026-11-30T18:00:00Z"));
  ForEachStore(&clock, [&](Store& store) {
    const auto takedown = DeletedTakedown(store, clock, "t6");
    const auto counter = CounterNotice(store, takedown, "2026-11-28T07:30:00Z");
    Workflow workflow(store, clock, Policy());
    BOOST_REQUIRE(workflow.Approve(counter, "carol").ok());
    Silent silent;
    notify::SendOptions options;
    options.worker = "test:1:1";
    auto sent = notify::SendDueLetters(store, silent, clock, options);
    BOOST_REQUIRE(sent.ok());
    BOOST_TEST(sent->unconfirmed == 1u);
    BOOST_TEST(silent.sends == 1);
    // Never sent again by itself.
    sent = notify::SendDueLetters(store, silent, clock, options);
    BOOST_TEST(silent.sends == 1);
    const auto letter = MustLetters(store, counter)[0];
    BOOST_TEST(letter.state == LetterState::kUnconfirmed);
    BOOST_REQUIRE(notify::ResolveLetter(store, clock, letter.id, true, "carol", "in their inbox")
                      .ok());
    BOOST_TEST(MustLetters(store, counter)[0].state == LetterState::kSent);
  });
}

BOOST_AUTO_TEST_CASE(the_tick_reminds_alarms_and_finishes_restorations_once) {
  FakeClock clock(At("2026-11-30T18:00:00Z"));
  ForEachStore(&clock, [&](Store& store) {
    testing::TempDir dir;
    auto transport = notify::OpenOutbox(dir.File("outbox"));
    BOOST_REQUIRE(transport.ok());
    const auto takedown = DeletedTakedown(store, clock, "t7");
    const auto counter = CounterNotice(store, takedown, "2026-11-28T07:30:00Z");
    Workflow workflow(store, clock, Policy());
    BOOST_REQUIRE(workflow.Approve(counter, "carol").ok());
    notify::TickOptions options;
    options.policy = Policy();
    options.transport = transport->get();
    options.send.worker = "test:1:1";
    auto count = [&](const std::string& kind) {
      std::size_t n = 0;
      for (const auto& l : MustLetters(store)) n += l.kind == kind;
      return n;
    };
    // Tuesday 8 December, 09:00 Pacific: the 11th is 3 business days away.
    clock.Set(At("2026-12-08T17:00:00Z"));
    auto t = notify::Tick(store, clock, options);
    BOOST_REQUIRE_MESSAGE(t.ok(), t.status().ToString());
    BOOST_TEST(t->reminders == 1u);
    BOOST_TEST(count("reminder") == 1u);
    BOOST_REQUIRE(notify::Tick(store, clock, options).ok());
    BOOST_TEST(count("reminder") == 1u);  // one a day
    // Past the 17th (the 14th business day) and still not restored (the wiki was down).
    clock.Set(At("2026-12-18T17:00:00Z"));
    t = notify::Tick(store, clock, options);
    BOOST_REQUIRE(t.ok());
    BOOST_TEST(t->overdue == 1u);
    BOOST_TEST(count("overdue_alarm") == 1u);
    BOOST_REQUIRE(notify::Tick(store, clock, options).ok());
    BOOST_TEST(count("overdue_alarm") == 1u);
    // The executor restored the file: the counter-notice is finished, both parties told.
    Decision restored;
    restored.case_id = takedown;
    restored.targets = {{0, TargetState::kRestored}};
    restored.entry = AuditNow(clock, "worker", "restored", "");
    BOOST_REQUIRE(store.Decide(restored).ok());
    t = notify::Tick(store, clock, options);
    BOOST_REQUIRE(t.ok());
    BOOST_TEST(t->restored_cases == 1u);
    BOOST_TEST(MustGet(store, counter).state == CaseState::kRestored);
    BOOST_TEST(count("restoration") == 2u);
    t = notify::Tick(store, clock, options);
    BOOST_REQUIRE(t.ok());
    BOOST_TEST(t->restored_cases == 0u);
    BOOST_TEST(count("restoration") == 2u);
    for (const auto& l : MustLetters(store)) BOOST_TEST(l.state == LetterState::kSent);
  });
}

BOOST_AUTO_TEST_CASE(the_repeat_infringer_ledger_counts_takedowns_not_reversed) {
  FakeClock clock(At("2026-11-30T18:00:00Z"));
  ForEachStore(&clock, [&](Store& store) {
    DeletedTakedown(store, clock, "l1", "Mallory", "File:A.jpg");
    DeletedTakedown(store, clock, "l2", "Mallory", "File:B.jpg");
    DeletedTakedown(store, clock, "l3", "Bob", "File:C.jpg");
    const auto reversed = DeletedTakedown(store, clock, "l4", "Bob", "File:D.jpg");
    Decision back;
    back.case_id = reversed;
    back.targets = {{0, TargetState::kRestored}};
    back.entry = AuditNow(clock, "worker", "restored", "");
    BOOST_REQUIRE(store.Decide(back).ok());
    auto ledger = RepeatInfringers(store, 2);
    BOOST_REQUIRE(ledger.ok());
    BOOST_REQUIRE_EQUAL(ledger->size(), 1u);
    BOOST_TEST((*ledger)[0].user == "Mallory");
    BOOST_TEST((*ledger)[0].notices == 2u);
    BOOST_TEST((*ledger)[0].sites.count("commons.wikimedia.org") == 1u);
    auto all = RepeatInfringers(store, 1);
    BOOST_REQUIRE(all.ok());
    BOOST_TEST(all->size() == 2u);
  });
}

}  // namespace
}  // namespace dmca::pipeline
