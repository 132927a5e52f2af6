#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "pipeline/decide/lifecycle.h"
#include "pipeline/decide/queue.h"
#include "pipeline/decide/workflow.h"
#include "tests/pipeline/store_util.h"
#include "tests/pipeline/test_util.h"

namespace dmca::pipeline {
inline std::ostream& operator<<(std::ostream& out, ActionState state) {
  return out << ActionStateName(state);
}
inline std::ostream& operator<<(std::ostream& out, ActionKind kind) {
  return out << ActionKindName(kind);
}
}  // namespace dmca::pipeline

namespace dmca::model {
inline std::ostream& operator<<(std::ostream& out, TargetState state) {
  return out << TargetStateName(state);
}
}  // namespace dmca::model

namespace dmca::archive {
inline std::ostream& operator<<(std::ostream& out, LetterKind kind) {
  return out << static_cast<int>(kind);
}
}  // namespace dmca::archive

namespace dmca::pipeline {
namespace {

using model::CaseState;
using model::TargetState;
using parsers::notice::Kind;
using testing::ForEachStore;
using testing::SampleCase;
using testing::SampleTakedown;

using std::chrono::seconds;
const auto kStart = std::chrono::system_clock::time_point(seconds(1'795'000'000));

parsers::wikiurl::Target Wiki(std::string url, std::string site, std::string title) {
  parsers::wikiurl::Target t;
  t.url = std::move(url);
  t.site = std::move(site);
  t.title = std::move(title);
  t.in_scope = true;
  return t;
}

// A complete takedown naming, by number as `cases show --json` gives them:
//  1, 2: one Commons file under two URL forms; 3: a file on the English Wikipedia;
//  4: a look-alike host; 5: a page that is not on a Wikimedia wiki.
model::Case FiveTargetTakedown(const std::string& raw) {
  parsers::notice::Notice n = SampleTakedown();
  n.targets.clear();
  n.targets.push_back(Wiki("https://commons.wikimedia.org/wiki/File:Sunset.jpg",
                           "commons.wikimedia.org", "File:Sunset.jpg"));
  n.targets.push_back(Wiki("https://commons.wikimedia.org/w/index.php?title=File:Sunset.jpg",
                           "commons.wikimedia.org", "File:Sunset.jpg"));
  n.targets.push_back(
      Wiki("https://en.wikipedia.org/wiki/File:Other.png", "en.wikipedia.org", "File:Other.png"));
  auto spoof = Wiki("https://c0mmons.wikimedia.org/wiki/File:Spoof.jpg", "c0mmons.wikimedia.org",
                    "File:Spoof.jpg");
  spoof.spoof = true;
  spoof.in_scope = false;
  n.targets.push_back(spoof);
  parsers::wikiurl::Target outside;
  outside.url = "https://example.org/sunset";
  n.targets.push_back(outside);
  return SampleCase(raw, "<" + raw + "@example.org>", n);
}

std::int64_t MustInsert(Store& store, const model::Case& c) {
  auto inserted = store.Insert(c);
  BOOST_TEST_REQUIRE(inserted.ok(), inserted.status().ToString());
  return inserted->id;
}

model::Case MustGet(Store& store, std::int64_t id) {
  auto c = store.Get(id);
  BOOST_TEST_REQUIRE(c.ok(), c.status().ToString());
  return std::move(c).value();
}

std::vector<Action> MustActions(Store& store, std::int64_t id) {
  auto actions = store.Actions(id);
  BOOST_TEST_REQUIRE(actions.ok(), actions.status().ToString());
  return std::move(actions).value();
}

std::vector<TargetState> States(const model::Case& c) {
  std::vector<TargetState> out;
  for (const auto& t : c.targets) out.push_back(t.state);
  return out;
}

// What the executor records for one action: claimed, then finished with the target's state.
void Finish(Store& store, const Clock& clock, std::int64_t action_id, ActionState state,
            TargetState target_state) {
  std::int64_t case_id = 0;
  auto all = store.Actions(std::nullopt);
  BOOST_TEST_REQUIRE(all.ok(), all.status().ToString());
  for (const auto& a : *all) {
    if (a.id == action_id) case_id = a.case_id;
  }
  auto claimed = store.ClaimAction("test-worker", seconds(600), case_id);
  BOOST_TEST_REQUIRE(claimed.ok(), claimed.status().ToString());
  BOOST_TEST_REQUIRE(claimed->has_value());
  BOOST_TEST_REQUIRE((**claimed).id == action_id);
  ActionUpdate u;
  u.action_id = action_id;
  u.worker = "test-worker";
  u.state = state;
  u.phase = state == ActionState::kDone ? "acted" : "intent";
  u.result = state == ActionState::kDone ? "deleted" : "permissiondenied: no";
  u.target_state = target_state;
  u.audit = AuditNow(clock, "mediawiki", std::string(TargetStateName(target_state)), "");
  const Status s = store.UpdateAction(u);
  BOOST_TEST_REQUIRE(s.ok(), s.ToString());
}

BOOST_AUTO_TEST_SUITE(decide)

BOOST_AUTO_TEST_CASE(approve_all_queues_one_deletion_per_file) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    const auto id = MustInsert(store, FiveTargetTakedown("approve all"));
    const Status s = workflow.Approve(id, "alice", "looks right");
    BOOST_TEST_REQUIRE(s.ok(), s.ToString());
    const auto c = MustGet(store, id);
    BOOST_TEST(c.state == CaseState::kApproved);
    // The spoof and the outside page are not ours to delete: left pending, not refused.
    BOOST_TEST(
        (States(c) == std::vector<TargetState>{TargetState::kApproved, TargetState::kApproved,
                                               TargetState::kApproved, TargetState::kPending,
                                               TargetState::kPending}));
    const auto actions = MustActions(store, id);
    BOOST_TEST_REQUIRE(actions.size() == 2u);  // two URL forms of one file: one deletion
    BOOST_TEST(actions[0].site == "commons.wikimedia.org");
    BOOST_TEST(actions[0].title == "File:Sunset.jpg");
    BOOST_TEST(actions[1].site == "en.wikipedia.org");
    BOOST_TEST(actions[1].title == "File:Other.png");
    for (const auto& a : actions) {
      BOOST_TEST(a.kind == ActionKind::kDelete);
      BOOST_TEST(a.state == ActionState::kPending);
      BOOST_TEST(a.actor == "alice");
      BOOST_TEST(a.phase.empty());
    }
    BOOST_TEST_REQUIRE(c.audit.size() == 2u);
    BOOST_TEST(c.audit[1].actor == "alice");
    BOOST_TEST(c.audit[1].action == "approved");
    BOOST_TEST(c.audit[1].detail == "all targets (2 to delete): looks right");
    BOOST_TEST(c.audit[1].at == FormatIso8601(kStart));
    // Approving again finds nothing left.
    BOOST_TEST(workflow.Approve(id, "alice").code() == Status::Code::kFailedPrecondition);
  });
}

BOOST_AUTO_TEST_CASE(approve_chosen_targets_then_more) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    const auto id = MustInsert(store, FiveTargetTakedown("approve some"));
    BOOST_TEST_REQUIRE(workflow.Approve(id, "alice", "", {3}).ok());
    auto c = MustGet(store, id);
    BOOST_TEST(c.state == CaseState::kApproved);
    BOOST_TEST((States(c) == std::vector<TargetState>{TargetState::kPending, TargetState::kPending,
                                                      TargetState::kApproved, TargetState::kPending,
                                                      TargetState::kPending}));
    BOOST_TEST(MustActions(store, id).size() == 1u);
    BOOST_TEST(c.audit.back().detail == "targets 3 (1 to delete)");
    // More of the same approved case; target 3 again is no error (it is approved already).
    const Status more = workflow.Approve(id, "bob", "second look", {1, 2, 3});
    BOOST_TEST_REQUIRE(more.ok(), more.ToString());
    c = MustGet(store, id);
    BOOST_TEST(c.state == CaseState::kApproved);
    BOOST_TEST(c.targets[0].state == TargetState::kApproved);
    BOOST_TEST(c.targets[1].state == TargetState::kApproved);
    const auto actions = MustActions(store, id);
    BOOST_TEST_REQUIRE(actions.size() == 2u);
    BOOST_TEST(actions[1].title == "File:Sunset.jpg");
    BOOST_TEST(actions[1].actor == "bob");
    BOOST_TEST(c.audit.back().detail == "targets 1,2,3 (1 to delete): second look");
  });
}

