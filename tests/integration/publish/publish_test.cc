// `dmca archive publish` against the real MediaWiki (CTest fixture `mediawiki`) and the tests'
// own Lumen endpoint (lumen_endpoint.py): pages created, sections appended, uploader notices in
// the wiki's language, read back through the API; a repeated publish changes no revision; an
// approved but unexecuted case is not published; a failed Lumen submission is retried once and
// never sent twice. Then a corpus of hostile notices: action=parse of every page shows nothing
// injected, and the dump validates against export-0.11.xsd and imports into a fresh wiki
// (fixture `mediawiki_import`) with maintenance/importDump.php.

#include <Poco/JSON/Array.h>
#include <Poco/Process.h>
#include <Poco/URI.h>
#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/archive/xsd_check.h"
#include "tests/integration/wiki/wiki_fixture.h"

namespace dmca::testing {
namespace {

namespace fs = std::filesystem;
using Poco::JSON::Object;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t Lines(const std::string& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

// lumen_endpoint.py on a free loopback port, stopped with SIGTERM.
class LumenEndpoint {
 public:
  LumenEndpoint(const std::string& dir, int fail_first)
      : dir_(dir),
        handle_(Poco::Process::launch("python3",
                                      {DMCA_LUMEN_ENDPOINT, dir, "--fail-first",
                                       std::to_string(fail_first), "--token-file", TokenFile(dir)},
                                      dir)) {
    for (int i = 0; i < 200 && !fs::exists(dir + "/port"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    BOOST_REQUIRE_MESSAGE(fs::exists(dir + "/port"), "lumen_endpoint.py did not start");
    url_ = "http://127.0.0.1:" + Slurp(dir + "/port");
  }
  ~LumenEndpoint() { ::kill(handle_.id(), SIGTERM); }
  static std::string TokenFile(const std::string& dir) {
    const std::string path = dir + "/lumen.token";
    std::ofstream(path) << "lumen-test-token-" << ::getpid() << "\n";
    return path;
  }
  const std::string& url() const { return url_; }
  std::size_t requests() const { return Lines(dir_ + "/requests.log"); }
  std::vector<Poco::JSON::Object::Ptr> accepted() const {
    std::vector<Poco::JSON::Object::Ptr> out;
    std::ifstream in(dir_ + "/accepted.jsonl");
    for (std::string line; std::getline(in, line);) out.push_back(ParseObject(line));
    return out;
  }

 private:
  std::string dir_;
  Poco::ProcessHandle handle_;
  std::string url_;
};

std::string Decode(const std::string& s) {
  std::string out;
  Poco::URI::decode(s, out);
  return out;
}

// The pages a publish run reports as written or found: (verb, title, event).
struct Reported {
  std::string verb, title, event;
};
std::vector<Reported> ReportedPages(const std::string& out) {
  std::vector<Reported> pages;
  const std::regex line(R"(^(wrote|found) \S*index\.php\?title=(\S+) \(case \d+, (\w+)\)$)");
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_match(l, m, line)) pages.push_back({m[1], Decode(m[2]), m[3]});
  }
  return pages;
}

struct PageState {
  bool exists = false;
  std::int64_t revid = 0;
  std::string content;
  std::vector<std::string> tags;
};
PageState ReadPage(TestWiki& wiki, const std::string& title) {
  auto reply = wiki.Query({{"action", "query"},
                           {"prop", "revisions"},
                           {"titles", title},
                           {"rvprop", "ids|content|tags"},
                           {"rvslots", "main"}});
  auto page = reply->getObject("query")->getArray("pages")->getObject(0);
  PageState s;
  if (page->has("missing")) return s;
  auto rev = page->getArray("revisions")->getObject(0);
  s.exists = true;
  s.revid = rev->getValue<std::int64_t>("revid");
  s.content = rev->getObject("slots")->getObject("main")->getValue<std::string>("content");
  auto tags = rev->getArray("tags");
  for (unsigned i = 0; i < tags->size(); ++i) s.tags.push_back(tags->getElement<std::string>(i));
  return s;
}

struct Setup {
  std::string folder, config;
};

Setup Configure(TestWiki& wiki, const std::string& folder, const std::string& lumen_url) {
  Setup s{folder, wiki.WriteConfig(folder)};
  std::ofstream out(s.config, std::ios::app);
  out << "[publish]\nsummary_notice = DMCA notice published: $1\n";
  if (!lumen_url.empty()) {
    out << "[lumen]\nurl = " << lumen_url << "\ntoken_file = " << folder << "/lumen/lumen.token\n";
  }
  return s;
}

std::int64_t Ingest(const Setup& s, const std::string& name, const std::string& message) {
  const std::string path = s.folder + "/" + name + ".eml";
  std::ofstream(path, std::ios::binary) << message;
  auto ingest = RunDmca({"--config", s.config, "ingest", path}, s.folder);
  BOOST_REQUIRE_MESSAGE(ingest.exit_code == 0, ingest.err);
  auto ids = RunDmca({"--config", s.config, "cases", "--ids"}, s.folder);
  std::istringstream in(ids.out);
  std::int64_t id = 0;
  for (std::int64_t n; in >> n;) id = std::max(id, n);
  return id;
}

std::string Numbers(const Setup& s, std::int64_t id, const std::vector<std::string>& titles) {
  auto shown = ParseObject(
      RunDmca({"--config", s.config, "cases", "show", std::to_string(id), "--json"}, s.folder).out);
  auto targets = shown->getArray("targets");
  std::string out;
  for (unsigned i = 0; i < targets->size(); ++i) {
    auto t = targets->getObject(i);
    if (t->isNull("title")) continue;
    const std::string title = t->getValue<std::string>("title");
    if (std::find(titles.begin(), titles.end(), title) == titles.end()) continue;
    out += (out.empty() ? "" : ",") + std::to_string(t->getValue<int>("n"));
  }
  return out;
}

std::string State(const Setup& s, std::int64_t id) {
  return ParseObject(RunDmca({"--config", s.config, "cases", "show", std::to_string(id), "--json"},
                             s.folder)
                         .out)
      ->getValue<std::string>("state");
}

void Approve(const Setup& s, std::int64_t id, const std::string& numbers) {
  std::vector<std::string> args = {"--config",         s.config, "approve",
                                   std::to_string(id), "--as",   "jdoe"};
  if (!numbers.empty()) {
    args.push_back("--targets");
    args.push_back(numbers);
  }
  auto approve = RunDmca(args, s.folder);
  BOOST_REQUIRE_MESSAGE(approve.exit_code == 0, approve.out + approve.err);
}

BOOST_AUTO_TEST_CASE(publishing_writes_every_page_once_and_lumen_gets_it_once) {
  TestWiki wiki;
  TempDir tmp;
  const std::string id = RunId();
  const std::string a = "Lantern " + id + " A.png", b = "Lantern " + id + " B.png",
                    c = "Lantern " + id + " C.png", d = "Lantern " + id + " D.png",
                    e = "Lantern " + id + " E.png";
  wiki.Upload(tmp.path(), {a, b, d, e});
  wiki.Upload(tmp.path(), {c}, "Hochlader" + id, "de");
  fs::create_directories(tmp.path() + "/lumen");
  LumenEndpoint lumen(tmp.path() + "/lumen", /*fail_first=*/1);
  const Setup s = Configure(wiki, tmp.path(), lumen.url());

  std::string c_url = "https://de.wikipedia.org/wiki/Datei:" + c;
  for (char& ch : c_url) ch = ch == ' ' ? '_' : ch;
  const std::int64_t executed =
      Ingest(s, "executed",
             TakedownMessage("pub-" + id, {CommonsUrl(a), CommonsUrl(b), c_url, CommonsUrl(d)}));
  Approve(s, executed, Numbers(s, executed, {"File:" + a, "File:" + b, "File:" + c}));
  auto run = RunDmca({"--config", s.config, "execute"}, s.folder);
  BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.out + run.err);
  BOOST_TEST(State(s, executed) == "executed");
  // Approved after the run: queued, not executed, so not publishable.
  const std::int64_t approved =
      Ingest(s, "approved", TakedownMessage("pub2-" + id, {CommonsUrl(e)}));
  Approve(s, approved, "");
  BOOST_TEST(State(s, approved) == "approved");

  auto first = RunDmca({"--config", s.config, "archive", "publish"}, s.folder);
  BOOST_TEST(first.exit_code == 75, first.out + first.err);  // the Lumen 500: retried later
  const auto pages = ReportedPages(first.out);
  BOOST_TEST_MESSAGE(first.out);
  BOOST_REQUIRE_EQUAL(pages.size(), 5u);  // Foundation, list, pump, two talk pages
  for (const auto& p : pages) BOOST_TEST(p.verb == "wrote", p.title);
  BOOST_TEST(State(s, executed) == "published");
  BOOST_TEST(State(s, approved) == "approved");
  BOOST_TEST(lumen.requests() == 1u);
  BOOST_TEST(lumen.accepted().empty());

  std::map<std::string, PageState> before;
  for (const auto& p : pages) before[p.title] = ReadPage(wiki, p.title);
  const std::string foundation = pages[0].title;
  BOOST_TEST(foundation.rfind("Legal:DMCA_Example_Stock_Images_-_Lantern", 0) == 0, foundation);
  const auto& notice = before[foundation];
  BOOST_TEST(notice.content.rfind("{{DMCA email |from=", 0) == 0);
  BOOST_TEST(notice.content.find("[redacted]") != std::string::npos);
  for (const char* personal : {"Casey Example", "010-2000", "1 Example Plaza", "62701"}) {
    BOOST_TEST(notice.content.find(personal) == std::string::npos, personal);
  }
  BOOST_TEST(notice.content.find("Example Stock Images") != std::string::npos);
  BOOST_TEST((notice.tags == std::vector<std::string>{"dmca-takedown"}));
  const auto& list = before["Commons:Office_actions/DMCA_notices"];
  BOOST_TEST(list.content.find("{{lf|File:" + a + "}}") != std::string::npos);
  BOOST_TEST(list.content.find("{{lf|File:" + b + "}}") != std::string::npos);
  BOOST_TEST(list.content.find(d) == std::string::npos);  // not removed: not listed
  BOOST_TEST(before["Commons:Village_pump"].content.find(
                 "== Notification of DMCA takedown demand - ") != std::string::npos);
  const auto& en = before["User_talk:Uploader"];
  BOOST_TEST(en.content.find("== Notice of upload removal ==") != std::string::npos);
  BOOST_TEST(en.content.find("[[:File:" + a + "]]") != std::string::npos);
  const auto& de = before["User_talk:Hochlader" + id];
  BOOST_TEST(de.content.find("== Hinweis auf die Entfernung eines Uploads ==") !=
             std::string::npos);
  BOOST_TEST(de.content.find("[[:File:" + c + "]]") != std::string::npos);
  // The approved case has no page.
  auto render = RunDmca({"render", "--json", s.folder + "/approved.eml"}, s.folder);
  const std::string approved_title =
      ParseObject(render.out)->getArray("pages")->getObject(0)->getValue<std::string>("title");
  BOOST_TEST(!ReadPage(wiki, approved_title).exists, approved_title);

  auto second = RunDmca({"--config", s.config, "archive", "publish"}, s.folder);
  BOOST_TEST(second.exit_code == 0, second.out + second.err);
  BOOST_TEST(second.out.find("0 pages written") != std::string::npos, second.out);
  for (const auto& [title, state] : before)
    BOOST_TEST(ReadPage(wiki, title).revid == state.revid, title);
  BOOST_TEST(lumen.requests() == 2u);
  const auto accepted = lumen.accepted();
  BOOST_REQUIRE_EQUAL(accepted.size(), 1u);
  const auto sent = accepted[0]->getObject("notice");
  BOOST_TEST(sent->getValue<std::string>("action_taken") == "Partial");
  BOOST_TEST(sent->getArray("works_attributes")
                 ->getObject(0)
                 ->getArray("infringing_urls_attributes")
                 ->size() == 3u);
  BOOST_TEST(sent->getValue<std::string>("body").find("Casey Example") == std::string::npos);

  // A crash between an edit and its record: the section is found, not appended again.
  const std::string db = s.folder + "/dmca.db";
  BOOST_REQUIRE(std::system(("sqlite3 '" + db +
                             "' \"DELETE FROM publications WHERE title LIKE 'User_talk:%'\"")
                                .c_str()) == 0);
  auto third = RunDmca({"--config", s.config, "archive", "publish"}, s.folder);
  BOOST_TEST(third.exit_code == 0, third.out + third.err);
  const auto found = ReportedPages(third.out);
  BOOST_REQUIRE_EQUAL(found.size(), 2u);
  for (const auto& p : found) BOOST_TEST(p.verb == "found", p.title);
  for (const auto& [title, state] : before)
    BOOST_TEST(ReadPage(wiki, title).revid == state.revid, title);
  BOOST_TEST(lumen.requests() == 2u);  // never sent twice
}

// Notices that try every way into the markup: each payload carries "INJECTED" so that whatever
// got through shows up in the parser's output.
std::string HostileMessage(const std::string& message_id, const std::string& url, bool in_headers) {
  const std::string payload =
      "</nowiki>[[Category:INJECTED]] {{INJECTEDTEMPLATE}} [[INJECTED link]] "
      "[[File:INJECTED.png]] __NOTOC__ __INDEX__ <ref>INJECTED ref</ref> "
      "<b class=\"injected\">INJECTED bold</b> <script>INJECTED()</script> "
      "<div id=\"injected\">INJECTED div</div> [http://injected.example INJECTED label] ~~~~ "
      "'''INJECTED strong''' {{#if:1|INJECTED parserfunction}} {{!}} | }} ]] <nowiki>";
  std::ostringstream m;
  m << "From: \"Harbour Rights Ltd " << (in_headers ? payload : std::string()) << "\" "
    << "<rights@harbourrights.example>\r\nTo: legal@wikimedia.org\r\nSubject: DMCA notice "
    << (in_headers ? payload : std::string()) << "\r\nDate: Mon, 23 Nov 2026 09:15:00 -0800\r\n"
    << "Message-ID: <" << message_id << "@harbourrights.example>\r\nMIME-Version: 1.0\r\n"
    << "Content-Type: text/plain; charset=utf-8\r\n\r\n";
  m << "#REDIRECT [[INJECTED redirect]]\r\n== INJECTED heading ==\r\n* INJECTED list\r\n----\r\n"
    << " INJECTED pre\r\n";
  if (!in_headers) m << payload << "\r\n";
  m << "I am writing on behalf of Harbour Rights Ltd, the owner of the exclusive copyrights\r\n"
       "in the photographs of our \"Harbour at dusk\" series (2024), published at\r\n"
       "https://harbourrights.example/dusk.\r\n\r\n"
       "The following material hosted on your sites infringes that copyright:\r\n\r\n"
    << url << "\r\n\r\n"
    << "I have a good faith belief that use of the copyrighted materials described above is\r\n"
       "not authorized by the copyright owner, its agent, or the law.\r\n\r\n"
       "I swear, under penalty of perjury, that the information in this notification is\r\n"
       "accurate and that I am authorized to act on behalf of the owner of the exclusive right\r\n"
       "that is allegedly infringed.\r\n\r\nSincerely,\r\n\r\n/s/ Robin Example\r\n"
       "Harbour Rights Ltd\r\nTel: +44 20 7946 0958\r\n";
  return m.str();
}

// What the parser made of a page: every name it linked, transcluded, categorized or headed,
// and the HTML.
std::string ParsedEverything(TestWiki& wiki, const std::string& title) {
  auto reply = wiki.Query({{"action", "parse"},
                           {"page", title},
                           {"prop",
                            "text|links|templates|categories|externallinks|sections|"
                            "iwlinks|images"}});
  BOOST_REQUIRE_MESSAGE(reply->has("parse"), title);
  auto parse = reply->getObject("parse");
  std::ostringstream names;
  for (const char* list : {"links", "templates", "iwlinks"}) {
    auto items = parse->getArray(list);
    for (unsigned i = 0; i < items->size(); ++i) {
      names << list << ": " << items->getObject(i)->getValue<std::string>("title") << "\n";
    }
  }
  for (const char* list : {"categories", "sections", "externallinks", "images"}) {
    auto items = parse->getArray(list);
    BOOST_TEST_MESSAGE(title << " " << list << ": " << items->size());
    for (unsigned i = 0; i < items->size(); ++i) {
      if (std::string(list) == "categories") {
        names << "category: " << items->getObject(i)->getValue<std::string>("category") << "\n";
      } else if (std::string(list) == "sections") {
        names << "section: " << items->getObject(i)->getValue<std::string>("line") << "\n";
      } else {
        names << list << ": " << items->get(i).toString() << "\n";
      }
    }
  }
  return names.str() + "\n" + parse->getValue<std::string>("text");
}

BOOST_AUTO_TEST_CASE(hostile_notices_stay_inert_and_their_dump_imports) {
  TestWiki wiki;
  TestWiki fresh("DMCA_TEST_MEDIAWIKI_IMPORT_DIR");
  TempDir tmp;
  const std::string id = RunId();
  // Templates standing in for the Foundation's, showing every parameter they get.
  wiki.Write(
      {{"action", "edit"},
       {"title", "Template:DMCA email"},
       {"text",
        "from={{{from}}} date={{{date}}} subject={{{subject}}} to={{{to}}} "
        "content={{{content}}} attachment={{{attachment}}} year={{{year}}}\n{{{message}}}"}});
  wiki.Write({{"action", "edit"}, {"title", "Template:Lf"}, {"text", "[[:{{{1}}}]]"}});
  const Setup s = Configure(wiki, tmp.path(), "");
  std::vector<std::int64_t> cases;
  for (int n = 0; n < 2; ++n) {
    const std::string name = "Harbour " + id + " " + std::to_string(n) + ".png";
    wiki.Upload(tmp.path(), {name});
    cases.push_back(
        Ingest(s, "hostile" + std::to_string(n),
               HostileMessage("hostile" + std::to_string(n) + "-" + id, CommonsUrl(name), n == 1)));
    Approve(s, cases.back(), Numbers(s, cases.back(), {"File:" + name}));
  }
  auto run = RunDmca({"--config", s.config, "execute"}, s.folder);
  BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.out + run.err);
  auto published = RunDmca({"--config", s.config, "archive", "publish"}, s.folder);
  BOOST_REQUIRE_MESSAGE(published.exit_code == 0, published.out + published.err);
  const auto pages = ReportedPages(published.out);
  BOOST_REQUIRE_GE(pages.size(), 6u);
  std::set<std::string> titles;
  for (const auto& p : pages) titles.insert(p.title);
  const std::regex element(
      R"(<(b|script|div|ref|sup|a|h[1-6]|li|pre|hr|strong)\b[^>]*>[^<]*INJECTED)",
      std::regex::icase);
  for (const auto& title : titles) {
    const std::string parsed = ParsedEverything(wiki, title);
    std::istringstream names(parsed.substr(0, parsed.find("\n\n")));
    for (std::string line; std::getline(names, line);) {
      BOOST_TEST(line.find("INJECTED") == std::string::npos, title << ": " << line);
      BOOST_TEST(line.find("injected") == std::string::npos, title << ": " << line);
    }
    const std::string html = parsed.substr(parsed.find("\n\n"));
    BOOST_TEST(!std::regex_search(html, element), title);
    BOOST_TEST(html.find("class=\"injected\"") == std::string::npos, title);
    BOOST_TEST(html.find("id=\"injected\"") == std::string::npos, title);
    BOOST_TEST(html.find("<script") == std::string::npos, title);
    BOOST_TEST(html.find("mw-references") == std::string::npos, title);
    BOOST_TEST(html.find("redirectMsg") == std::string::npos, title);
    if (title.rfind("Legal:", 0) == 0) {
      // The text is there, shown as text: the notice is published, not swallowed.
      BOOST_TEST(html.find("INJECTED label") != std::string::npos, title);
      // Shown as &#95;&#95;NOTOC&#95;&#95;: text, not the magic word.
      BOOST_TEST(html.find("&#95;&#95;NOTOC&#95;&#95;") != std::string::npos, title);
    }
  }

