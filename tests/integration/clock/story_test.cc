// The counter-notice story end to end, as staff would run it, against the real MediaWiki (CTest
// fixture `mediawiki`) and a real mail server (fixtures `smtp_dovecot` and `smtp`: Postfix
// delivering into Dovecot, read back over IMAP), with the clock set by DMCA_NOW and
// `dmca tick --now`: takedown executed -> counter-notice mailed in -> accepted -> the copy in
// the complainant's mailbox -> business day 9: nothing -> day 10: undeleted, unprotected,
// uploader and complainant told -> again: nothing more. Also a court action on day 8, a
// retraction, and a wiki that is down on day 10.
//
// The counter-notices are dated Friday 27 November 2026, 23:30 Pacific (Saturday in UTC): the
// window is 11 to 17 December (business days after the Friday; Thanksgiving was the 26th).
#define BOOST_TEST_MODULE clock_story
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "tests/integration/mail/smtp_fixture.h"
#include "tests/integration/wiki/wiki_fixture.h"

namespace dmca::testing {
namespace {

constexpr const char* kAccept = "2026-11-30T18:00:00Z";      // Monday, business day 1
constexpr const char* kDay8 = "2026-12-09T18:00:00Z";        // Wednesday, business day 8
constexpr const char* kDay9 = "2026-12-10T18:00:00Z";        // Thursday, business day 9
constexpr const char* kDay10 = "2026-12-11T18:00:00Z";       // Friday, business day 10
constexpr const char* kAfterDay14 = "2026-12-18T18:00:00Z";  // the 15th business day

struct Story {
  std::unique_ptr<TempDir> tmp = std::make_unique<TempDir>();
  std::string folder = tmp->path();
  std::string config;
  std::string complainant;
  std::string uploader;
  std::string staff;
  std::string name;  // the file
  std::int64_t takedown = 0;
};

RunResult Dmca(const Story& s, std::vector<std::string> args, const std::string& now = "",
               const std::string& config = "") {
  std::vector<std::string> full = {"--config", config.empty() ? s.config : config};
  full.insert(full.end(), args.begin(), args.end());
  // DMCA_NOW: the instant the command acts at.
  if (!now.empty()) return RunDmcaWith({{"DMCA_NOW", now}}, full, s.folder);
  return RunDmca(full, s.folder);
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string CounterNoticeMessage(const std::string& id, const std::string& from,
                                 const std::string& url) {
  return "From: Alex Uploader <" + from +
         ">\r\n"
         "To: legal@wikimedia.org\r\n"
         "Subject: Counter-notification " +
         id +
         "\r\n"
         "Date: Fri, 27 Nov 2026 23:30:00 -0800\r\n"
         "Message-ID: <" +
         id +
         "@mail.example>\r\n"
         "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
         "To the Wikimedia Foundation's designated agent:\r\n\r\n"
         "The following material was removed from Wikimedia Commons after a DMCA notice:\r\n\r\n" +
         url +
         "\r\n\r\nIt appeared at that address before it was removed.\r\n\r\n"
         "I swear, under penalty of perjury, that I have a good faith belief that the material "
         "was removed or disabled as a result of mistake or misidentification of the material "
         "to be removed or disabled. I took this photograph myself.\r\n\r\n"
         "I consent to the jurisdiction of the Federal District Court for the judicial district "
         "in which my address is located, and I will accept service of process from the person "
         "who provided the notification or an agent of such person.\r\n\r\n"
         "Alex Uploader\r\n77 Example Road\r\nColumbus, OH 43004\r\nTelephone: 555-0123\r\n"
         "Email: " +
         from + "\r\n\r\n/s/ Alex Uploader\r\n";
}

std::string RetractionMessage(const std::string& id, const std::string& from,
                              const std::string& url) {
  return "From: Casey Example <" + from + ">\r\nTo: legal@wikimedia.org\r\nSubject: Withdrawal of "
         "notice " + id + "\r\nDate: Tue, 01 Dec 2026 09:00:00 -0800\r\nMessage-ID: <" + id +
         "@examplestock.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8"
         "\r\n\r\nDear Sir or Madam,\r\n\r\nWe hereby withdraw our DMCA notice concerning\r\n" +
         url + ".\r\nOur client has since licensed the photograph. Please restore the material."
         "\r\n\r\nKind regards,\r\nCasey Example\r\n";
}

std::int64_t LastCase(const Story& s) {
  auto ids = Dmca(s, {"cases", "--ids"});
  BOOST_REQUIRE_MESSAGE(ids.exit_code == 0, ids.err);
  std::istringstream in(ids.out);
  std::int64_t id = 0, max = 0;
  while (in >> id) max = std::max(max, id);
  return max;
}

Poco::JSON::Object::Ptr Show(const Story& s, std::int64_t id) {
  auto shown = Dmca(s, {"cases", "show", std::to_string(id), "--json"});
  BOOST_REQUIRE_MESSAGE(shown.exit_code == 0, shown.err);
  return ParseObject(shown.out);
}

std::string State(const Story& s, std::int64_t id) {
  return Show(s, id)->getValue<std::string>("state");
}

// A takedown of one uploaded file, approved and executed; the mailboxes made.
Story Executed(TestWiki& wiki, const std::string& stem) {
  Story s;
  const std::string run = RunId();
  s.name = stem + " " + run + ".png";
  wiki.Upload(s.folder, {s.name});
  s.complainant = smtp::NewMailbox("complainant-" + stem, "examplestock.example");
  s.uploader = smtp::NewMailbox("uploader-" + stem, "mail.example");
  s.staff = smtp::NewMailbox("staff-" + stem, "wikimedia.example");
  s.config = wiki.WriteConfig(s.folder);
  {
    std::ofstream out(s.config, std::ios::app);
    out << "[smtp]\nhost = " << smtp::Get("host") << "\nport = " << smtp::Get("submission_port")
        << "\ntls = starttls\nuser = " << smtp::Get("user") << "\npassword_file = " << s.folder
        << "/smtp.secret\nca_file = " << smtp::Get("ca_file") << "\ntimeout = 20\n"
        << "[mail]\nfrom = legal@wikimedia.example\nstaff = " << s.staff << "\n";
  }
  Write(s.folder + "/smtp.secret", smtp::Get("password") + "\n");
  Write(s.folder + "/takedown.eml",
        Replace(TakedownMessage("takedown-" + stem + "-" + run, {CommonsUrl(s.name)}),
                "rights@examplestock.example", s.complainant));
  auto ingest = Dmca(s, {"ingest", s.folder + "/takedown.eml"});
  BOOST_REQUIRE_MESSAGE(ingest.exit_code == 0, ingest.err);
  s.takedown = LastCase(s);
  auto approve = Dmca(s, {"approve", std::to_string(s.takedown), "--as", "staff"});
  BOOST_REQUIRE_MESSAGE(approve.exit_code == 0, approve.err);
  auto execute = Dmca(s, {"execute"});
  BOOST_REQUIRE_MESSAGE(execute.exit_code == 0, execute.out + execute.err);
  BOOST_REQUIRE(!wiki.FileExists("File:" + s.name));
  BOOST_REQUIRE(State(s, s.takedown) == "executed");
  return s;
}

// The uploader's counter-notice, mailed in and accepted on business day 1.
std::int64_t Accepted(const Story& s) {
  Write(s.folder + "/counter.eml",
        CounterNoticeMessage("counter-" + RunId(), s.uploader, CommonsUrl(s.name)));
  auto ingest = Dmca(s, {"ingest", s.folder + "/counter.eml"});
  BOOST_REQUIRE_MESSAGE(ingest.exit_code == 0, ingest.err);
  const std::int64_t counter = LastCase(s);
  const auto shown = Show(s, counter);
  BOOST_REQUIRE_EQUAL(shown->getValue<std::string>("kind"), "counter_notice");
  // Received when the uploader sent it, 23:30 Pacific on the Friday, not when it was read.
  BOOST_TEST(shown->getValue<std::string>("received") == "2026-11-28T07:30:00Z");
  auto accept = Dmca(s, {"approve", std::to_string(counter), "--as", "staff"}, kAccept);
  BOOST_REQUIRE_MESSAGE(accept.exit_code == 0, accept.out + accept.err);
  const auto scheduled = Show(s, counter);
  BOOST_TEST(scheduled->getValue<std::string>("state") == "restore_scheduled");
  const auto window = scheduled->getObject("restoration");
  BOOST_REQUIRE(window);
  BOOST_TEST(window->getValue<std::string>("earliest") == "2026-12-11");
  BOOST_TEST(window->getValue<std::string>("latest") == "2026-12-17");
  BOOST_TEST(window->getValue<std::string>("on") == "2026-12-11");
  return counter;
}

std::size_t Count(const std::vector<std::string>& messages, const std::string& needle) {
  std::size_t n = 0;
  for (const auto& m : messages) n += m.find(needle) != std::string::npos;
  return n;
}

BOOST_AUTO_TEST_CASE(a_counter_notice_restores_the_file_on_the_tenth_business_day) {
  TestWiki wiki;
  Story s = Executed(wiki, "story");
  const std::int64_t counter = Accepted(s);
  // §512(g)(2)(B): the complainant has the whole counter-notice, with the dates.
  auto copy = smtp::AwaitInbox(s.complainant, 1);
  BOOST_REQUIRE_EQUAL(copy.size(), 1u);
  BOOST_TEST(copy[0].find("consent to the jurisdiction") != std::string::npos);
  BOOST_TEST(copy[0].find("2026-12-11") != std::string::npos);
  BOOST_TEST(copy[0].find("In-Reply-To: <takedown-story-") != std::string::npos);

  auto day9 = Dmca(s, {"tick", "--now", kDay9});
  BOOST_REQUIRE_MESSAGE(day9.exit_code == 0, day9.out + day9.err);
  BOOST_TEST(!wiki.FileExists("File:" + s.name));
  BOOST_TEST(State(s, counter) == "restore_scheduled");

  auto day10 = Dmca(s, {"tick", "--now", kDay10});
  BOOST_REQUIRE_MESSAGE(day10.exit_code == 0, day10.out + day10.err);
  BOOST_TEST(wiki.FileExists("File:" + s.name));
  BOOST_TEST(wiki.CreateProtection("File:" + s.name).empty());
  bool restored_in_log = false;
  for (const auto& e : wiki.DeletionLog("File:" + s.name)) restored_in_log |= e.action == "restore";
  BOOST_TEST(restored_in_log);
  BOOST_TEST(State(s, counter) == "restored");
  BOOST_TEST(smtp::AwaitInbox(s.uploader, 1).size() == 1u);
  BOOST_TEST(smtp::AwaitInbox(s.complainant, 2).size() == 2u);

  // Again the same day, and the next: nothing more happens.
  const auto log_before = wiki.DeletionLog("File:" + s.name).size();
  auto again = Dmca(s, {"tick", "--now", kDay10});
  BOOST_REQUIRE_MESSAGE(again.exit_code == 0, again.out + again.err);
  std::this_thread::sleep_for(std::chrono::seconds(2));  // what Postfix would still deliver
  BOOST_TEST(wiki.DeletionLog("File:" + s.name).size() == log_before);
  BOOST_TEST(smtp::FetchInbox(s.uploader).size() == 1u);
  BOOST_TEST(smtp::FetchInbox(s.complainant).size() == 2u);
  auto letters = Dmca(s, {"letters", "--json"});
  BOOST_REQUIRE(letters.exit_code == 0);
  BOOST_TEST(letters.out.find("\"unconfirmed\"") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_court_action_on_day_eight_keeps_the_file_down_and_tells_the_uploader) {
  TestWiki wiki;
  Story s = Executed(wiki, "court");
  const std::int64_t counter = Accepted(s);
  auto court = Dmca(s, {"court-action", std::to_string(s.takedown), "--as", "staff", "--note",
                        "complaint filed in N.D. Cal."},
                    kDay8);
  BOOST_REQUIRE_MESSAGE(court.exit_code == 0, court.out + court.err);
  BOOST_TEST(State(s, counter) == "court_action");
  auto day10 = Dmca(s, {"tick", "--now", kDay10});
  BOOST_REQUIRE_MESSAGE(day10.exit_code == 0, day10.out + day10.err);
  BOOST_TEST(!wiki.FileExists("File:" + s.name));
  const auto told = smtp::AwaitInbox(s.uploader, 1);
  BOOST_REQUIRE_EQUAL(told.size(), 1u);
  BOOST_TEST(Count(told, "will not restore") == 1u);
}

BOOST_AUTO_TEST_CASE(a_confirmed_retraction_restores_the_file) {
  TestWiki wiki;
  Story s = Executed(wiki, "licensed");
  Write(s.folder + "/retraction.eml",
        RetractionMessage("retraction-" + RunId(), s.complainant, CommonsUrl(s.name)));
  auto ingest = Dmca(s, {"ingest", s.folder + "/retraction.eml"});
  BOOST_REQUIRE_MESSAGE(ingest.exit_code == 0, ingest.err);
  const std::int64_t retraction = LastCase(s);
  BOOST_REQUIRE_EQUAL(Show(s, retraction)->getValue<std::string>("kind"), "retraction");
  auto confirm = Dmca(s, {"approve", std::to_string(retraction), "--as", "staff"}, kAccept);
  BOOST_REQUIRE_MESSAGE(confirm.exit_code == 0, confirm.out + confirm.err);
  auto tick = Dmca(s, {"tick", "--now", kAccept});
  BOOST_REQUIRE_MESSAGE(tick.exit_code == 0, tick.out + tick.err);
  BOOST_TEST(wiki.FileExists("File:" + s.name));
  BOOST_TEST(State(s, retraction) == "restored");
  BOOST_TEST(smtp::AwaitInbox(s.complainant, 1).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_wiki_down_on_day_ten_restores_later_with_an_overdue_alarm_after_day_14) {
  TestWiki wiki;
  Story s = Executed(wiki, "down");
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
  BOOST_TEST(!wiki.FileExists("File:" + s.name));
  auto late = Dmca(s, {"tick", "--now", kAfterDay14}, "", down_config);
  BOOST_TEST(late.exit_code == 1, late.out + late.err);  // the alarm
  BOOST_TEST(late.out.find("OVERDUE") != std::string::npos, late.out);
  const auto alarm = smtp::AwaitInbox(s.staff, 1);
  BOOST_REQUIRE_GE(alarm.size(), 1u);
  BOOST_TEST(Count(alarm, "OVERDUE") >= 1u);
  // The wiki is back: the next tick restores it.
  auto back = Dmca(s, {"tick", "--now", kAfterDay14});
  BOOST_TEST(wiki.FileExists("File:" + s.name), back.out + back.err);
  BOOST_TEST(State(s, counter) == "restored");
}

}  // namespace
}  // namespace dmca::testing