BOOST_AUTO_TEST_CASE(approve_refuses_targets_that_are_not_ours_by_number) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    const auto id = MustInsert(store, FiveTargetTakedown("refuse"));
    const Status spoof = workflow.Approve(id, "alice", "", {4});
    BOOST_TEST(spoof.code() == Status::Code::kInvalidArgument);
    BOOST_TEST(spoof.message() ==
               "cannot approve target 4 (File:Spoof.jpg): it is on a look-alike host (a spoof), "
               "not a Wikimedia wiki");
    const Status outside = workflow.Approve(id, "alice", "", {5});
    BOOST_TEST(outside.code() == Status::Code::kInvalidArgument);
    BOOST_TEST(outside.message() ==
               "cannot approve target 5 (https://example.org/sunset): it is not on a Wikimedia "
               "wiki");
    // One bad number refuses the whole decision: nothing of it is written.
    BOOST_TEST(workflow.Approve(id, "alice", "", {1, 4}).code() == Status::Code::kInvalidArgument);
    const Status none = workflow.Approve(id, "alice", "", {6});
    BOOST_TEST(none.code() == Status::Code::kInvalidArgument);
    BOOST_TEST(none.message() == "case " + std::to_string(id) + " has no target 6 (it has 5)");
    BOOST_TEST(workflow.Approve(id, "alice", "", {0}).code() == Status::Code::kInvalidArgument);
    const auto c = MustGet(store, id);
    BOOST_TEST(c.state == CaseState::kPendingApproval);
    BOOST_TEST(c.audit.size() == 1u);
    BOOST_TEST(MustActions(store, id).empty());
    for (const auto& t : c.targets) BOOST_TEST(t.state == TargetState::kPending);
    BOOST_TEST(workflow.Approve(999, "alice").code() == Status::Code::kNotFound);
  });
}