  const std::string archive = tmp.path() + "/archive";
  auto build = RunDmca({"--config", s.config, "archive", "build", "--out", archive}, s.folder);
  BOOST_REQUIRE_MESSAGE(build.exit_code == 0, build.out + build.err);
  const std::string dump = archive + "/export-foundation.wikimedia.org.xml";
  const auto errors = ValidateExport(Slurp(dump));
  std::string all;
  for (const auto& e : errors) all += e;
  BOOST_TEST(errors.empty(), all);
  const std::string command = std::string(DMCA_SOURCE_DIR) +
                              "/scripts/mediawiki-test-server.sh import '" + fresh.dir() + "' '" +
                              dump + "' >/dev/null";
  BOOST_REQUIRE(std::system(command.c_str()) == 0);
  std::size_t found = 0;
  for (const auto& title : titles) {
    if (title.rfind("Legal:", 0) != 0) continue;
    const PageState imported = ReadPage(fresh, title);
    BOOST_TEST(imported.exists, title);
    // Saving trims the trailing newline; the import keeps the text as exported.
    std::string saved = ReadPage(wiki, title).content, text = imported.content;
    while (!text.empty() && text.back() == '\n') text.pop_back();
    BOOST_TEST(text == saved, title);
    ++found;
  }
  BOOST_TEST(found == 2u);
}

}  // namespace
}  // namespace dmca::testing
