// Group commit and the worker threads of IngestAll (pipeline/ingest/batch_ingest.cc), with the
// real parsers and SQLite: a group is durable only when it ends, a message is committed to its
// source only once its case is visible to another connection, and cases keep the source's order
// whatever the number of workers.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <set>

#include "pipeline/ingest/stages.h"
#include "pipeline/sources/file_sources.h"
#include "tests/pipeline/fake_stages.h"
#include "tests/pipeline/test_util.h"

namespace dmca::pipeline {
namespace {

using testing::CountFiles;
using testing::MakeMaildir;
using testing::SampleTakedown;
using testing::TempDir;
using testing::WriteFile;

std::unique_ptr<Store> Open(const std::string& path) {
  StoreOptions options;
  options.sqlite_path = path;
  auto store = OpenStore(options);
  BOOST_TEST_REQUIRE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

model::Case Sample(int n) {
  model::Case c;
  c.notice = SampleTakedown("agent" + std::to_string(n) + "@example.org");
  c.raw = "Message-ID: <" + std::to_string(n) + "@example.org>\n\nnotice " + std::to_string(n);
  c.raw_sha256 = std::string(63, '0') + std::to_string(n % 10);
  c.message_id = "<" + std::to_string(n) + "@example.org>";
  c.source = "test:" + std::to_string(n);
  c.received_at = "2026-11-24T10:00:00Z";
  c.state = model::CaseState::kPendingApproval;
  return c;
}

std::string Message(int n) {
  return "From: Rights " + std::to_string(n) + " <rights" + std::to_string(n) +
         "@studio.example>\nSubject: DMCA notice\nMessage-ID: <batch-" + std::to_string(n) +
         "@example.org>\n\nPlease remove https://commons.wikimedia.org/wiki/File:Batch_" +
         std::to_string(n) + ".jpg\n";
}

// A Maildir source that checks, at each Commit, that the message's case is already durable: a
// second connection to the database (another process, as after a crash) finds it.
class CheckingSource final : public Source {
 public:
  CheckingSource(std::unique_ptr<Source> inner, const std::string& db)
      : inner_(std::move(inner)), witness_(Open(db)) {}
  std::string Describe() const override { return inner_->Describe(); }
  Result<std::optional<RawMessage>> Next() override {
    auto next = inner_->Next();
    if (next.ok() && next->has_value()) order.push_back((**next).source_id);
    return next;
  }
  Status Commit(const RawMessage& message) override {
    const auto begin = message.bytes.find("<batch-");
    const auto id = message.bytes.substr(begin, message.bytes.find('>', begin) + 1 - begin);
    auto found = witness_->FindDuplicate(id, "");
    BOOST_TEST(found.ok());
    if (found.ok() && !found->has_value()) ++committed_before_durable;
    ++commits;
    return inner_->Commit(message);
  }

  std::vector<std::string> order;
  int commits = 0;
  int committed_before_durable = 0;

 private:
  std::unique_ptr<Source> inner_;
  std::unique_ptr<Store> witness_;
};

BOOST_AUTO_TEST_SUITE(batch_ingest)

BOOST_AUTO_TEST_CASE(a_group_is_durable_only_when_it_ends) {
  TempDir dir;
  auto store = Open(dir.File("dmca.db"));
  auto other = Open(dir.File("dmca.db"));
  BOOST_TEST_REQUIRE(store->BeginGroup().ok());
  BOOST_TEST(!store->BeginGroup().ok());  // one group at a time
  auto first = store->Insert(Sample(1));
  BOOST_TEST_REQUIRE(first.ok(), first.status().ToString());
  BOOST_TEST(store->FindDuplicate("<1@example.org>", "")->has_value());  // the group sees it
  BOOST_TEST(!other->FindDuplicate("<1@example.org>", "")->has_value());  // nobody else yet
  BOOST_TEST_REQUIRE(store->EndGroup(false).ok());
  BOOST_TEST(!store->FindDuplicate("<1@example.org>", "")->has_value());  // rolled back

  BOOST_TEST_REQUIRE(store->BeginGroup().ok());
  auto second = store->Insert(Sample(2));
  BOOST_TEST_REQUIRE(second.ok());
  // A call that fails inside the group is undone alone; the group goes on.
  const Status lost = store->Transition(second->id, model::CaseState::kDeficient,
                                        model::CaseState::kClosed, {});
  BOOST_TEST(lost.code() == Status::Code::kFailedPrecondition);
  BOOST_TEST_REQUIRE(store->Insert(Sample(3)).ok());
  BOOST_TEST_REQUIRE(store->EndGroup(true).ok());
  BOOST_TEST(other->FindDuplicate("<2@example.org>", "")->has_value());
  BOOST_TEST(other->FindDuplicate("<3@example.org>", "")->has_value());
  BOOST_TEST(!store->EndGroup(true).ok());  // no group open
}

BOOST_AUTO_TEST_CASE(each_message_is_committed_to_its_source_after_its_batch_is_durable) {
  for (std::size_t workers : {1u, 3u}) {
    TempDir dir;
    MakeMaildir(dir);
    for (int n = 0; n < 23; ++n) {
      WriteFile(dir.File("new/17330" + std::to_string(100 + n) + ".x"), Message(n));
    }
    WriteFile(dir.File("new/17330200.dup"), Message(4));  // the same message again
    auto store = Open(dir.File("dmca.db"));
    auto maildir = MaildirSource::Open(dir.path().string());
    BOOST_TEST_REQUIRE(maildir.ok());
    CheckingSource source(std::move(maildir).value(), dir.File("dmca.db"));
    SystemClock clock;
    IngestOptions ingest;
    ingest.workers = workers;
    ingest.batch_messages = 5;  // several batches, one duplicate across them
    const RunStats stats = IngestAll(source, *store, clock, {}, {}, ingest);
    BOOST_TEST(stats.status.ok());
    BOOST_TEST(stats.read == 24u);
    BOOST_TEST(stats.new_cases == 23u);
    BOOST_TEST(stats.duplicates == 1u);
    BOOST_TEST(stats.errors == 0u);
    BOOST_TEST(source.commits == 24);
    BOOST_TEST(source.committed_before_durable == 0);
    BOOST_TEST(CountFiles(dir.path() / "new") == 0u);
    BOOST_TEST(CountFiles(dir.path() / "cur") == 24u);

    // Stored in the order the source delivered, whatever the workers' timing.
    CaseFilter all;
    all.limit = 100;
    auto cases = store->List(all);
    BOOST_TEST_REQUIRE(cases.ok());
    std::sort(cases->begin(), cases->end(),
              [](const model::Case& a, const model::Case& b) { return a.id < b.id; });
    std::vector<std::string> stored;
    for (const auto& c : *cases) stored.push_back(c.source);
    std::vector<std::string> expected = source.order;
    expected.erase(std::remove_if(expected.begin(), expected.end(),
                                  [](const std::string& s) { return s.ends_with(".dup"); }),
                   expected.end());
    BOOST_TEST(stored == expected, boost::test_tools::per_element());
    // Every case went through every stage: understood, with its target.
    for (const auto& c : *cases) BOOST_TEST(c.targets.size() == 1u, c.source);
  }
}

BOOST_AUTO_TEST_CASE(limits_send_the_message_to_review_kept_verbatim) {
  TempDir dir;
  MakeMaildir(dir);
  const std::string big = Message(1) + std::string(5000, 'x') + "\n";
  WriteFile(dir.File("new/1.big"), big);
  auto store = Open(dir.File("dmca.db"));
  auto source = MaildirSource::Open(dir.path().string());
  BOOST_TEST_REQUIRE(source.ok());
  SystemClock clock;
  IngestOptions ingest;
  ingest.max_message_bytes = 4096;
  RunStats stats = IngestAll(**source, *store, clock, {}, {}, ingest);
  BOOST_TEST(stats.new_cases == 1u);
  BOOST_TEST(stats.needs_review == 1u);
  CaseFilter with_raw;
  with_raw.with_raw = true;
  auto cases = store->List(with_raw);
  BOOST_TEST_REQUIRE(cases->size() == 1u);
  const model::Case& kept = cases->front();
  BOOST_TEST(kept.state == model::CaseState::kNeedsReview);
  BOOST_TEST((kept.raw == big));  // every byte, verbatim
  BOOST_TEST(kept.targets.empty());  // never parsed
  BOOST_TEST(kept.notice.findings.at(0).code == "limit.message_size");
  BOOST_TEST(kept.notice.findings.at(0).what.find("over the limit of 4096") != std::string::npos);

  // Processing time: a limit every message exceeds.
  WriteFile(dir.File("new/2.slow"), Message(2));
  source = MaildirSource::Open(dir.path().string());
  ingest = IngestOptions();
  ingest.max_message_time = std::chrono::seconds(-1);
  stats = IngestAll(**source, *store, clock, {}, {}, ingest);
  BOOST_TEST(stats.needs_review == 1u);
  auto slow = store->FindDuplicate("<batch-2@example.org>", "");
  BOOST_TEST_REQUIRE(slow->has_value());
  const auto c = store->Get(**slow);
  BOOST_TEST(c->state == model::CaseState::kNeedsReview);
  BOOST_TEST(std::any_of(c->notice.findings.begin(), c->notice.findings.end(),
                         [](const Finding& f) { return f.code == "limit.processing_time"; }));
  BOOST_TEST(c->targets.size() == 1u);  // understood all the same
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::pipeline