BOOST_AUTO_TEST_CASE(approve_refuses_what_is_not_a_complete_takedown) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    auto counter_notice = SampleTakedown();
    counter_notice.analysis.kind = Kind::kCounterNotice;
    const auto counter =
        MustInsert(store, SampleCase("counter", "<c@example.org>", counter_notice));
    const Status s = workflow.Approve(counter, "alice");
    BOOST_TEST(s.code() == Status::Code::kFailedPrecondition);
    // Approving a counter-notice accepts it, which needs the takedown it answers.
    BOOST_TEST(s.message().find("is not linked to a takedown") != std::string::npos, s.message());
    auto deficient_notice = SampleTakedown();
    deficient_notice.analysis.verdict = parsers::notice::Verdict::kDeficient;
    const auto deficient =
        MustInsert(store, SampleCase("deficient", "<d@example.org>", deficient_notice));
    const Status d = workflow.Approve(deficient, "alice");
    BOOST_TEST(d.code() == Status::Code::kFailedPrecondition);
    BOOST_TEST(d.message().find("is deficient") != std::string::npos, d.message());
    BOOST_TEST(MustActions(store, counter).empty());
    BOOST_TEST(MustActions(store, deficient).empty());
  });
}

BOOST_AUTO_TEST_CASE(approving_more_targets_of_an_executed_case) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    const auto id = MustInsert(store, FiveTargetTakedown("executed"));
    BOOST_TEST_REQUIRE(workflow.Approve(id, "alice", "", {1}).ok());
    Finish(store, clock, MustActions(store, id)[0].id, ActionState::kDone, TargetState::kDeleted);
    BOOST_TEST_REQUIRE(store
                           .Transition(id, CaseState::kApproved, CaseState::kExecuted,
                                       AuditNow(clock, "pipeline", "executed", ""))
                           .ok());
    // Both rows naming the file were deleted together.
    BOOST_TEST(MustGet(store, id).targets[1].state == TargetState::kDeleted);

    const Status more = workflow.Approve(id, "alice", "the other one too", {3});
    BOOST_TEST_REQUIRE(more.ok(), more.ToString());
    const auto c = MustGet(store, id);
    BOOST_TEST(c.state == CaseState::kApproved);  // work to do again
    BOOST_TEST(c.targets[0].state == TargetState::kDeleted);
    BOOST_TEST(c.targets[2].state == TargetState::kApproved);
    const auto actions = MustActions(store, id);
    BOOST_TEST_REQUIRE(actions.size() == 2u);
    BOOST_TEST(actions[0].state == ActionState::kDone);
    BOOST_TEST(actions[1].title == "File:Other.png");
    BOOST_TEST(actions[1].state == ActionState::kPending);
    // A deleted target cannot be approved again.
    const Status again = workflow.Approve(id, "alice", "", {1});
    BOOST_TEST(again.code() == Status::Code::kFailedPrecondition);
    BOOST_TEST(again.message() == "target 1 (File:Sunset.jpg) is already deleted");
  });
}

BOOST_AUTO_TEST_CASE(reject_the_whole_case_cancels_its_queued_deletions) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    const auto id = MustInsert(store, FiveTargetTakedown("reject all"));
    BOOST_TEST_REQUIRE(workflow.Approve(id, "alice").ok());
    const Status s = workflow.Reject(id, "bob", "fair use");
    BOOST_TEST_REQUIRE(s.ok(), s.ToString());
    const auto c = MustGet(store, id);
    BOOST_TEST(c.state == CaseState::kRejected);
    for (const auto& t : c.targets) BOOST_TEST(t.state == TargetState::kRejected);
    for (const auto& a : MustActions(store, id)) BOOST_TEST(a.state == ActionState::kCancelled);
    BOOST_TEST(c.audit.back().actor == "bob");
    BOOST_TEST(c.audit.back().action == "rejected");
    BOOST_TEST(c.audit.back().detail == "fair use");
    // Nothing is claimable any more, and a rejected case is not rejected twice.
    BOOST_TEST(!store.ClaimAction("w", seconds(60))->has_value());
    BOOST_TEST(workflow.Reject(id, "bob", "again").code() == Status::Code::kFailedPrecondition);
  });
}

