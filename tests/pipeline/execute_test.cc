#include "pipeline/execute/execute.h"

#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>

#include "archive/render.h"
#include "pipeline/decide/workflow.h"
#include "tests/pipeline/store_util.h"
#include "tests/pipeline/test_util.h"

namespace dmca::pipeline {
namespace {

std::string ThisHost() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

bool Digits(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

BOOST_AUTO_TEST_SUITE(execute)

BOOST_AUTO_TEST_CASE(worker_name_is_host_pid_and_start_time) {
  const std::string name = WorkerName();
  const auto first = name.find(':');
  const auto second = name.find(':', first + 1);
  BOOST_TEST_REQUIRE(second != std::string::npos, name);
  BOOST_TEST(name.substr(0, first) == ThisHost());
  BOOST_TEST(name.substr(first + 1, second - first - 1) == std::to_string(::getpid()));
  BOOST_TEST(Digits(name.substr(second + 1)), name);  // /proc/self/stat field 22
  BOOST_TEST(WorkerName() == name);                   // stable for the process
}

BOOST_AUTO_TEST_CASE(dead_local_workers_are_recognized) {
  const std::string me = WorkerName();
  BOOST_TEST(!DeadLocalWorker(me));  // this process is alive
  const std::string start = me.substr(me.rfind(':') + 1);
  // A pid above the kernel's pid_max limit (2^22) cannot exist.
  BOOST_TEST(DeadLocalWorker(ThisHost() + ":2147483647:" + start));
  // Our pid with another start time: the worker that had it is gone, the pid was reused.
  BOOST_TEST(DeadLocalWorker(ThisHost() + ":" + std::to_string(::getpid()) + ":1"));
  // Another machine's worker is not ours to judge (its claims wait for the lease).
  BOOST_TEST(!DeadLocalWorker("elsewhere.invalid:2147483647:1"));
  BOOST_TEST(!DeadLocalWorker("elsewhere.invalid" + me.substr(me.find(':'))));
  for (const std::string& odd :
       {std::string(), std::string("worker1"), ThisHost(), ThisHost() + ":abc:1",
        ThisHost() + ":0:1", ThisHost() + ":-5:1"}) {
    BOOST_TEST(!DeadLocalWorker(odd), "'" << odd << "'");
  }
}

BOOST_AUTO_TEST_CASE(notice_link_points_at_the_foundation_page) {
  const auto c = testing::SampleCase("link", "<link@example.org>");
  ActOptions options;
  BOOST_TEST(NoticeLink(c, options) == "[[wmf:" + archive::FoundationPageTitle(c.notice) + "]]");
  options.foundation_interwiki = "foundation";
  BOOST_TEST(NoticeLink(c, options).starts_with("[[foundation:Legal:DMCA"));
}

BOOST_AUTO_TEST_CASE(claim_keeper_renews_the_claim_while_the_client_waits) {
  const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'795'000'000));
  FakeClock clock(t0);
  testing::ForEachStore(&clock, [&](Store& store) {
    clock.Set(t0);
    auto inserted = store.Insert(testing::SampleCase("keeper", "<keeper@example.org>"));
    BOOST_TEST_REQUIRE(inserted.ok());
    const auto action = store.EnqueueAction(inserted->id, "commons.wikimedia.org",
                                            "File:Sunset.jpg", ActionKind::kDelete);
    BOOST_TEST_REQUIRE(action.ok());
    const auto lease = std::chrono::seconds(600);
    BOOST_TEST_REQUIRE(store.ClaimAction("w", lease)->has_value());
    ClaimKeeper keeper(store, "w", std::chrono::seconds(3));
    // Holding nothing, waiting renews nothing.
    clock.Advance(std::chrono::seconds(500));
    keeper.Wait(std::chrono::milliseconds(5));
    auto actions = store.Actions(inserted->id);
    BOOST_TEST(actions->at(0).claimed_at == FormatIso8601(t0));
    // Holding the action: the claim's time moves to now with each slice waited.
    keeper.Hold(*action);
    keeper.Wait(std::chrono::milliseconds(20));
    actions = store.Actions(inserted->id);
    BOOST_TEST(actions->at(0).claimed_at == FormatIso8601(t0 + std::chrono::seconds(500)));
    clock.Advance(std::chrono::seconds(200));  // 700 s after the claim, 200 after the renewal
    BOOST_TEST(!store.ClaimAction("rival", lease)->has_value());
    keeper.Hold(std::nullopt);
  });
}

BOOST_AUTO_TEST_CASE(plan_queued_shows_the_calls_without_making_them) {
  FakeClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1'795'000'000)));
  testing::ForEachStore(&clock, [&](Store& store) {
    auto inserted = store.Insert(testing::SampleCase("plan", "<plan@example.org>"));
    BOOST_TEST_REQUIRE(inserted.ok());
    const auto id = inserted->id;
    BOOST_TEST_REQUIRE(Workflow(store, clock).Approve(id, "alice").ok());
    ActOptions options;
    options.change_tag = "dmca-takedown";
    auto calls = PlanQueued(store, options, clock);
    BOOST_TEST_REQUIRE(calls.ok(), calls.status().ToString());
    BOOST_TEST_REQUIRE(calls->size() == 3u);  // evidence, delete, create-protect
    const auto c = store.Get(id);
    const std::string link = NoticeLink(*c, options);
    BOOST_TEST((*calls)[0].params[0].second == "query");
    BOOST_TEST((*calls)[0].summary == "evidence of File:Sunset.jpg on commons.wikimedia.org");
    BOOST_TEST(
        mediawiki::FormEncode((*calls)[1].params) ==
        mediawiki::FormEncode(mediawiki::DeleteCall("commons.wikimedia.org", "File:Sunset.jpg",
                                                    "Office action: DMCA takedown, see " + link,
                                                    "dmca-takedown")
                                  .params));
    BOOST_TEST(mediawiki::FormEncode((*calls)[2].params) ==
               mediawiki::FormEncode(mediawiki::ProtectCall(
                                         "commons.wikimedia.org", "File:Sunset.jpg", "create=sysop",
                                         "infinite", "Office action: DMCA takedown, see " + link,
                                         "dmca-takedown")
                                         .params));
    // Nothing was claimed.
    auto actions = store.Actions(id);
    BOOST_TEST(ActionStateName(actions->at(0).state) == "pending");
    BOOST_TEST(actions->at(0).attempts == 0);
  });
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::pipeline
