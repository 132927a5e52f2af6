#define BOOST_TEST_MODULE pipeline
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <Poco/JSON/Parser.h>

#include "parsers/notice/understand.h"
#include "pipeline/model/case.h"
#include "pipeline/model/case_json.h"
#include "tests/pipeline/test_util.h"

namespace dmca::model {
namespace {

using parsers::notice::Kind;
using parsers::notice::Verdict;
using pipeline::testing::SampleTakedown;

BOOST_AUTO_TEST_SUITE(model)

BOOST_AUTO_TEST_CASE(state_names_round_trip) {
  int count = 0;
  for (int i = 0; i <= static_cast<int>(CaseState::kClosed); ++i) {
    const auto state = static_cast<CaseState>(i);
    const auto name = StateName(state);
    BOOST_TEST(name != "unknown");
    BOOST_TEST(StateFromName(name) == std::optional<CaseState>(state));
    ++count;
  }
  BOOST_TEST(count == 16);
  BOOST_TEST(StateName(CaseState::kPendingApproval) == "pending_approval");
  BOOST_TEST(!StateFromName("pending-approval").has_value());
  BOOST_TEST(TargetStateName(TargetState::kDeleted) == "deleted");
  BOOST_TEST(TargetStateFromName("restored") == std::optional(TargetState::kRestored));
}

BOOST_AUTO_TEST_CASE(a_forward_without_an_outside_sender_goes_to_review) {
  // Issue 8: a complete notice forwarded by staff with its original sender lost is never
  // queued for approval under the forwarder's name.
  const auto message = parsers::mime::Message::Parse(
      "From: Robin <robin@wikimedia.org>\r\nSubject: Fwd: notice\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n\r\n"
      "My copyrighted photograph is copied at https://commons.wikimedia.org/wiki/File:X.jpg\n"
      "I have a good faith belief that this use is not authorized by the copyright owner, its "
      "agent, or the law. The information in this notice is accurate, and under penalty of "
      "perjury, I am the owner.\n\nSincerely,\nPat Example\npat@example.org\n");
  const auto notice = parsers::notice::Understand(message);
  BOOST_TEST(notice.analysis.complete);
  BOOST_TEST(!notice.original.from.has_value());
  BOOST_TEST(StateName(InitialState(notice, {})) == "needs_review");
}

BOOST_AUTO_TEST_CASE(initial_state_follows_the_verdict) {
  auto n = SampleTakedown();
  BOOST_TEST(StateName(InitialState(n, {})) == "pending_approval");
  n.analysis.verdict = Verdict::kDeficient;
  BOOST_TEST(StateName(InitialState(n, {})) == "deficient");
  n.analysis.verdict = Verdict::kNotANotice;
  BOOST_TEST(StateName(InitialState(n, {})) == "not_a_notice");

  n.analysis.verdict = Verdict::kComplete;
  Findings critical = {{"mime.depth_limit", Finding::Severity::kCritical, "1", "too deep"}};
  BOOST_TEST(StateName(InitialState(n, critical)) == "needs_review");

  n.analysis.kind = Kind::kOther;
  n.analysis.other_category = "trademark";
  BOOST_TEST(StateName(InitialState(n, {})) == "routed");
  n.analysis.other_category = "unknown";
  BOOST_TEST(StateName(InitialState(n, {})) == "needs_review");

  n.analysis.kind = Kind::kCounterNotice;
  BOOST_TEST(StateName(InitialState(n, {})) == "received");
  n.analysis.kind = Kind::kRetraction;
  BOOST_TEST(StateName(InitialState(n, {})) == "received");
}

BOOST_AUTO_TEST_CASE(transitions_follow_the_arrows_only) {
  BOOST_TEST(CanTransition(CaseState::kReceived, CaseState::kPendingApproval));
  BOOST_TEST(CanTransition(CaseState::kPendingApproval, CaseState::kApproved));
  BOOST_TEST(CanTransition(CaseState::kApproved, CaseState::kExecuted));
  BOOST_TEST(CanTransition(CaseState::kExecuted, CaseState::kPublished));
  BOOST_TEST(CanTransition(CaseState::kReceived, CaseState::kForwarded));
  BOOST_TEST(CanTransition(CaseState::kForwarded, CaseState::kRestoreScheduled));
  BOOST_TEST(CanTransition(CaseState::kRestoreScheduled, CaseState::kRestored));
  BOOST_TEST(CanTransition(CaseState::kRestoreScheduled, CaseState::kCourtAction));
  BOOST_TEST(CanTransition(CaseState::kDeficient, CaseState::kSuperseded));
  // Never backwards, never skipping approval.
  BOOST_TEST(!CanTransition(CaseState::kPendingApproval, CaseState::kExecuted));
  BOOST_TEST(!CanTransition(CaseState::kRejected, CaseState::kApproved));
  BOOST_TEST(!CanTransition(CaseState::kPublished, CaseState::kApproved));
  BOOST_TEST(!CanTransition(CaseState::kRestored, CaseState::kRestoreScheduled));
  BOOST_TEST(!CanTransition(CaseState::kApproved, CaseState::kApproved));
}

BOOST_AUTO_TEST_CASE(notice_json_round_trips) {
  const auto n = SampleTakedown();
  const std::string json = Stringify(NoticeToJson(n), false);
  auto back = NoticeFromJson(json);
  BOOST_TEST_REQUIRE(back.ok(), back.status().ToString());
  // Serializing the read-back value again gives the same bytes: nothing was lost.
  BOOST_TEST(Stringify(NoticeToJson(*back), false) == json);
  BOOST_TEST(*back->original.from == *n.original.from);
  BOOST_TEST(back->original.forward_depth == 1);
  BOOST_TEST(back->analysis.elements.size() == 6u);
  BOOST_TEST(*back->analysis.elements[3].evidence == "evidence of contact_information");
  BOOST_TEST(back->targets.size() == 2u);
  BOOST_TEST(!back->targets[1].site.has_value());
  BOOST_TEST(back->targets[1].findings.at(0).code == "wikiurl.not_wikimedia");
  BOOST_TEST(back->attachments.at(0).size == 1234u);
  BOOST_TEST(back->findings.at(0).severity == Finding::Severity::kWarning);
  BOOST_TEST(back->analysis.fields.sender.phones.at(0) == "+1 555 0100");
}

BOOST_AUTO_TEST_CASE(notice_json_rejects_garbage) {
  BOOST_TEST(NoticeFromJson("{not json").status().code() == Status::Code::kCorruption);
  BOOST_TEST(NoticeFromJson("{\"analysis\": {\"kind\": \"poem\"}}").status().code() ==
             Status::Code::kCorruption);
}

BOOST_AUTO_TEST_CASE(check_json_has_the_contract_shape) {
  auto n = SampleTakedown();
  n.analysis.elements[5].present = false;
  n.analysis.elements[5].evidence.reset();
  n.analysis.complete = false;
  n.analysis.missing = {"accuracy_and_authority_statement"};
  n.original.subject = "Ünïcode \"quoted\"";
  const std::string text = Stringify(CheckToJson(n), false);
  Poco::JSON::Parser parser;
  auto object = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(object->getValue<std::string>("kind") == "takedown");
  auto original = object->getObject("original");
  BOOST_TEST(original->getValue<std::string>("subject") == "Ünïcode \"quoted\"");
  BOOST_TEST(original->getValue<std::string>("from") == "Jane Agent <agent@example.org>");
  auto targets = object->getArray("targets");
  BOOST_TEST(targets->size() == 2u);
  auto first = targets->getObject(0);
  BOOST_TEST(first->getValue<std::string>("title") == "File:Sunset.jpg");
  BOOST_TEST(first->getValue<bool>("in_scope"));
  BOOST_TEST(!first->getValue<bool>("spoof"));
  BOOST_TEST(targets->getObject(1)->isNull("site"));
  auto elements = object->getObject("elements");
  BOOST_TEST(elements->size() == 6u);
  BOOST_TEST(elements->getObject("signature")->getValue<bool>("present"));
  BOOST_TEST(elements->getObject("accuracy_and_authority_statement")->isNull("evidence"));
  BOOST_TEST(!object->getValue<bool>("complete"));
  BOOST_TEST(object->getArray("missing")->getElement<std::string>(0) ==
             "accuracy_and_authority_statement");
  // The contract keys come first, in the documented order.
  BOOST_TEST(text.rfind("{\"kind\":\"takedown\",\"original\":{\"from\":", 0) == 0);
}

TargetEvidence TwoUploads() {
  TargetEvidence e;
  e.checked_at = "2026-12-01T21:00:00Z";
  e.exists = true;
  e.page_id = 2;
  e.uploads = {
      {"Uploader2", "2026-12-01T20:52:41Z", "6febb67b9d0cb2ea22cff625a0f387e97cdefa4f", 852},
      {"Uploader", "2026-12-01T20:52:37Z", "f1d3bb8a11464d55224801bbf146b881d7da6fdf", 851}};
  return e;
}

// A case as `dmca cases show --json` would read it back from the store.
Case ShownCase() {
  Case c = pipeline::testing::SampleCase("shown", "<shown@example.org>");
  c.id = 42;
  c.state = CaseState::kExecuted;
  c.received_at = "2026-11-24T10:00:00Z";
  c.notice.original.subject.reset();
  c.targets[0].state = TargetState::kDeleted;
  c.targets[0].uploader = "Uploader2";
  c.targets[0].sha1 = "6febb67b9d0cb2ea22cff625a0f387e97cdefa4f";
  c.targets[0].log_id = 11;
  c.targets[0].evidence = TwoUploads();
  c.links = {{43, "answered_by"}};
  c.audit.push_back({"2026-11-25T09:00:00Z", "alice", "approved", ""});
  return c;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_TEST_REQUIRE(in.good(), path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

BOOST_AUTO_TEST_CASE(cases_show_json_has_the_contract_shape) {
  // The whole shape, golden, as `dmca cases show --json` prints it (CONTRACT.md); with
  // DMCA_UPDATE_GOLDEN=1 the file is rewritten instead (then read the diff).
  const std::string golden = DMCA_SOURCE_DIR "/tests/data/pipeline/case_show.json";
  const std::string text = Stringify(CaseToJson(ShownCase()), true) + "\n";
  if (const char* update = std::getenv("DMCA_UPDATE_GOLDEN");
      update && update == std::string("1")) {
    std::ofstream(golden, std::ios::binary) << text;
  }
  BOOST_TEST(text == ReadFile(golden));

  auto o = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(o->getValue<int>("id") == 42);
  BOOST_TEST(o->getValue<std::string>("kind") == "takedown");
  BOOST_TEST(o->getValue<std::string>("state") == "executed");
  BOOST_TEST(o->getValue<std::string>("received") == "2026-11-24T10:00:00Z");
  const auto original = o->getObject("original");
  BOOST_TEST(original->getValue<std::string>("from") == "Jane Agent <agent@example.org>");
  BOOST_TEST(original->isNull("subject"));
  BOOST_TEST(o->getValue<bool>("complete"));
  BOOST_TEST(o->getArray("missing")->size() == 0u);
  const auto targets = o->getArray("targets");
  BOOST_TEST_REQUIRE(targets->size() == 2u);
  const auto first = targets->getObject(0);
  const auto second = targets->getObject(1);
  BOOST_TEST(first->getValue<int>("n") == 1);  // what `approve --targets` takes
  BOOST_TEST(second->getValue<int>("n") == 2);
  BOOST_TEST(first->getValue<std::string>("url") ==
             "https://commons.wikimedia.org/wiki/File:Sunset.jpg");
  BOOST_TEST(first->getValue<std::string>("site") == "commons.wikimedia.org");
  BOOST_TEST(first->getValue<std::string>("title") == "File:Sunset.jpg");
  BOOST_TEST(first->getValue<bool>("in_scope"));
  BOOST_TEST(!first->getValue<bool>("spoof"));
  BOOST_TEST(first->getValue<std::string>("state") == "deleted");
  BOOST_TEST(first->getValue<std::string>("uploader") == "Uploader2");
  BOOST_TEST(first->getValue<std::string>("sha1") == "6febb67b9d0cb2ea22cff625a0f387e97cdefa4f");
  BOOST_TEST(second->isNull("site"));
  BOOST_TEST(second->isNull("title"));
  BOOST_TEST(second->isNull("uploader"));
  BOOST_TEST(second->isNull("sha1"));
  BOOST_TEST(second->getValue<std::string>("state") == "pending");
  const auto link = o->getArray("links")->getObject(0);
  BOOST_TEST(link->getValue<int>("case") == 43);
  BOOST_TEST(link->getValue<std::string>("relation") == "answered_by");
  const auto audit = o->getArray("audit");
  BOOST_TEST_REQUIRE(audit->size() == 2u);
  BOOST_TEST(audit->getObject(0)->getValue<std::string>("event") == "ingested");
  BOOST_TEST(audit->getObject(0)->getValue<std::string>("note") == "from file:test.eml");
  BOOST_TEST(audit->getObject(1)->getValue<std::string>("actor") == "alice");
  BOOST_TEST(audit->getObject(1)->isNull("note"));  // an empty detail is null, not ""
}

BOOST_AUTO_TEST_CASE(evidence_json_round_trips) {
  TargetEvidence page;
  page.checked_at = "2026-12-01T21:00:00Z";
  page.exists = true;
  page.page_id = 4;
  page.creator = Revision{"Creator", "2026-01-01T00:00:00Z", 5};
  page.last_edits = {{"Editor", "2026-12-01T20:00:00Z", 9}, {"Creator", "2026-01-01T00:00:00Z", 5}};
  TargetEvidence missing;
  missing.checked_at = "2026-12-01T21:00:00Z";
  for (const TargetEvidence& e : {TwoUploads(), page, missing}) {
    const std::string json = Stringify(EvidenceToJson(e), false);
    auto back = EvidenceFromJson(json);
    BOOST_TEST_REQUIRE(back.ok(), back.status().ToString());
    BOOST_TEST(Stringify(EvidenceToJson(*back), false) == json);
    BOOST_TEST(back->exists == e.exists);
    BOOST_TEST(back->page_id == e.page_id);
    BOOST_TEST(back->uploads.size() == e.uploads.size());
    BOOST_TEST(back->creator.has_value() == e.creator.has_value());
    BOOST_TEST(back->last_edits.size() == e.last_edits.size());
  }
  const auto back = EvidenceFromJson(Stringify(EvidenceToJson(TwoUploads()), false));
  BOOST_TEST(back->uploads[1].user == "Uploader");
  BOOST_TEST(back->uploads[1].size == 851);
  BOOST_TEST(back->uploads[0].sha1 == "6febb67b9d0cb2ea22cff625a0f387e97cdefa4f");
  const auto page_back = EvidenceFromJson(Stringify(EvidenceToJson(page), false));
  BOOST_TEST(page_back->creator->revid == 5);
  BOOST_TEST(page_back->last_edits[0].user == "Editor");
  BOOST_TEST(Stringify(EvidenceToJson(missing), false) ==
             "{\"checked_at\":\"2026-12-01T21:00:00Z\",\"exists\":false,\"page_id\":0,"
             "\"uploads\":[],\"creator\":null,\"last_edits\":[]}");
  for (const char* bad : {"", "{", "[]", "42", "{\"uploads\":[{\"size\":\"big\"}]}"}) {
    BOOST_TEST(EvidenceFromJson(bad).status().code() == Status::Code::kCorruption, bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::model

namespace dmca::model {
namespace {

// Stored rows outlive releases: a notice written by the first schema must still read back whole.
BOOST_AUTO_TEST_CASE(stored_notice_v1_still_reads) {
  std::ifstream in(DMCA_SOURCE_DIR "/tests/data/pipeline/notice_v1.json", std::ios::binary);
  BOOST_TEST_REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  std::string json = text.str();
  while (!json.empty() && json.back() == '\n') json.pop_back();
  auto notice = NoticeFromJson(json);
  BOOST_TEST_REQUIRE(notice.ok(), notice.status().ToString());
  BOOST_TEST(Stringify(NoticeToJson(*notice), false) == json);
  BOOST_TEST(notice->analysis.kind == parsers::notice::Kind::kTakedown);
  BOOST_TEST(notice->targets.at(0).title.value_or("") == "File:Sunset.jpg");
}

}  // namespace
}  // namespace dmca::model