BOOST_AUTO_TEST_CASE(reject_chosen_targets_cancels_only_theirs) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    const auto id = MustInsert(store, FiveTargetTakedown("reject some"));
    BOOST_TEST_REQUIRE(workflow.Approve(id, "alice").ok());
    const Status s = workflow.Reject(id, "bob", "licensed", {3});
    BOOST_TEST_REQUIRE(s.ok(), s.ToString());
    const auto c = MustGet(store, id);
    BOOST_TEST(c.state == CaseState::kApproved);
    BOOST_TEST(c.targets[0].state == TargetState::kApproved);
    BOOST_TEST(c.targets[2].state == TargetState::kRejected);
    const auto actions = MustActions(store, id);
    BOOST_TEST(actions[0].state == ActionState::kPending);
    BOOST_TEST(actions[1].state == ActionState::kCancelled);
    BOOST_TEST(c.audit.back().action == "rejected targets");
    BOOST_TEST(c.audit.back().detail == "3: licensed");
    BOOST_TEST(workflow.Reject(id, "bob", "", {7}).code() == Status::Code::kInvalidArgument);
    // Approved again after all: the cancelled deletion is queued once more.
    BOOST_TEST_REQUIRE(workflow.Approve(id, "alice", "", {3}).ok());
    BOOST_TEST(MustActions(store, id)[1].state == ActionState::kPending);
    BOOST_TEST(MustActions(store, id).size() == 2u);
  });
}

// One canonical target is (site, title) (DOMAIN.md): rejecting one URL form of a file rejects
// the file, and no row naming it is left approved without a deletion queued for it.
BOOST_AUTO_TEST_CASE(rejecting_one_url_of_a_file_rejects_the_file) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    const auto id = MustInsert(store, FiveTargetTakedown("reject one form"));
    BOOST_TEST_REQUIRE(workflow.Approve(id, "alice").ok());
    const Status s = workflow.Reject(id, "bob", "licensed", {2});
    BOOST_TEST_REQUIRE(s.ok(), s.ToString());
    const auto c = MustGet(store, id);
    BOOST_TEST(MustActions(store, id)[0].state == ActionState::kCancelled);
    BOOST_TEST(c.targets[1].state == TargetState::kRejected);
    BOOST_TEST(c.targets[0].state == TargetState::kRejected);
    BOOST_TEST(c.targets[2].state == TargetState::kApproved);
  });
}

BOOST_AUTO_TEST_CASE(reject_is_refused_once_a_deletion_has_started) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    const auto id = MustInsert(store, FiveTargetTakedown("started"));
    BOOST_TEST_REQUIRE(workflow.Approve(id, "alice").ok());
    auto claimed = store.ClaimAction("w", seconds(600));
    BOOST_TEST_REQUIRE((claimed.ok() && claimed->has_value()));
    BOOST_TEST((**claimed).title == "File:Sunset.jpg");
    const Status whole = workflow.Reject(id, "bob", "no");
    BOOST_TEST(whole.code() == Status::Code::kFailedPrecondition);
    BOOST_TEST(whole.message().find("File:Sunset.jpg on commons.wikimedia.org is already being "
                                    "acted on") != std::string::npos,
               whole.message());
    // Either URL form of the file being deleted.
    BOOST_TEST(workflow.Reject(id, "bob", "no", {1}).code() == Status::Code::kFailedPrecondition);
    BOOST_TEST(workflow.Reject(id, "bob", "no", {2}).code() == Status::Code::kFailedPrecondition);
    auto c = MustGet(store, id);
    BOOST_TEST(c.state == CaseState::kApproved);
    BOOST_TEST(c.audit.size() == 2u);  // ingested, approved: the refusals left nothing
    BOOST_TEST(MustActions(store, id)[1].state == ActionState::kPending);
    // The target not yet touched can still be rejected.
    BOOST_TEST(workflow.Reject(id, "bob", "no", {3}).ok());
    BOOST_TEST(MustActions(store, id)[1].state == ActionState::kCancelled);
  });
}

