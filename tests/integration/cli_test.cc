#define BOOST_TEST_MODULE integration_cli
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <pwd.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "tests/integration/run.h"

namespace dmca::testing {
namespace {

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;

const std::string kComplete = "1732441001.M1P100.intake.complete-attached.eml";
const std::string kDeficient = "1732441002.M2P100.intake.deficient-inline.eml";
const std::string kCounter = "1732441003.M3P100.intake.counter-notice-outlook.eml";
const std::string kTrademark = "1732441004.M4P100.intake.trademark-apple.eml";
const std::string kHtmlTwice = "1732441005.M5P100.intake.html-forwarded-twice.eml";
const std::string kRetraction = "1732441006.M6P100.intake.retraction.eml";

Object::Ptr Check(const std::string& sample) {
  const RunResult r = RunDmca({"check", "--json", Sample(sample)});
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return ParseObject(r.out);
}

bool HasMissing(const Object::Ptr& check, const std::string& name) {
  const Array::Ptr missing = check->getArray("missing");
  for (std::size_t i = 0; i < missing->size(); ++i) {
    if (missing->getElement<std::string>(i) == name) return true;
  }
  return false;
}

BOOST_AUTO_TEST_CASE(parse_json_follows_the_contract) {
  const RunResult r = RunDmca({"parse", "--json", Sample(kComplete)});
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const Object::Ptr json = ParseObject(r.out);
  const Object::Ptr headers = json->getObject("headers");
  for (const char* key : {"from", "to", "cc", "subject", "date", "message_id"}) {
    BOOST_TEST(headers->has(key), key);
  }
  BOOST_TEST(headers->getValue<std::string>("from").find("legal-staffer@wikimedia.org") !=
             std::string::npos);
  BOOST_TEST(headers->isNull("cc"));
  const Array::Ptr parts = json->getArray("parts");
  BOOST_REQUIRE_EQUAL(parts->size(), 2u);
  const Object::Ptr inner = parts->getObject(1);
  BOOST_TEST(inner->getValue<std::string>("path") == "1.2.1");
  BOOST_TEST(inner->getValue<std::string>("content_type") == "text/plain");
  BOOST_TEST(inner->getValue<std::string>("sha256").size() == 64u);
  // Quoted-printable soft breaks are undone.
  BOOST_TEST(inner->getValue<std::string>("text").find("first published in our catalogue") !=
             std::string::npos);
  BOOST_TEST(json->getArray("defects"));
}

BOOST_AUTO_TEST_CASE(parse_reads_standard_input) {
  std::ifstream in(Sample(kDeficient));
  const std::string bytes((std::istreambuf_iterator<char>(in)), {});
  const RunResult r = RunDmca({"parse", "--json", "-"}, ".", bytes);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  BOOST_TEST(ParseObject(r.out)->getObject("headers")->getValue<std::string>("subject") ==
             "Fwd: Copyright infringement on Wikipedia");
}

BOOST_AUTO_TEST_CASE(check_recovers_an_attached_complete_takedown) {
  const Object::Ptr check = Check(kComplete);
  BOOST_TEST(check->getValue<std::string>("kind") == "takedown");
  const Object::Ptr original = check->getObject("original");
  BOOST_TEST(original->getValue<std::string>("from").find("rights@examplepictures.example") !=
             std::string::npos);
  BOOST_TEST(original->getValue<std::string>("subject").rfind("DMCA Takedown Notice", 0) == 0);
  BOOST_TEST(check->getValue<bool>("complete"));
  BOOST_TEST(check->getArray("missing")->size() == 0u);
  const Object::Ptr elements = check->getObject("elements");
  for (const char* name :
       {"signature", "copyrighted_work", "infringing_material", "contact_information",
        "good_faith_statement", "accuracy_and_authority_statement"}) {
    BOOST_REQUIRE_MESSAGE(elements->has(name), name);
    BOOST_TEST(elements->getObject(name)->getValue<bool>("present"), name);
    BOOST_TEST(!elements->getObject(name)->isNull("evidence"), name);
  }
  const Array::Ptr targets = check->getArray("targets");
  bool commons = false, enwiki_file = false;
  for (std::size_t i = 0; i < targets->size(); ++i) {
    const Object::Ptr t = targets->getObject(i);
    if (t->isNull("title")) continue;
    const std::string site = t->getValue<std::string>("site");
    const std::string title = t->getValue<std::string>("title");
    commons |= site == "commons.wikimedia.org" && title == "File:Sunset over Example Bay.jpg";
    enwiki_file |= site == "en.wikipedia.org" && title == "File:Sunset over Example Bay (crop).jpg";
  }
  BOOST_TEST(commons);
  BOOST_TEST(enwiki_file);
}

BOOST_AUTO_TEST_CASE(check_names_what_a_deficient_notice_lacks) {
  const Object::Ptr check = Check(kDeficient);
  BOOST_TEST(check->getValue<std::string>("kind") == "takedown");
  BOOST_TEST(!check->getValue<bool>("complete"));
  BOOST_TEST(HasMissing(check, "good_faith_statement"));
  BOOST_TEST(HasMissing(check, "accuracy_and_authority_statement"));
  BOOST_TEST(!HasMissing(check, "infringing_material"));
  BOOST_TEST(check->getObject("original")
                 ->getValue<std::string>("from")
                 .find("riley.sample@mail.example") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(check_classifies_every_kind) {
  BOOST_TEST(Check(kCounter)->getValue<std::string>("kind") == "counter_notice");
  BOOST_TEST(Check(kTrademark)->getValue<std::string>("kind") == "other");
  BOOST_TEST(Check(kRetraction)->getValue<std::string>("kind") == "retraction");
  const Object::Ptr counter = Check(kCounter);
  BOOST_TEST(counter->getValue<bool>("complete"));
  for (const char* name : {"signature", "removed_material", "mistake_statement",
                           "contact_information", "jurisdiction_consent"}) {
    BOOST_TEST(counter->getObject("elements")->has(name), name);
  }
}

BOOST_AUTO_TEST_CASE(check_sees_through_html_and_two_forwards_and_flags_spoofs) {
  const Object::Ptr check = Check(kHtmlTwice);
  BOOST_TEST(check->getValue<std::string>("kind") == "takedown");
  BOOST_TEST(check->getObject("original")
                 ->getValue<std::string>("from")
                 .find("notices@examplelegal.example") != std::string::npos);
  const Array::Ptr targets = check->getArray("targets");
  int spoofs = 0, de_file = 0;
  for (std::size_t i = 0; i < targets->size(); ++i) {
    const Object::Ptr t = targets->getObject(i);
    if (t->getValue<bool>("spoof")) {
      ++spoofs;
      BOOST_TEST(!t->getValue<bool>("in_scope"));
    }
    if (!t->isNull("title") &&
        t->getValue<std::string>("title") == "File:Example City transit map 2025.svg" &&
        t->getValue<std::string>("site") == "de.wikipedia.org") {
      ++de_file;
    }
  }
  BOOST_TEST(spoofs == 1);
  BOOST_TEST(de_file == 1);  // the media viewer fragment names the file, not the article
}

BOOST_AUTO_TEST_CASE(plain_text_is_read_as_a_notice_body) {
  const RunResult r = RunDmca(
      {"check", "--json", "-"}, ".",
      "I have a good faith belief that the photo at "
      "https://commons.wikimedia.org/wiki/File:Example.jpg is not authorized by the copyright "
      "owner, its agent, or the law.\n");
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const Object::Ptr check = ParseObject(r.out);
  BOOST_TEST(check->getObject("original")->isNull("from"));
  BOOST_TEST(check->getArray("targets")->size() == 1u);
}

BOOST_AUTO_TEST_CASE(url_json_is_an_array_in_argument_order) {
  const RunResult r = RunDmca({"url", "--json", "https://en.m.wikipedia.org/wiki/Datei:Foo_bar.jpg",
                               "https://example.org/x"});
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  Poco::JSON::Parser parser;
  const Array::Ptr array = parser.parse(r.out).extract<Array::Ptr>();
  BOOST_REQUIRE_EQUAL(array->size(), 2u);
  BOOST_TEST(array->getObject(0)->getValue<std::string>("site") == "en.wikipedia.org");
  BOOST_TEST(array->getObject(0)->getValue<std::string>("title") == "File:Foo bar.jpg");
  BOOST_TEST(array->getObject(0)->getValue<bool>("in_scope"));
  BOOST_TEST(!array->getObject(1)->getValue<bool>("in_scope"));
  BOOST_TEST(array->getObject(1)->isNull("site"));
}

BOOST_AUTO_TEST_CASE(calendar_json) {
  const RunResult r = RunDmca({"calendar", "--json", "2026-11-24"});
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const Object::Ptr json = ParseObject(r.out);
  BOOST_TEST(json->getValue<std::string>("received") == "2026-11-24");
  BOOST_TEST(json->getValue<std::string>("earliest_restore") == "2026-12-09");
  BOOST_TEST(json->getValue<std::string>("latest_restore") == "2026-12-15");
  BOOST_TEST(RunDmca({"calendar", "--json", "2026-02-30"}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2_and_every_command_has_help) {
  BOOST_TEST(RunDmca({}).exit_code == 2);
  BOOST_TEST(RunDmca({"frobnicate"}).exit_code == 2);
  BOOST_TEST(RunDmca({"check", "--bogus", "x"}).exit_code == 2);
  BOOST_TEST(RunDmca({"parse", "--json"}).exit_code == 2);
  const RunResult help = RunDmca({"--help"});
  BOOST_TEST(help.exit_code == 0);
  for (const char* command : {"parse", "check", "url", "calendar", "render", "ingest", "cases",
                              "approve", "reject", "execute", "archive", "audit"}) {
    BOOST_TEST(help.out.find(std::string("  ") + command) != std::string::npos, command);
    const RunResult one = RunDmca({command, "--help"});
    BOOST_TEST(one.exit_code == 0, command);
    BOOST_TEST(one.out.rfind("usage: dmca ", 0) == 0u, command);
  }
}

BOOST_AUTO_TEST_CASE(an_empty_file_is_a_one_line_error) {
  TempDir dir;
  const std::string empty = dir.path() + "/empty.eml";
  std::ofstream(empty).close();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"parse", "--json", empty},
        std::vector<std::string>{"check", empty}, std::vector<std::string>{"ingest", empty}}) {
    const RunResult r = RunDmca(args, dir.path());
    BOOST_TEST(r.exit_code == 1, args[0]);
    BOOST_TEST(r.err.find("empty.eml") != std::string::npos, r.err);
    BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
  }
  BOOST_TEST(!fs::exists(dir.path() + "/dmca.db"));  // no partial state
}

BOOST_AUTO_TEST_CASE(a_directory_that_is_not_a_maildir_is_a_one_line_error) {
  TempDir dir;
  fs::create_directories(dir.path() + "/plain");
  const RunResult r = RunDmca({"ingest", "plain"}, dir.path());
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("not a Maildir") != std::string::npos, r.err);
  BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
  BOOST_TEST(!fs::exists(dir.path() + "/dmca.db"));
}

BOOST_AUTO_TEST_CASE(an_unusable_store_path_is_a_one_line_error_and_leaves_nothing) {
  TempDir dir;
  std::ofstream(dir.path() + "/dmca.conf")
      << "[store]\npath = " << dir.path() << "/missing/dir/dmca.db\n";
  const RunResult r = RunDmca({"ingest", Sample(kComplete)}, dir.path());
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("missing/dir") != std::string::npos, r.err);
  BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
  BOOST_TEST(!fs::exists(dir.path() + "/missing"));
}

BOOST_AUTO_TEST_CASE(the_main_job_twice_gives_the_same_cases) {
  TempDir dir;
  fs::copy(std::string(DMCA_SOURCE_DIR) + "/samples/maildir", dir.path() + "/maildir",
           fs::copy_options::recursive);
  RunResult r = RunDmca({"ingest", "maildir"}, dir.path());
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("6 new") != std::string::npos, r.out);
  BOOST_TEST(fs::is_empty(dir.path() + "/maildir/new"));  // moved to cur/ after the commit
  const std::string first = RunDmca({"cases"}, dir.path()).out;
  // The same messages again (a copy back in new/): one case each, nothing duplicated.
  for (const auto& entry :
       fs::directory_iterator(std::string(DMCA_SOURCE_DIR) + "/samples/maildir/new")) {
    fs::copy(entry.path(), dir.path() + "/maildir/new/" + entry.path().filename().string());
  }
  r = RunDmca({"ingest", "maildir"}, dir.path());
  BOOST_TEST(r.out.find("0 new, 6 duplicates") != std::string::npos, r.out);
  BOOST_TEST(RunDmca({"cases"}, dir.path()).out == first);
  // Approve the complete takedowns; the dry run plans their deletions and changes nothing.
  const RunResult ids = RunDmca({"cases", "--state", "pending_approval", "--ids"}, dir.path());
  BOOST_TEST(ids.out == "1\n5\n");
  BOOST_TEST(RunDmca({"approve", "1", "--as", "tester"}, dir.path()).exit_code == 0);
  BOOST_TEST(RunDmca({"approve", "1", "--as", "tester"}, dir.path()).exit_code == 1);
  const RunResult dry = RunDmca({"execute", "--dry-run"}, dir.path());
  BOOST_TEST(dry.out.find("action=delete&title=File%3ASunset%20over%20Example%20Bay.jpg") !=
                 std::string::npos,
             dry.out);
  BOOST_TEST(RunDmca({"execute", "--dry-run"}, dir.path()).out == dry.out);
  BOOST_TEST(RunDmca({"cases", "--state", "approved", "--ids"}, dir.path()).out == "1\n");
  const RunResult archive = RunDmca({"archive", "build", "--out", "pages"}, dir.path());
  BOOST_TEST(archive.exit_code == 0, archive.err);
  BOOST_TEST(fs::exists(dir.path() + "/pages/index.html"));
  const RunResult letter = RunDmca({"letter", "2"}, dir.path());
  BOOST_TEST(letter.out.find("good") != std::string::npos, letter.out);
}

