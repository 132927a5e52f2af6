#include "tests/integration/clock/story.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>

#include "tests/integration/mail/smtp_fixture.h"

namespace dmca::testing {

RunResult Dmca(const Story& s, std::vector<std::string> args, const std::string& now,
               const std::string& config) {
  std::vector<std::string> full = {"--config", config.empty() ? s.config : config};
  full.insert(full.end(), args.begin(), args.end());
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
                                 const std::vector<std::string>& urls) {
  std::string list;
  for (const auto& url : urls) list += url + "\r\n";
  return "From: Alex Uploader <" + from + ">\r\nTo: legal@wikimedia.org\r\n"
         "Subject: Counter-notification " + id + "\r\n"
         "Date: Fri, 27 Nov 2026 23:30:00 -0800\r\nMessage-ID: <" + id + "@mail.example>\r\n"
         "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
         "To the Wikimedia Foundation's designated agent:\r\n\r\n"
         "The following material was removed from Wikimedia Commons after a DMCA notice:\r\n\r\n" +
         list +
         "\r\nIt appeared at that address before it was removed.\r\n\r\n"
         "I swear, under penalty of perjury, that I have a good faith belief that the material "
         "was removed or disabled as a result of mistake or misidentification of the material "
         "to be removed or disabled. I took this photograph myself.\r\n\r\n"
         "I consent to the jurisdiction of the Federal District Court for the judicial district "
         "in which my address is located, and I will accept service of process from the person "
         "who provided the notification or an agent of such person.\r\n\r\n"
         "Alex Uploader\r\n77 Example Road\r\nColumbus, OH 43004\r\nTelephone: 555-0123\r\n"
         "Email: " + from + "\r\n\r\n/s/ Alex Uploader\r\n";
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

Story NewStory(TestWiki& wiki, const std::string& stem) {
  Story s;
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
  return s;
}

void ExecutedTakedown(TestWiki& wiki, Story& s, const std::string& stem, int files) {
  const std::string run = RunId();
  std::vector<std::string> names, urls;
  for (int i = 1; i <= files; ++i) {
    names.push_back(stem + " " + run + (files > 1 ? " " + std::to_string(i) : "") + ".png");
    urls.push_back(CommonsUrl(names.back()));
  }
  wiki.Upload(s.folder, names);
  const std::string eml = s.folder + "/takedown-" + run + ".eml";
  Write(eml, Replace(TakedownMessage("takedown-" + stem + "-" + run, urls),
                     "rights@examplestock.example", s.complainant));
  auto ingest = Dmca(s, {"ingest", eml});
  BOOST_REQUIRE_MESSAGE(ingest.exit_code == 0, ingest.err);
  s.takedown = LastCase(s);
  auto approve = Dmca(s, {"approve", std::to_string(s.takedown), "--as", "staff"});
  BOOST_REQUIRE_MESSAGE(approve.exit_code == 0, approve.err);
  auto execute = Dmca(s, {"execute"});
  BOOST_REQUIRE_MESSAGE(execute.exit_code == 0, execute.out + execute.err);
  for (const auto& name : names) BOOST_REQUIRE(!wiki.FileExists("File:" + name));
  BOOST_REQUIRE(State(s, s.takedown) == "executed");
  s.names.insert(s.names.end(), names.begin(), names.end());
  s.last_names = names;
}

std::int64_t Accepted(const Story& s, bool check) {
  std::vector<std::string> urls;
  for (const auto& name : s.last_names) urls.push_back(CommonsUrl(name));
  const std::string eml = s.folder + "/counter-" + RunId() + ".eml";
  Write(eml, CounterNoticeMessage("counter-" + RunId(), s.uploader, urls));
  auto ingest = Dmca(s, {"ingest", eml});
  BOOST_REQUIRE_MESSAGE(ingest.exit_code == 0, ingest.err);
  const std::int64_t counter = LastCase(s);
  const auto shown = Show(s, counter);
  BOOST_REQUIRE_EQUAL(shown->getValue<std::string>("kind"), "counter_notice");
  auto accept = Dmca(s, {"approve", std::to_string(counter), "--as", "staff"}, kAccept);
  BOOST_REQUIRE_MESSAGE(accept.exit_code == 0, accept.out + accept.err);
  if (!check) return counter;
  // Received when the uploader sent it, 23:30 Pacific on the Friday, not when it was read.
  BOOST_TEST(shown->getValue<std::string>("received") == "2026-11-28T07:30:00Z");
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

}  // namespace dmca::testing