// A deletion whose call was sent but timed out goes back to pending with its phase "intent"
// (to be reconciled with the wiki's log): it has started, the wiki may have deleted the file.
BOOST_AUTO_TEST_CASE(reject_is_refused_for_a_deletion_waiting_to_be_retried) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    const auto id = MustInsert(store, FiveTargetTakedown("sent"));
    BOOST_TEST_REQUIRE(workflow.Approve(id, "alice").ok());
    const auto action = MustActions(store, id)[0];
    BOOST_TEST_REQUIRE(store.ClaimAction("w", seconds(600))->has_value());
    ActionUpdate later;
    later.action_id = action.id;
    later.worker = "w";
    later.phase = "intent";
    later.set_intent_at = true;
    BOOST_TEST_REQUIRE(store.UpdateAction(later).ok());
    later.phase.reset();
    later.set_intent_at = false;
    later.state = ActionState::kPending;
    later.result = "delete: timed out";
    later.not_before = FormatIso8601(kStart + seconds(120));
    BOOST_TEST_REQUIRE(store.UpdateAction(later).ok());

    BOOST_TEST(workflow.Reject(id, "bob", "no").code() == Status::Code::kFailedPrecondition);
    BOOST_TEST(workflow.Reject(id, "bob", "no", {1}).code() == Status::Code::kFailedPrecondition);
    const auto after = MustActions(store, id);
    BOOST_TEST(after[0].state == ActionState::kPending);
    BOOST_TEST(after[0].phase == "intent");
    BOOST_TEST(MustGet(store, id).state == CaseState::kApproved);
  });
}

BOOST_AUTO_TEST_CASE(retry_puts_a_failed_deletion_back_in_the_queue) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    const auto id = MustInsert(store, FiveTargetTakedown("retry"));
    BOOST_TEST_REQUIRE(workflow.Approve(id, "alice", "", {1, 3}).ok());
    const auto actions = MustActions(store, id);
    Finish(store, clock, actions[0].id, ActionState::kFailed, TargetState::kFailed);
    Finish(store, clock, actions[1].id, ActionState::kDone, TargetState::kDeleted);
    BOOST_TEST_REQUIRE(store
                           .Transition(id, CaseState::kApproved, CaseState::kExecuted,
                                       AuditNow(clock, "pipeline", "executed", ""))
                           .ok());
    BOOST_TEST(MustGet(store, id).targets[0].state == TargetState::kFailed);
    // Not among the chosen targets: nothing to retry there.
    BOOST_TEST(workflow.Retry(id, "carol", "", {3}).status().code() ==
               Status::Code::kFailedPrecondition);

    const auto retried = workflow.Retry(id, "carol", "rights fixed");
    BOOST_TEST_REQUIRE(retried.ok(), retried.status().ToString());
    BOOST_TEST(*retried == 1u);
    const auto c = MustGet(store, id);
    BOOST_TEST(c.state == CaseState::kApproved);
    BOOST_TEST(c.targets[0].state == TargetState::kApproved);
    BOOST_TEST(c.targets[1].state == TargetState::kApproved);
    BOOST_TEST(c.targets[2].state == TargetState::kDeleted);
    const auto after = MustActions(store, id);
    BOOST_TEST(after[0].state == ActionState::kPending);
    BOOST_TEST(after[0].result.empty());
    BOOST_TEST(after[0].not_before.empty());
    BOOST_TEST(after[1].state == ActionState::kDone);
    BOOST_TEST(c.audit.back().action == "retry");
    BOOST_TEST(c.audit.back().detail == "1 failed action(s): rights fixed");
    // The queue hands it out again.
    auto again = store.ClaimAction("w2", seconds(600));
    BOOST_TEST_REQUIRE((again.ok() && again->has_value()));
    BOOST_TEST((**again).id == actions[0].id);
    BOOST_TEST((**again).attempts == 2);
    BOOST_TEST(workflow.Retry(id, "carol").status().code() == Status::Code::kFailedPrecondition);
  });
}

// A restoration that failed (cantundelete, a protected title) is retried as a restoration: the
// target waits for it (restore_queued), it is not approved for deletion again.
BOOST_AUTO_TEST_CASE(retry_of_a_failed_restoration_queues_the_restoration) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    const auto id = MustInsert(store, FiveTargetTakedown("retry restore"));
    BOOST_TEST_REQUIRE(workflow.Approve(id, "alice", "", {1}).ok());
    Finish(store, clock, MustActions(store, id)[0].id, ActionState::kDone, TargetState::kDeleted);
    BOOST_TEST_REQUIRE(workflow.QueueRestoration(id, "carol", "reversal").ok());
    const auto undelete = MustActions(store, id)[1];
    BOOST_TEST_REQUIRE(undelete.kind == ActionKind::kUndelete);
    Finish(store, clock, undelete.id, ActionState::kFailed, TargetState::kFailed);

    const auto retried = workflow.Retry(id, "carol");
    BOOST_TEST_REQUIRE(retried.ok(), retried.status().ToString());
    BOOST_TEST(*retried == 1u);
    const auto c = MustGet(store, id);
    BOOST_TEST(c.targets[0].state == TargetState::kRestoreQueued);
    BOOST_TEST(c.targets[1].state == TargetState::kRestoreQueued);
    BOOST_TEST(MustActions(store, id)[1].state == ActionState::kPending);
  });
}

