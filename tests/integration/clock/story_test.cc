// The counter-notice story end to end, as staff would run it, against the real MediaWiki (CTest
// fixture `mediawiki`) and a real mail server (fixtures `smtp_dovecot` and `smtp`: Postfix
// delivering into Dovecot, read back over IMAP), with the clock set by DMCA_NOW and
// `dmca tick --now`: takedown executed -> counter-notice mailed in -> accepted -> the copy in
// the complainant's mailbox -> business day 9: nothing -> day 10: undeleted, unprotected,
// uploader and complainant told -> again: nothing more. Also a court action on day 8, a
// retraction, and a wiki that is down on day 10.
#define BOOST_TEST_MODULE clock_story
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "tests/integration/clock/story.h"
#include "tests/integration/mail/smtp_fixture.h"

namespace dmca::testing {
namespace {

BOOST_AUTO_TEST_CASE(a_counter_notice_restores_the_file_on_the_tenth_business_day) {
  TestWiki wiki;
  Story s = NewStory(wiki, "story");
  ExecutedTakedown(wiki, s, "story");
  const std::int64_t counter = Accepted(s);
  // §512(g)(2)(B): the complainant has the whole counter-notice, with the dates.
  auto copy = smtp::AwaitInbox(s.complainant, 1);
  BOOST_REQUIRE_EQUAL(copy.size(), 1u);
  BOOST_TEST(copy[0].find("consent to the jurisdiction") != std::string::npos);
  BOOST_TEST(copy[0].find("2026-12-11") != std::string::npos);
  BOOST_TEST(copy[0].find("In-Reply-To: <takedown-story-") != std::string::npos);

  auto day9 = Dmca(s, {"tick", "--now", kDay9});
  BOOST_REQUIRE_MESSAGE(day9.exit_code == 0, day9.out + day9.err);
  BOOST_TEST(!wiki.FileExists("File:" + s.names[0]));
  BOOST_TEST(State(s, counter) == "restore_scheduled");

  auto day10 = Dmca(s, {"tick", "--now", kDay10});
  BOOST_REQUIRE_MESSAGE(day10.exit_code == 0, day10.out + day10.err);
  BOOST_TEST(wiki.FileExists("File:" + s.names[0]));
  BOOST_TEST(wiki.CreateProtection("File:" + s.names[0]).empty());
  bool restored_in_log = false;
  for (const auto& e : wiki.DeletionLog("File:" + s.names[0])) restored_in_log |= e.action == "restore";
  BOOST_TEST(restored_in_log);
  BOOST_TEST(State(s, counter) == "restored");
  BOOST_TEST(smtp::AwaitInbox(s.uploader, 1).size() == 1u);
  BOOST_TEST(smtp::AwaitInbox(s.complainant, 2).size() == 2u);

  // Again the same day, and the next: nothing more happens.
  const auto log_before = wiki.DeletionLog("File:" + s.names[0]).size();
  auto again = Dmca(s, {"tick", "--now", kDay10});
  BOOST_REQUIRE_MESSAGE(again.exit_code == 0, again.out + again.err);
  std::this_thread::sleep_for(std::chrono::seconds(2));  // what Postfix would still deliver
  BOOST_TEST(wiki.DeletionLog("File:" + s.names[0]).size() == log_before);
  BOOST_TEST(smtp::FetchInbox(s.uploader).size() == 1u);
  BOOST_TEST(smtp::FetchInbox(s.complainant).size() == 2u);
  auto letters = Dmca(s, {"letters", "--json"});
  BOOST_REQUIRE(letters.exit_code == 0);
  BOOST_TEST(letters.out.find("\"unconfirmed\"") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_court_action_on_day_eight_keeps_the_file_down_and_tells_the_uploader) {
  TestWiki wiki;
  Story s = NewStory(wiki, "court");
  ExecutedTakedown(wiki, s, "court");
  const std::int64_t counter = Accepted(s);
  auto court = Dmca(s, {"court-action", std::to_string(s.takedown), "--as", "staff", "--note",
                        "complaint filed in N.D. Cal."},
                    kDay8);
  BOOST_REQUIRE_MESSAGE(court.exit_code == 0, court.out + court.err);
  BOOST_TEST(State(s, counter) == "court_action");
  auto day10 = Dmca(s, {"tick", "--now", kDay10});
  BOOST_REQUIRE_MESSAGE(day10.exit_code == 0, day10.out + day10.err);
  BOOST_TEST(!wiki.FileExists("File:" + s.names[0]));
  const auto told = smtp::AwaitInbox(s.uploader, 1);
  BOOST_REQUIRE_EQUAL(told.size(), 1u);
  BOOST_TEST(Count(told, "will not restore") == 1u);
}

BOOST_AUTO_TEST_CASE(a_confirmed_retraction_restores_the_file) {
  TestWiki wiki;
  Story s = NewStory(wiki, "licensed");
  ExecutedTakedown(wiki, s, "licensed");
  Write(s.folder + "/retraction.eml",
        RetractionMessage("retraction-" + RunId(), s.complainant, CommonsUrl(s.names[0])));
  auto ingest = Dmca(s, {"ingest", s.folder + "/retraction.eml"});
  BOOST_REQUIRE_MESSAGE(ingest.exit_code == 0, ingest.err);
  const std::int64_t retraction = LastCase(s);
  BOOST_REQUIRE_EQUAL(Show(s, retraction)->getValue<std::string>("kind"), "retraction");
  auto confirm = Dmca(s, {"approve", std::to_string(retraction), "--as", "staff"}, kAccept);
  BOOST_REQUIRE_MESSAGE(confirm.exit_code == 0, confirm.out + confirm.err);
  auto tick = Dmca(s, {"tick", "--now", kAccept});
  BOOST_REQUIRE_MESSAGE(tick.exit_code == 0, tick.out + tick.err);
  BOOST_TEST(wiki.FileExists("File:" + s.names[0]));
  BOOST_TEST(State(s, retraction) == "restored");
  BOOST_TEST(smtp::AwaitInbox(s.complainant, 1).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_wiki_down_on_day_ten_restores_later_with_an_overdue_alarm_after_day_14) {
  TestWiki wiki;
  Story s = NewStory(wiki, "down");
  ExecutedTakedown(wiki, s, "down");
  const std::int64_t counter = Accepted(s);
  // The same configuration with the wiki unreachable (nothing listens on port 9).
  std::string down_config = s.folder + "/down.conf";
  {
    std::ifstream in(s.config);
    std::stringstream text;
    text << in.rdbuf();
    Write(down_config, Replace(Replace(text.str(), wiki.api(), "http://127.0.0.1:9/api.php"),
                               "timeout = 30", "timeout = 2\nmax_attempts = 1"));
  }
  auto day10 = Dmca(s, {"tick", "--now", kDay10}, "", down_config);
  BOOST_TEST(day10.exit_code == 75, day10.out + day10.err);
  BOOST_TEST(!wiki.FileExists("File:" + s.names[0]));
  auto late = Dmca(s, {"tick", "--now", kAfterDay14}, "", down_config);
  BOOST_TEST(late.exit_code == 1, late.out + late.err);  // the alarm
  BOOST_TEST(late.out.find("OVERDUE") != std::string::npos, late.out);
  const auto alarm = smtp::AwaitInbox(s.staff, 1);
  BOOST_REQUIRE_GE(alarm.size(), 1u);
  BOOST_TEST(Count(alarm, "OVERDUE") >= 1u);
  // The wiki is back: the next tick restores it.
  auto back = Dmca(s, {"tick", "--now", kAfterDay14});
  BOOST_TEST(wiki.FileExists("File:" + s.names[0]), back.out + back.err);
  BOOST_TEST(State(s, counter) == "restored");
}

}  // namespace
}  // namespace dmca::testing

namespace dmca::testing {
namespace {

BOOST_AUTO_TEST_CASE(a_reupload_of_deleted_bytes_under_another_name_opens_a_review_case) {
  TestWiki wiki;
  Story s = NewStory(wiki, "reupload");
  ExecutedTakedown(wiki, s, "reupload");
  // The same bytes, uploaded again by someone else under another name.
  const std::string copy = "Copy of " + s.names[0];
  std::filesystem::copy_file(s.folder + "/" + s.names[0], s.folder + "/" + copy);
  const std::string upload = std::string(DMCA_SOURCE_DIR) +
                             "/scripts/mediawiki-test-server.sh upload '" + wiki.dir() +
                             "' --user Reuploader '" + s.folder + "/" + copy + "' >/dev/null";
  BOOST_REQUIRE(std::system(upload.c_str()) == 0);
  auto tick = Dmca(s, {"tick"});
  BOOST_REQUIRE_MESSAGE(tick.exit_code == 0, tick.out + tick.err);
  BOOST_TEST(tick.out.find("re-upload: File:" + copy) != std::string::npos, tick.out);
  const std::int64_t review = LastCase(s);
  BOOST_REQUIRE(review != s.takedown);
  const auto shown = Show(s, review);
  BOOST_TEST(shown->getValue<std::string>("state") == "needs_review");
  const auto target = shown->getArray("targets")->getObject(0);
  BOOST_TEST(target->getValue<std::string>("title") == "File:" + copy);
  BOOST_TEST(target->getValue<std::string>("uploader") == "Reuploader");
  // Found once: the next tick opens nothing new.
  auto again = Dmca(s, {"tick"});
  BOOST_REQUIRE(again.exit_code == 0);
  BOOST_TEST(LastCase(s) == review);
}

}  // namespace
}  // namespace dmca::testing
