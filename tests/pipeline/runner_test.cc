#include "pipeline/runner/runner.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "pipeline/decide/workflow.h"
#include "pipeline/sources/file_sources.h"
#include "tests/pipeline/fake_stages.h"

namespace dmca::pipeline {
namespace {

namespace fs = std::filesystem;
using model::CaseState;
using testing::CountFiles;
using testing::FakeIngestStages;
using testing::MakeMaildir;
using testing::TempDir;
using testing::WriteFile;

// A source that forgets to commit: the process "crashed" after storing.
class NoCommitSource final : public Source {
 public:
  explicit NoCommitSource(Source& inner) : inner_(inner) {}
  std::string Describe() const override { return inner_.Describe(); }
  Result<std::optional<RawMessage>> Next() override { return inner_.Next(); }
  Status Commit(const RawMessage&) override { return Status::Ok(); }

 private:
  Source& inner_;
};

struct Fixture {
  TempDir dir;
  FakeClock clock{std::chrono::system_clock::time_point(std::chrono::seconds(1'790'000'000))};
  std::unique_ptr<Store> store;

  Fixture() {
    MakeMaildir(dir);
    StoreOptions options;
    options.sqlite_path = dir.File("dmca.db");
    options.clock = &clock;
    auto opened = OpenStore(options);
    BOOST_TEST_REQUIRE(opened.ok(), opened.status().ToString());
    store = std::move(opened).value();
  }

  void Deliver(const std::string& name, const std::string& bytes) {
    WriteFile(dir.File("new/" + name), bytes);
  }

  RunStats Ingest(bool commit = true) {
    auto source = MaildirSource::Open(dir.path().string());
    BOOST_TEST_REQUIRE(source.ok(), source.status().ToString());
    Runner runner(FakeIngestStages(*store, clock));
    if (commit) return runner.Run(**source);
    NoCommitSource crashing(**source);
    return runner.Run(crashing);
  }
};

BOOST_AUTO_TEST_SUITE(runner)

BOOST_FIXTURE_TEST_CASE(maildir_to_cases_then_cur, Fixture) {
  Deliver("1.a", "Message-ID: <1@example.org>\nTarget: commons.wikimedia.org|File:A.jpg\n\nx");
  Deliver("2.b",
          "Message-ID: <2@example.org>\nVerdict: deficient\n"
          "Target: commons.wikimedia.org|File:B.jpg\n\ny");
  Deliver("3.c", "Message-ID: <3@example.org>\nKind: other\n\nwhat is this?");
  std::vector<RunStats> progress;
  auto source = MaildirSource::Open(dir.path().string());
  RunnerOptions options;
  options.progress = [&](const RunStats& stats, double) { progress.push_back(stats); };
  options.progress_interval = std::chrono::milliseconds(0);
  Runner runner(FakeIngestStages(*store, clock), options);
  const RunStats stats = runner.Run(**source);
  BOOST_TEST(stats.status.ok());
  BOOST_TEST(stats.read == 3u);
  BOOST_TEST(stats.new_cases == 3u);
  BOOST_TEST(stats.duplicates == 0u);
  BOOST_TEST(stats.needs_review == 1u);
  BOOST_TEST(stats.errors == 0u);
  BOOST_TEST(CountFiles(dir.path() / "new") == 0u);
  BOOST_TEST(CountFiles(dir.path() / "cur") == 3u);
  BOOST_TEST(fs::exists(dir.File("cur/1.a:2,S")));
  BOOST_TEST(progress.size() >= 3u);
  BOOST_TEST(progress.back().new_cases == 3u);
  for (const auto& timing : runner.timings()) BOOST_TEST(timing.calls == 3u);

  auto cases = store->List({});
  BOOST_TEST_REQUIRE(cases->size() == 3u);
  BOOST_TEST(cases->at(2).state == CaseState::kPendingApproval);
  BOOST_TEST(cases->at(1).state == CaseState::kDeficient);
  BOOST_TEST(cases->at(0).state == CaseState::kNeedsReview);
  auto first = store->Get(cases->at(2).id);
  BOOST_TEST(first->raw.rfind("Message-ID: <1@example.org>", 0) == 0);
  BOOST_TEST(first->raw_sha256.size() == 64u);
  BOOST_TEST(first->source == "maildir:" + dir.File("new/1.a"));
  BOOST_TEST(first->audit.at(0).action == "ingested");
  BOOST_TEST(first->received_at == "2026-09-21T14:13:20Z");
  BOOST_TEST(*store->Seen("maildir:" + dir.File("new/1.a")));
}

BOOST_FIXTURE_TEST_CASE(crash_between_store_and_commit_makes_no_duplicate, Fixture) {
  Deliver("1.a", "Message-ID: <1@example.org>\n\nx");
  Deliver("2.b", "Message-ID: <2@example.org>\n\ny");
  const RunStats crashed = Ingest(/*commit=*/false);
  BOOST_TEST(crashed.new_cases == 2u);
  BOOST_TEST(CountFiles(dir.path() / "new") == 2u);  // still there: never lost
  const RunStats rerun = Ingest();
  BOOST_TEST(rerun.read == 2u);
  BOOST_TEST(rerun.new_cases == 0u);
  BOOST_TEST(rerun.duplicates == 2u);
  BOOST_TEST(CountFiles(dir.path() / "new") == 0u);
  BOOST_TEST(CountFiles(dir.path() / "cur") == 2u);
  BOOST_TEST(store->List({})->size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(the_same_notice_twice_is_one_case, Fixture) {
  Deliver("1.a", "Message-ID: <same@example.org>\n\nx");
  Deliver("2.b", "Message-ID: <same@example.org>\n\nx");  // delivered twice
  Deliver("3.c", "Kind: takedown\n\nno message id");
  Deliver("4.d", "Kind: takedown\n\nno message id");  // same bytes, no Message-ID
  const RunStats stats = Ingest();
  BOOST_TEST(stats.new_cases == 2u);
  BOOST_TEST(stats.duplicates == 2u);
  BOOST_TEST(CountFiles(dir.path() / "new") == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_message_that_breaks_a_stage_is_kept_for_review, Fixture) {
  Deliver("1.a", "Message-ID: <boom@example.org>\nThrow: yes\n\n\xff\xfe garbage");
  const RunStats stats = Ingest();
  BOOST_TEST(stats.new_cases == 1u);
  BOOST_TEST(stats.needs_review == 1u);
  auto cases = store->List({CaseState::kNeedsReview, std::nullopt, 10, true});
  BOOST_TEST_REQUIRE(cases->size() == 1u);
  BOOST_TEST(cases->at(0).raw == "Message-ID: <boom@example.org>\nThrow: yes\n\n\xff\xfe garbage");
  const auto& findings = cases->at(0).notice.findings;
  BOOST_TEST_REQUIRE(!findings.empty());
  BOOST_TEST(findings.back().code == "pipeline.stage_failed");
  BOOST_TEST(findings.back().where == "fake_understand");
  BOOST_TEST(findings.back().severity == Finding::Severity::kCritical);
}

BOOST_FIXTURE_TEST_CASE(counter_notices_and_retractions_find_their_takedown, Fixture) {
  Deliver("1",
          "Message-ID: <t1@example.org>\nFrom: agent@example.org\n"
          "Target: commons.wikimedia.org|File:A.jpg\n\n");
  Deliver("2",
          "Message-ID: <t2@example.org>\nFrom: other@example.org\n"
          "Target: en.wikipedia.org|File:Z.png\n\n");
  BOOST_TEST(Ingest().new_cases == 2u);
  Deliver("3",
          "Message-ID: <c1@example.org>\nKind: counter_notice\nFrom: uploader@example.net\n"
          "Target: commons.wikimedia.org|File:A.jpg\n\n");
  Deliver("4", "Message-ID: <r1@example.org>\nKind: retraction\nFrom: other@example.org\n\n");
  Deliver("5",
          "Message-ID: <c2@example.org>\nKind: counter_notice\nFrom: u2@example.net\n"
          "Subject: Re: [DMCA #2] your takedown\n\n");
  Deliver("6", "Message-ID: <c3@example.org>\nKind: counter_notice\nFrom: u3@example.net\n\n");
  BOOST_TEST(Ingest().new_cases == 4u);
  auto counter = store->Get(3);
  BOOST_TEST(counter->kind() == parsers::notice::Kind::kCounterNotice);
  BOOST_TEST(counter->state == CaseState::kReceived);
  BOOST_TEST(counter->linked_case.value_or(-1) == 1);
  BOOST_TEST(counter->audit.at(1).action == "linked");
  BOOST_TEST(store->Get(4)->linked_case.value_or(-1) == 2);  // by sender
  BOOST_TEST(store->Get(5)->linked_case.value_or(-1) == 2);  // by subject
  BOOST_TEST(!store->Get(6)->linked_case.has_value());       // nothing to go on
}

BOOST_FIXTURE_TEST_CASE(a_resubmission_supersedes_the_deficient_notice, Fixture) {
  Deliver("1",
          "Message-ID: <d@example.org>\nVerdict: deficient\nFrom: agent@example.org\n"
          "Target: commons.wikimedia.org|File:A.jpg\n\n");
  Deliver("2",
          "Message-ID: <o@example.org>\nVerdict: deficient\nFrom: agent@example.org\n"
          "Target: commons.wikimedia.org|File:Unrelated.jpg\n\n");
  Deliver("3",
          "Message-ID: <x@example.org>\nVerdict: deficient\nFrom: other@example.org\n"
          "Target: commons.wikimedia.org|File:A.jpg\n\n");
  BOOST_TEST(Ingest().new_cases == 3u);
  Deliver("4",
          "Message-ID: <fixed@example.org>\nFrom: Agent@Example.org\n"
          "Target: commons.wikimedia.org|File:A.jpg\n"
          "Target: commons.wikimedia.org|File:B.jpg\n\n");
  BOOST_TEST(Ingest().new_cases == 1u);
  auto old_case = store->Get(1);
  BOOST_TEST(old_case->state == CaseState::kSuperseded);
  BOOST_TEST(old_case->superseded_by.value_or(-1) == 4);
  BOOST_TEST(store->Get(2)->state == CaseState::kDeficient);  // no overlap: untouched
  BOOST_TEST(store->Get(3)->state == CaseState::kDeficient);  // another sender's: untouched
  BOOST_TEST(store->Get(4)->state == CaseState::kPendingApproval);
  BOOST_TEST(store->Get(4)->audit.back().action == "supersedes");
}

// An ingested case is decided on like any other (tests/pipeline/decide_test.cc has the rules).
BOOST_FIXTURE_TEST_CASE(approval_queues_one_delete_per_in_scope_target, Fixture) {
  Deliver("1",
          "Message-ID: <t@example.org>\nTarget: commons.wikimedia.org|File:A.jpg\n"
          "Target: en.wikipedia.org|File:B.png\nOffsite: https://example.org/x\n\n");
  Deliver("2",
          "Message-ID: <d@example.org>\nVerdict: deficient\n"
          "Target: commons.wikimedia.org|File:C.jpg\n\n");
  BOOST_TEST(Ingest().new_cases == 2u);
  Workflow workflow(*store, clock);
  BOOST_TEST(store->Actions(1)->empty());  // nothing is queued before staff approve
  BOOST_TEST(workflow.Approve(1, "jdoe", "checked the files").ok());
  auto actions = store->Actions(1);
  BOOST_TEST_REQUIRE(actions->size() == 2u);
  BOOST_TEST(actions->at(0).site == "commons.wikimedia.org");
  BOOST_TEST(actions->at(0).title == "File:A.jpg");
  BOOST_TEST(ActionKindName(actions->at(1).kind) == "delete");
  // Approved again: nothing left to approve, nothing queued twice.
  BOOST_TEST(workflow.Approve(1, "other", "").code() == Status::Code::kFailedPrecondition);
  BOOST_TEST(store->Actions(1)->size() == 2u);
  BOOST_TEST(workflow.Approve(2, "jdoe", "").code() == Status::Code::kFailedPrecondition);
  BOOST_TEST(store->Actions(2)->empty());
  auto approved = store->Get(1);
  BOOST_TEST(approved->state == CaseState::kApproved);
  BOOST_TEST(approved->audit.back().actor == "jdoe");
  BOOST_TEST(approved->audit.back().detail == "all targets (2 to delete): checked the files");
  BOOST_TEST(workflow.Reject(1, "boss", "fair use").ok());
  BOOST_TEST(store->Get(1)->state == CaseState::kRejected);
  const auto cancelled = store->Actions(1);
  for (const auto& a : *cancelled) BOOST_TEST((a.state == ActionState::kCancelled));
  BOOST_TEST(workflow.Reject(1, "boss", "again").code() == Status::Code::kFailedPrecondition);
}

// A store failure on a message leaves it in the source, and the run goes on.
class FailingPersist final : public Stage {
 public:
  std::string_view Name() const override { return "persist"; }
  bool RunsAfterFailure() const override { return true; }
  Result<StageResult> Run(Ingest&) override {
    ++calls;
    return Status::Unavailable("database is locked");
  }
  int calls = 0;
};

BOOST_FIXTURE_TEST_CASE(an_unstorable_message_stays_in_the_source, Fixture) {
  Deliver("1.a", "Message-ID: <1@example.org>\n\nx");
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(MakeHashStage(clock));
  auto failing = std::make_unique<FailingPersist>();
  FailingPersist* persist = failing.get();
  stages.push_back(std::move(failing));
  RunnerOptions options;
  options.first_backoff = std::chrono::milliseconds(1);
  Runner runner(std::move(stages), options);
  auto source = MaildirSource::Open(dir.path().string());
  const RunStats stats = runner.Run(**source);
  BOOST_TEST(stats.errors == 1u);
  BOOST_TEST(stats.new_cases == 0u);
  BOOST_TEST(persist->calls == 4);  // retried with backoff: the lock is retryable
  BOOST_TEST(fs::exists(dir.File("new/1.a")));
}

BOOST_AUTO_TEST_CASE(email_of_from_values) {
  BOOST_TEST(model::EmailOf("Jane Doe <Jane.Doe@Example.org>") == "jane.doe@example.org");
  BOOST_TEST(model::EmailOf("jane@example.org") == "jane@example.org");
  BOOST_TEST(model::EmailOf("\"Legal\" legal@example.org (Legal dept)") == "legal@example.org");
  BOOST_TEST(model::EmailOf("no address here").empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::pipeline