// A complete notice in the words the notice parser knows (tests/parsers/notice/analyze_test.cc).
constexpr std::string_view kCompleteBody =
    "Dear Designated Agent,\n\n"
    "I represent Example Studios LLC, owner of the copyright in the film \"Night Train\" "
    "(2021).\n\nThe infringing copy is at https://commons.wikimedia.org/wiki/File:Sunset.jpg\n\n"
    "I have a good faith belief that use of the material in the manner complained of is not "
    "authorized by the copyright owner, its agent, or the law. The information in this "
    "notification is accurate, and under penalty of perjury, I am authorized to act on behalf "
    "of the owner.\n\nSincerely,\n\nJane Agent\nExample Studios LLC\n"
    "100 Example Street, Springfield, IL 62701\nTel: +1 555 010 0000\njane@studio.example\n";

constexpr std::string_view kDeficientBody =
    "My copyrighted photograph \"Dunes\" is copied at "
    "https://commons.wikimedia.org/wiki/File:Sunset.jpg without permission. Please remove it.\n"
    "Pat Example\npat@example.org\n";

// What the pipeline could not classify: a critical finding, kind unknown.
model::Case Unclassified(const std::string& raw, std::string_view body) {
  auto n = SampleTakedown();
  n.body = std::string(body);
  n.analysis.kind = Kind::kOther;
  n.analysis.other_category = "unknown";
  n.findings.push_back({"mime.truncated", Finding::Severity::kCritical, "1", "cut short"});
  auto c = SampleCase(raw, "<" + raw + "@example.org>", n);
  return c;
}

BOOST_AUTO_TEST_CASE(set_kind_judges_the_elements_again) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    const auto complete = MustInsert(store, Unclassified("complete", kCompleteBody));
    BOOST_TEST_REQUIRE(MustGet(store, complete).state == CaseState::kNeedsReview);
    const Status s = workflow.SetKind(complete, Kind::kTakedown, "dana", "read it");
    BOOST_TEST_REQUIRE(s.ok(), s.ToString());
    auto c = MustGet(store, complete);
    BOOST_TEST(c.state == CaseState::kPendingApproval);
    BOOST_TEST(c.kind() == Kind::kTakedown);
    BOOST_TEST(c.notice.analysis.complete);
    // The critical finding staff read past is gone; the warning stays.
    BOOST_TEST(std::none_of(c.notice.findings.begin(), c.notice.findings.end(), [](const auto& f) {
      return f.severity == Finding::Severity::kCritical;
    }));
    BOOST_TEST(c.notice.findings.size() == 1u);
    BOOST_TEST(c.audit.back().actor == "dana");
    BOOST_TEST(c.audit.back().action == "kind set");
    BOOST_TEST(c.audit.back().detail == "other -> takedown, now pending_approval: read it");
    // Now it can be approved like any complete takedown.
    BOOST_TEST(workflow.Approve(complete, "alice").ok());
    BOOST_TEST(workflow.SetKind(complete, Kind::kOther, "dana", "").code() ==
               Status::Code::kFailedPrecondition);

    const auto deficient = MustInsert(store, Unclassified("deficient", kDeficientBody));
    BOOST_TEST_REQUIRE(workflow.SetKind(deficient, Kind::kTakedown, "dana", "").ok());
    c = MustGet(store, deficient);
    BOOST_TEST(c.state == CaseState::kDeficient);
    BOOST_TEST(!c.notice.analysis.missing.empty());
    BOOST_TEST(c.audit.back().detail == "other -> takedown, now deficient (missing " +
                                            std::to_string(c.notice.analysis.missing.size()) + ")");
    // The same kind again moves nothing.
    BOOST_TEST(workflow.SetKind(deficient, Kind::kTakedown, "dana", "").code() ==
               Status::Code::kFailedPrecondition);

    // A counter-notice goes back to received, for the counter-notice stage to link it.
    const auto counter = MustInsert(store, Unclassified("counter", kDeficientBody));
    BOOST_TEST_REQUIRE(workflow.SetKind(counter, Kind::kCounterNotice, "dana", "").ok());
    c = MustGet(store, counter);
    BOOST_TEST(c.state == CaseState::kReceived);
    BOOST_TEST(c.kind() == Kind::kCounterNotice);
    BOOST_TEST(c.audit.back().detail.starts_with("other -> counter_notice, now received"));
  });
}