// The audit trail of a demo-like store verifies; an edit made behind dmca's back is named, on one
// line, with exit 1.
BOOST_AUTO_TEST_CASE(audit_verify_names_a_tampered_entry) {
  TempDir dir;
  fs::copy(std::string(DMCA_SOURCE_DIR) + "/samples/maildir", dir.path() + "/maildir",
           fs::copy_options::recursive);
  BOOST_TEST(RunDmca({"audit", "verify"}, dir.path()).exit_code == 1);  // no store yet
  BOOST_TEST(!fs::exists(dir.path() + "/dmca.db"));
  BOOST_REQUIRE(RunDmca({"ingest", "maildir"}, dir.path()).exit_code == 0);
  BOOST_REQUIRE(
      RunDmca({"approve", "1", "--as", "tester", "--note", "checked"}, dir.path()).exit_code == 0);
  RunResult r = RunDmca({"audit", "verify"}, dir.path());
  BOOST_TEST(r.exit_code == 0, r.err);
  // 6 ingested, 2 linked (the counter-notice and the retraction), 1 approved.
  BOOST_TEST(r.out.rfind("audit trail intact: 9 entries\n", 0) == 0u, r.out);
  BOOST_TEST(r.out.find("head: seq 9 sha256 ") != std::string::npos, r.out);

  const passwd* pw = ::getpwuid(::geteuid());
  const std::string os_user = pw && pw->pw_name ? pw->pw_name : std::to_string(::geteuid());
  r = RunDmca({"audit", "show", "1"}, dir.path());
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(
      r.out.find("  #1  tester (" + os_user +
                 ")  approved  -  -  all targets (2 to delete): checked\n") != std::string::npos,
      r.out);
  BOOST_TEST(r.out.find("\n9  ") != std::string::npos, r.out);  // seq numbers the whole trail
  BOOST_TEST(r.out.find("2 entries\n") != std::string::npos, r.out);
  r = RunDmca({"audit", "show"}, dir.path());
  BOOST_TEST(r.out.find("9 entries\n") != std::string::npos, r.out);
  BOOST_TEST(RunDmca({"audit", "show", "77"}, dir.path()).exit_code == 1);
  for (const std::vector<std::string>& args : {std::vector<std::string>{"audit"},
                                               {"audit", "frob"},
                                               {"audit", "verify", "1"},
                                               {"audit", "show", "x"},
                                               {"audit", "show", "1", "2"}}) {
    BOOST_TEST(RunDmca(args, dir.path()).exit_code == 2, args.back());
  }

  {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", dir.path() + "/dmca.db");
    session << "UPDATE audit SET actor = 'someone else' WHERE action = 'approved'",
        Poco::Data::Keywords::now;
  }
  r = RunDmca({"audit", "verify"}, dir.path());
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.out.empty(), r.out);
  BOOST_TEST(r.err == "dmca: audit trail broken: entry 9 (case 1, approved) was changed\n");
}

BOOST_AUTO_TEST_CASE(render_json_is_redacted_and_inert) {
  const RunResult r = RunDmca({"render", "--json", Sample(kComplete)});
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const Object::Ptr json = ParseObject(r.out);
  const Array::Ptr pages = json->getArray("pages");
  BOOST_REQUIRE_GE(pages->size(), 2u);
  BOOST_TEST(pages->getObject(0)->getValue<std::string>("site") == "foundation.wikimedia.org");
  BOOST_TEST(pages->getObject(0)->getValue<std::string>("title").rfind("Legal:DMCA_", 0) == 0u);
  BOOST_TEST(pages->getObject(1)->getValue<std::string>("title") ==
             "Commons:Office_actions/DMCA_notices");
  for (std::size_t i = 0; i < pages->size(); ++i) {
    const std::string text = pages->getObject(i)->getValue<std::string>("wikitext");
    BOOST_TEST(text.find("Morgan Example") == std::string::npos);  // a person's name
    BOOST_TEST(text.find("010-4477") == std::string::npos);        // a telephone number
    BOOST_TEST(text.find("1200 Example Avenue") == std::string::npos);
  }
}

}  // namespace
}  // namespace dmca::testing
