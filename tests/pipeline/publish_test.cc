// pipeline/publish without a wiki: what a case publishes (only the removed targets, updates
// for later events, the statistics' facts), the store's publication records, Lumen queue and
// redaction decisions on SQLite and PostgreSQL, and the archive folder BuildArchive writes,
// searched for canary personal data in every file.

#include "pipeline/publish/publish.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/pipeline/store_util.h"
#include "tests/pipeline/test_util.h"

namespace dmca::pipeline {
namespace {

using model::CaseState;
using model::TargetState;
using testing::ForEachStore;
using testing::SampleCase;
using testing::SampleTakedown;
using testing::TempDir;

parsers::wikiurl::Target CommonsTarget(const std::string& title) {
  parsers::wikiurl::Target t;
  t.url = "https://commons.wikimedia.org/wiki/" + title;
  t.site = "commons.wikimedia.org";
  t.title = title;
  t.in_scope = true;
  return t;
}

// A takedown naming three files of which the first two were deleted (uploaded by Alice and,
// in an older version, Bob) and the third was found missing.
model::Case PartlyExecuted() {
  parsers::notice::Notice n = SampleTakedown();
  n.targets = {CommonsTarget("File:Sunset.jpg"), CommonsTarget("File:Dawn.jpg"),
               CommonsTarget("File:Noon.jpg")};
  model::Case c = SampleCase("partly", "<partly@example.org>", n);
  c.state = CaseState::kExecuted;
  c.targets[0].state = TargetState::kDeleted;
  c.targets[0].uploader = "Alice";
  model::TargetEvidence evidence;
  evidence.exists = true;
  evidence.uploads = {{"Alice", "2026-01-02T00:00:00Z", "ab", 1},
                      {"Bob", "2025-01-02T00:00:00Z", "cd", 1}};
  c.targets[0].evidence = evidence;
  c.targets[1].state = TargetState::kAlreadyGone;
  c.targets[2].state = TargetState::kMissing;
  c.audit.push_back({"2026-11-26T12:00:00Z", "worker", "executed", "targets: 2"});
  return c;
}

std::string AllText(const std::vector<std::pair<std::string, archive::Page>>& pages) {
  std::string all;
  for (const auto& [event, p] : pages) all += p.title + "\n" + p.summary + "\n" + p.wikitext + "\n";
  return all;
}

BOOST_AUTO_TEST_CASE(a_partial_action_lists_only_the_removed_targets) {
  const model::Case c = PartlyExecuted();
  const model::Case view = PublicView(c);
  BOOST_REQUIRE_EQUAL(view.targets.size(), 2u);
  BOOST_TEST(ActionTaken(c) == "Partial");
  auto pages = PagesFor(c, EventsOf(c, {}), {}, {});
  BOOST_REQUIRE(pages.ok());
  const auto& list = (*pages)[1].second;
  BOOST_TEST(list.role == "list");
  BOOST_TEST(list.wikitext.find("{{lf|File:Sunset.jpg}}") != std::string::npos);
  BOOST_TEST(list.wikitext.find("{{lf|File:Dawn.jpg}}") != std::string::npos);
  BOOST_TEST(list.wikitext.find("Noon.jpg") == std::string::npos);
  // Every uploader the evidence names is told, the one of an older version too.
  std::set<std::string> talk;
  for (const auto& [event, p] : *pages) {
    if (p.role == "uploader") talk.insert(p.title);
  }
  BOOST_TEST((talk == std::set<std::string>{"User_talk:Alice", "User_talk:Bob"}));
  for (const auto& [event, p] : *pages) BOOST_TEST(event == "notice");
}

BOOST_AUTO_TEST_CASE(summaries_come_from_configuration) {
  PublishSummaries summaries;
  summaries.notice = "Publishing $1";
  summaries.list = "listing $1";
  auto pages = PagesFor(PartlyExecuted(), {}, {}, summaries);
  BOOST_REQUIRE(pages.ok());
  const std::string title = archive::NoticeTitle(PartlyExecuted().notice);
  BOOST_TEST((*pages)[0].second.summary == "Publishing " + title);
  BOOST_TEST((*pages)[1].second.summary == "listing " + title);
}

BOOST_AUTO_TEST_CASE(later_events_get_one_update_each_once_staff_acted_on_them) {
  model::Case c = PartlyExecuted();
  c.state = CaseState::kRestored;
  c.audit.push_back({"2026-12-10T09:00:00Z", "worker", "restored", "targets: 2"});
  model::Case retraction = SampleCase("retract", "<r@example.org>");
  retraction.notice.analysis.kind = parsers::notice::Kind::kRetraction;
  retraction.received_at = "2026-12-01T08:00:00Z";
  retraction.state = CaseState::kReceived;
  // A retraction merely received is not yet an event.
  auto events = EventsOf(c, {retraction});
  BOOST_REQUIRE_EQUAL(events.size(), 1u);
  BOOST_TEST(events[0].event == "restored");
  BOOST_TEST(events[0].date == "2026-12-10");
  retraction.state = CaseState::kRestored;
  events = EventsOf(c, {retraction});
  BOOST_REQUIRE_EQUAL(events.size(), 2u);
  BOOST_TEST(events[0].event == "retracted");
  BOOST_TEST(events[1].text.find("retracted") != std::string::npos);
  auto pages = PagesFor(c, events, {}, {});
  BOOST_REQUIRE(pages.ok());
  const auto& update = pages->back().second;
  BOOST_TEST(update.role == "update");
  BOOST_TEST(archive::PageModeName(update.mode) == "new_section");
  BOOST_TEST(update.title == archive::FoundationPageTitle(c.notice));
  BOOST_TEST(update.section_title == "Update: material restored (2026-12-10)");
}

BOOST_AUTO_TEST_CASE(facts_count_what_was_done) {
  model::Case c = PartlyExecuted();
  archive::CaseFacts f = FactsOf(c, {});
  BOOST_TEST(f.received == "2026-11-24");
  BOOST_TEST(f.acted);
  BOOST_TEST(f.acted_partially);
  BOOST_TEST(!f.rejected);
  BOOST_REQUIRE(f.days_to_action.has_value());
  BOOST_TEST(*f.days_to_action == 2);
  model::Case rejected = SampleCase("rejected", "<rej@example.org>");
  rejected.state = CaseState::kRejected;
  f = FactsOf(rejected, {});
  BOOST_TEST(f.rejected);
  BOOST_TEST(!f.acted);
  BOOST_TEST(!f.days_to_action.has_value());
}

BOOST_AUTO_TEST_CASE(a_publication_is_recorded_once_with_its_audit_and_the_move) {
  FakeClock clock(*ParseIso8601("2026-11-27T10:00:00Z"));
  ForEachStore(&clock, [&](Store& store) {
    auto id = store.Insert(PartlyExecuted());
    BOOST_REQUIRE(id.ok());
    Publication p{.case_id = id->id,
                  .site = "foundation.wikimedia.org",
                  .title = "Legal:DMCA_X",
                  .event = "notice",
                  .mode = "create",
                  .revision_id = 41,
                  .at = ""};
    const auto entry = AuditNow(clock, "publisher", "published", "create Legal:DMCA_X");
    const auto move = std::make_pair(CaseState::kExecuted, CaseState::kPublished);
    BOOST_TEST_REQUIRE(store.RecordPublication(p, entry, move).ok());
    // Again (a repeated publish): kept as it was, no second audit entry, no second move.
    p.revision_id = 99;
    BOOST_TEST_REQUIRE(store.RecordPublication(p, entry, move).ok());
    auto rows = store.Publications(id->id);
    BOOST_REQUIRE(rows.ok());
    BOOST_REQUIRE_EQUAL(rows->size(), 1u);
    BOOST_TEST(*(*rows)[0].revision_id == 41);
    BOOST_TEST((*rows)[0].at == "2026-11-27T10:00:00Z");
    auto c = store.Get(id->id);
    BOOST_TEST(c->state == CaseState::kPublished);
    int published = 0;
    for (const auto& e : c->audit) published += e.action == "published";
    BOOST_TEST(published == 1);
    // A move that no longer holds rolls the record back with it.
    Publication q = p;
    q.title = "Commons:List";
    BOOST_TEST(store.RecordPublication(q, entry, move).code() == Status::Code::kFailedPrecondition);
    BOOST_TEST(store.Publications(id->id)->size() == 1u);
  });
}

BOOST_AUTO_TEST_CASE(a_lumen_submission_is_queued_once_and_taken_by_one_sender) {
  FakeClock clock(*ParseIso8601("2026-11-27T10:00:00Z"));
  ForEachStore(&clock, [&](Store& store) {
    auto id = store.Insert(PartlyExecuted());
    BOOST_REQUIRE(id.ok());
    BOOST_TEST(*store.QueueLumen(id->id, "notice", "{\"notice\":{}}"));
    BOOST_TEST(!*store.QueueLumen(id->id, "notice", "{\"notice\":{\"other\":1}}"));
    auto pending = store.LumenSubmissions("pending");
    BOOST_REQUIRE_EQUAL(pending->size(), 1u);
    const auto s = (*pending)[0];
    BOOST_TEST(s.body == "{\"notice\":{}}");
    const auto entry = AuditNow(clock, "publisher", "lumen sending", "x");
    BOOST_TEST_REQUIRE(store.UpdateLumen(s.id, "pending", "sending", "", "", entry).ok());
    // The second sender loses: it never sends the same submission.
    BOOST_TEST(store.UpdateLumen(s.id, "pending", "sending", "", "", entry).code() ==
               Status::Code::kFailedPrecondition);
    BOOST_TEST_REQUIRE(store
                           .UpdateLumen(s.id, "sending", "sent", "https://lumen.example/notices/7",
                                        "HTTP 201", entry)
                           .ok());
    auto all = store.LumenSubmissions("");
    BOOST_REQUIRE_EQUAL(all->size(), 1u);
    BOOST_TEST((*all)[0].state == "sent");
    BOOST_TEST((*all)[0].location == "https://lumen.example/notices/7");
    BOOST_TEST((*all)[0].attempts == 1);
    BOOST_TEST(store.LumenSubmissions("pending")->empty());
  });
}

BOOST_AUTO_TEST_CASE(redaction_decisions_are_stored_audited_and_followed) {
  FakeClock clock(*ParseIso8601("2026-11-27T10:00:00Z"));
  ForEachStore(&clock, [&](Store& store) {
    auto id = store.Insert(PartlyExecuted());
    BOOST_REQUIRE(id.ok());
    RedactionDecision d{.id = 0,
                        .case_id = id->id,
                        .span = "Sunset, a photograph",
                        .decision = "redact",
                        .reason = "names the sender's child",
                        .actor = "jdoe",
                        .at = ""};
    BOOST_TEST_REQUIRE(
        store.AddRedaction(d, AuditNow(clock, "jdoe", "redaction added", "20 bytes")).ok());
    d.decision = "maybe";
    BOOST_TEST(store.AddRedaction(d, AuditNow(clock, "jdoe", "x", "y")).code() ==
               Status::Code::kInvalidArgument);
    d.decision = "keep";
    d.case_id = 999;
    BOOST_TEST(store.AddRedaction(d, AuditNow(clock, "jdoe", "x", "y")).code() ==
               Status::Code::kNotFound);
    auto decisions = store.Redactions(id->id);
    BOOST_REQUIRE_EQUAL(decisions->size(), 1u);
    BOOST_TEST((*decisions)[0].actor == "jdoe");
    const auto c = store.Get(id->id);
    BOOST_TEST(c->audit.back().action == "redaction added");
    auto pages = PagesFor(*c, {}, CaseRenderOptions({}, *decisions), {});
    BOOST_REQUIRE(pages.ok());
    BOOST_TEST(AllText(*pages).find("Sunset, a photograph") == std::string::npos);
  });
}

// Known personal data in every field of a notice and in its free text; two organisations.
model::Case CanaryCase() {
  parsers::notice::Notice n;
  n.original.from = "Quentin Zebulon <qzebulon@gmail.com>";
  n.original.to = "legal@wikimedia.org";
  n.original.date = "Tue, 24 Nov 2026 10:00:00 +0000";
  n.original.subject = "Takedown for Heliotrope Pictures LLC from Quentin Zebulon, 555-867-5309";
  n.body =
      "Dear Sir or Madam,\n\nI act for Heliotrope Pictures LLC, which owns the photograph at "
      "https://heliotrope.example/works/77. It is copied at\n"
      "https://commons.wikimedia.org/wiki/File:Heliotrope_77.jpg\n\n"
      "Call me on 555-867-5309 or (555) 867-5309, write to qzebulon@gmail.com or to "
      "742 Evergreen Terrace, Springfield, OR 97477.\n\n"
      "I have a good faith belief that this use is not authorized. Under penalty of perjury, "
      "I am authorized to act for the owner.\n\nSincerely,\n\n/s/ Quentin Zebulon\n"
      "Quentin Zebulon\nCounsel, Zenith Rights Agency LLC\n742 Evergreen Terrace\n"
      "Springfield, OR 97477\nTel: 555-867-5309\nqzebulon@gmail.com\n";
  auto& a = n.analysis;
  a.kind = parsers::notice::Kind::kTakedown;
  a.language = "en";
  a.verdict = parsers::notice::Verdict::kComplete;
  a.complete = true;
  a.fields.sender.name = "Quentin Zebulon";
  a.fields.sender.organisation = "Zenith Rights Agency LLC";
  a.fields.sender.emails = {"qzebulon@gmail.com"};
  a.fields.sender.phones = {"555-867-5309"};
  a.fields.sender.addresses = {"742 Evergreen Terrace\nSpringfield, OR 97477"};
  a.fields.principal = "Heliotrope Pictures LLC";
  a.fields.works = {"Photograph no. 77, contact Quentin Zebulon at qzebulon@gmail.com"};
  a.fields.signature = "/s/ Quentin Zebulon";
  a.fields.date_sent = "November 24, 2026";
  n.targets = {CommonsTarget("File:Heliotrope_77.jpg")};
  parsers::wikiurl::Target original;
  original.url = "https://heliotrope.example/works/77";
  n.targets.push_back(original);
  n.attachments.push_back({"1.2", "Quentin Zebulon signature.pdf", "application/pdf", 10, true});
  model::Case c = SampleCase("canary", "<canary@example.org>", n);
  c.state = CaseState::kExecuted;
  c.targets[0].state = TargetState::kDeleted;
  c.targets[0].uploader = "Uploader";
  c.audit.push_back({"2026-11-25T10:00:00Z", "worker", "executed", "targets: 1"});
  return c;
}

BOOST_AUTO_TEST_CASE(no_public_output_holds_the_canary_personal_data) {
  TempDir dir;
  StoreOptions options;
  options.sqlite_path = dir.File("dmca.db");
  auto store = testing::MustOpenStore(options);
  BOOST_REQUIRE(store->Insert(CanaryCase()).ok());
  ArchiveBuildReport report;
  const std::string out = dir.File("archive");
  BOOST_TEST_REQUIRE(BuildArchive(*store, {}, out, &report).ok());
  BOOST_TEST(report.published == 1u);
  std::size_t files = 0;
  std::string everything;
  for (const auto& e : std::filesystem::recursive_directory_iterator(out)) {
    if (!e.is_regular_file() || e.path().filename() == ".manifest") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    const std::string text = s.str();
    ++files;
    everything += text;
    for (const char* canary :
         {"Zebulon", "qzebulon", "867-5309", "867 5309", "Evergreen", "97477", "Quentin"}) {
      BOOST_TEST(text.find(canary) == std::string::npos, canary << " in " << e.path());
    }
  }
  // Pages, dump, Lumen JSON, site, statistics: every kind of public output was searched.
  for (const char* kind :
       {"wikitext/", "export-foundation.wikimedia.org.xml", "lumen/", "case/000001.html",
        "stats.csv", "stats.json", "stats.html", "index.json", "preview.html"}) {
    bool found = false;
    for (const auto& e : std::filesystem::recursive_directory_iterator(out)) {
      found = found || e.path().string().find(kind) != std::string::npos;
    }
    BOOST_TEST(found, kind);
  }
  BOOST_TEST(files >= 10u);
  BOOST_TEST(everything.find("Heliotrope Pictures LLC") != std::string::npos);
  BOOST_TEST(everything.find("Zenith Rights Agency LLC") != std::string::npos);
  BOOST_TEST(everything.find("https://heliotrope.example/works/77") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_approved_unexecuted_case_is_not_in_the_archive) {
  TempDir dir;
  StoreOptions options;
  options.sqlite_path = dir.File("dmca.db");
  auto store = testing::MustOpenStore(options);
  model::Case approved = CanaryCase();
  approved.state = CaseState::kApproved;
  approved.targets[0].state = TargetState::kApproved;
  BOOST_REQUIRE(store->Insert(approved).ok());
  ArchiveBuildReport report;
  BOOST_TEST_REQUIRE(BuildArchive(*store, {}, dir.File("archive"), &report).ok());
  BOOST_TEST(report.cases == 1u);
  BOOST_TEST(report.published == 0u);
  BOOST_TEST(report.pages == 0u);
  BOOST_TEST(!std::filesystem::exists(dir.File("archive/wikitext")));
}

}  // namespace
}  // namespace dmca::pipeline