BOOST_AUTO_TEST_CASE(restoration_is_queued_only_for_deleted_targets) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    Workflow workflow(store, clock);
    const auto id = MustInsert(store, FiveTargetTakedown("restore"));
    BOOST_TEST(workflow.QueueRestoration(id, "carol", "").code() ==
               Status::Code::kFailedPrecondition);  // nothing deleted yet
    BOOST_TEST_REQUIRE(workflow.Approve(id, "alice").ok());
    Finish(store, clock, MustActions(store, id)[0].id, ActionState::kDone, TargetState::kDeleted);
    const Status chosen = workflow.QueueRestoration(id, "carol", "", {3});
    BOOST_TEST(chosen.code() == Status::Code::kFailedPrecondition);
    BOOST_TEST(chosen.message() ==
               "target 3 (File:Other.png) is approved, not deleted: there is nothing to restore");

    const Status s = workflow.QueueRestoration(id, "carol", "reversal");
    BOOST_TEST_REQUIRE(s.ok(), s.ToString());
    const auto c = MustGet(store, id);
    BOOST_TEST(c.targets[0].state == TargetState::kRestoreQueued);
    BOOST_TEST(c.targets[1].state == TargetState::kRestoreQueued);
    BOOST_TEST(c.targets[2].state == TargetState::kApproved);
    const auto actions = MustActions(store, id);
    BOOST_TEST_REQUIRE(actions.size() == 3u);
    BOOST_TEST(actions[2].kind == ActionKind::kUndelete);
    BOOST_TEST(actions[2].title == "File:Sunset.jpg");
    BOOST_TEST(actions[2].state == ActionState::kPending);
    BOOST_TEST(actions[2].actor == "carol");
    BOOST_TEST(c.audit.back().action == "restoration queued");
    BOOST_TEST(c.audit.back().detail == "all deleted targets: reversal");
  });
}

BOOST_AUTO_TEST_CASE(target_numbers_parse) {
  using V = std::vector<std::size_t>;
  BOOST_TEST((ParseTargetNumbers("1,3,4") == std::optional<V>(V{1, 3, 4})));
  BOOST_TEST((ParseTargetNumbers("7") == std::optional<V>(V{7})));
  BOOST_TEST((ParseTargetNumbers("3,3") == std::optional<V>(V{3, 3})));
  BOOST_TEST((ParseTargetNumbers("999999") == std::optional<V>(V{999999})));
  for (std::string_view bad : {"", ",", "1,", ",1", "1,,2", "0", "1,0", "a", "1a", " 1", "1 ", "-1",
                               "+1", "1.5", "1234567"}) {
    BOOST_TEST(!ParseTargetNumbers(bad).has_value(), "'" << bad << "'");
  }
}

BOOST_AUTO_TEST_CASE(publishable_and_letters_follow_the_lifecycle) {
  model::Case takedown = SampleCase("t", "<t@example.org>");
  for (CaseState state :
       {CaseState::kPendingApproval, CaseState::kApproved, CaseState::kRejected}) {
    takedown.state = state;
    BOOST_TEST(!Publishable(takedown), StateName(state));
  }
  for (CaseState state : {CaseState::kExecuted, CaseState::kPublished, CaseState::kRestored}) {
    takedown.state = state;
    BOOST_TEST(Publishable(takedown), StateName(state));
  }
  BOOST_TEST(LetterFor(takedown) == archive::LetterKind::kAcknowledgement);
  model::Case deficient = takedown;
  deficient.notice.analysis.complete = false;
  BOOST_TEST(LetterFor(deficient) == archive::LetterKind::kDeficiency);

  model::Case counter = takedown;
  counter.notice.analysis.kind = Kind::kCounterNotice;
  counter.state = CaseState::kReceived;
  BOOST_TEST(!Publishable(counter));
  for (CaseState state : {CaseState::kForwarded, CaseState::kRestoreScheduled, CaseState::kRestored,
                          CaseState::kCourtAction}) {
    counter.state = state;
    BOOST_TEST(Publishable(counter), StateName(state));
  }
  BOOST_TEST(LetterFor(counter) == archive::LetterKind::kCounterNoticeForward);
  counter.notice.analysis.complete = false;
  BOOST_TEST(LetterFor(counter) == archive::LetterKind::kDeficiency);

  model::Case other = takedown;
  other.notice.analysis.kind = Kind::kOther;
  other.state = CaseState::kRouted;
  BOOST_TEST(!Publishable(other));
}

// The deficiency letter lists the §512(c)(3)(A) or §512(g)(3) elements a notice lacks; a
// complaint that is not a DMCA matter (routed: trademark, privacy) or a retraction has no such
// elements, so its sender is acknowledged (archive::RenderLetter refuses a deficiency letter
// that lists nothing).
BOOST_AUTO_TEST_CASE(no_deficiency_letter_for_what_has_no_dmca_elements) {
  model::Case routed = SampleCase("routed", "<routed@example.org>");
  routed.notice.analysis = parsers::notice::Analyze(
      "Your site uses our registered trademark ACME on https://en.wikipedia.org/wiki/Acme. "
      "Remove it.\nPat Example\npat@example.org\n");
  BOOST_TEST_REQUIRE(routed.kind() == Kind::kOther);
  BOOST_TEST(LetterFor(routed) == archive::LetterKind::kAcknowledgement);
  model::Case retraction = SampleCase("retraction", "<retraction@example.org>");
  retraction.notice.analysis =
      parsers::notice::Analyze("About my earlier e-mail.", Kind::kRetraction);
  BOOST_TEST_REQUIRE(!retraction.notice.analysis.complete);
  BOOST_TEST(LetterFor(retraction) == archive::LetterKind::kAcknowledgement);
}

BOOST_AUTO_TEST_CASE(review_queue_says_who_is_awaited_oldest_first) {
  FakeClock clock(kStart);
  ForEachStore(&clock, [&](Store& store) {
    clock.Set(kStart);
    Workflow workflow(store, clock);
    auto at = [](int day) { return FormatIso8601(kStart + std::chrono::hours(24 * day)); };
    auto stamped = [&](model::Case c, int day) {
      c.audit = {{at(day), "pipeline", "ingested", ""}};
      return MustInsert(store, std::move(c));
    };
    // Inserted out of order: the queue sorts by when each case started waiting.
    const auto pending = stamped(FiveTargetTakedown("q-pending"), 3);
    const auto review = stamped(Unclassified("q-review", kCompleteBody), 1);
    auto deficient_notice = SampleTakedown();
    deficient_notice.analysis.verdict = parsers::notice::Verdict::kDeficient;
    deficient_notice.analysis.complete = false;
    deficient_notice.analysis.missing = {"signature", "good_faith_statement"};
    const auto deficient =
        stamped(SampleCase("q-deficient", "<qd@example.org>", deficient_notice), 2);
    const auto approved = stamped(FiveTargetTakedown("q-approved"), 0);
    clock.Set(kStart + std::chrono::hours(24 * 4));
    BOOST_TEST_REQUIRE(workflow.Approve(approved, "alice", "", {1}).ok());
    const auto failed = stamped(FiveTargetTakedown("q-failed"), 0);
    BOOST_TEST_REQUIRE(workflow.Approve(failed, "alice", "", {3}).ok());
    clock.Set(kStart + std::chrono::hours(24 * 5));
    Finish(store, clock, MustActions(store, failed)[0].id, ActionState::kFailed,
           TargetState::kFailed);
    BOOST_TEST_REQUIRE(store
                           .Transition(failed, CaseState::kApproved, CaseState::kExecuted,
                                       AuditNow(clock, "pipeline", "executed", ""))
                           .ok());
    const auto rejected = stamped(FiveTargetTakedown("q-rejected"), 0);
    BOOST_TEST_REQUIRE(workflow.Reject(rejected, "bob", "no").ok());  // awaits nobody

    const auto queue = ReviewQueue(store);
    BOOST_TEST_REQUIRE(queue.ok(), queue.status().ToString());
    BOOST_TEST_REQUIRE(queue->size() == 5u);
    const auto& q = *queue;
    BOOST_TEST(q[0].case_id == review);
    BOOST_TEST(q[0].awaits == "reviewer");
    BOOST_TEST(q[0].since == at(1));
    BOOST_TEST(q[0].from == "Jane Agent <agent@example.org>");
    BOOST_TEST(q[1].case_id == deficient);
    BOOST_TEST(q[1].awaits == "staff");
    BOOST_TEST(q[1].what == "send the deficiency letter (missing signature, good_faith_statement)");
    BOOST_TEST(q[2].case_id == pending);
    BOOST_TEST(q[2].awaits == "approver");
    BOOST_TEST(q[2].what == "decide on 2 target(s) (dmca approve / reject)");
    BOOST_TEST(q[3].case_id == approved);
    BOOST_TEST(q[3].awaits == "executor");
    BOOST_TEST(q[3].what == "1 action(s) queued (dmca execute)");
    BOOST_TEST(q[3].since == at(4));
    BOOST_TEST(q[4].case_id == failed);
    BOOST_TEST(q[4].awaits == "staff");
    BOOST_TEST(q[4].what == "1 action(s) failed (dmca retry)");
    BOOST_TEST(q[4].since == at(5));
  });
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::pipeline
