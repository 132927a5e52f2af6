#include "app/config.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace dmca::app {
namespace {

std::string WriteConfig(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

BOOST_AUTO_TEST_CASE(defaults_need_no_file) {
  const auto config = LoadConfig(WriteConfig("dmca-empty.conf", ""));
  BOOST_REQUIRE(config.ok());
  BOOST_TEST(config->store_path == "./dmca.db");
  BOOST_TEST(config->redaction_marker == "[redacted]");
}

// CONTRACT.md's configuration, exactly as outside checks write it, loads; the wiki settings it
// leaves out have their defaults, and per-wiki sections override one site.
BOOST_AUTO_TEST_CASE(the_contract_configuration_loads) {
  const auto config = LoadConfig(WriteConfig(
      "dmca-contract.conf",
      "[mediawiki]\n"
      "api = https://{site}/w/api.php   ; the Action API endpoint\n"
      "user = DMCA-Bot@dmca             ; a bot password user\n"
      "password_file = /etc/dmca/mediawiki.secret   ; or $DMCA_MEDIAWIKI_PASSWORD\n"
      "change_tag = dmca-takedown       ; applied to every deletion, restoration and edit\n\n"
      "[mail]\n"
      "outbox = ./outbox                ; with no SMTP server configured\n\n"
      "[mediawiki.wikisource.org]\n"
      "api = https://wikisource.org/w/api.php\n"
      "oauth_token_file = /etc/dmca/wikisource.token\n"));
  BOOST_REQUIRE_MESSAGE(config.ok(), config.status().ToString());
  BOOST_TEST(config->wiki.api == "https://{site}/w/api.php");
  BOOST_TEST(config->wiki.user == "DMCA-Bot@dmca");
  BOOST_TEST(config->wiki.password_file == "/etc/dmca/mediawiki.secret");
  BOOST_TEST(config->change_tag == "dmca-takedown");
  BOOST_TEST(config->mail_outbox == "./outbox");
  BOOST_TEST(config->wiki_contact == "legal@wikimedia.org");
  BOOST_TEST(config->protect_level == "sysop");
  BOOST_TEST_REQUIRE(config->wiki_sites.count("wikisource.org") == 1u);
  const auto& site = config->wiki_sites.at("wikisource.org");
  BOOST_TEST(site.api == "https://wikisource.org/w/api.php");
  BOOST_TEST(site.oauth_token_file == "/etc/dmca/wikisource.token");
  const auto typo =
      LoadConfig(WriteConfig("dmca-typo.conf", "[mediawiki.wikisource.org]\napi_url = x\n"));
  BOOST_TEST(!typo.ok());
}

// The README's ```ini blocks, in order.
std::vector<std::string> ReadmeIniBlocks() {
  std::ifstream readme(std::string(DMCA_SOURCE_DIR) + "/README.md");
  std::vector<std::string> blocks;
  std::string line;
  bool inside = false;
  while (std::getline(readme, line)) {
    if (line == "```ini") {
      inside = true;
      blocks.emplace_back();
    } else if (inside && line == "```") {
      inside = false;
    } else if (inside) {
      blocks.back() += line + "\n";
    }
  }
  return blocks;
}

// The README's configuration example, inline comments and all, is a file dmca accepts.
BOOST_AUTO_TEST_CASE(the_readme_example_loads) {
  const auto blocks = ReadmeIniBlocks();
  BOOST_REQUIRE(!blocks.empty());
  const std::string& example = blocks[0];
  const auto config = LoadConfig(WriteConfig("dmca-readme.conf", example));
  BOOST_REQUIRE_MESSAGE(config.ok(), config.status().ToString());
  BOOST_TEST(config->wiki.api == "https://{site}/w/api.php");
  BOOST_TEST(config->change_tag == "dmca-takedown");
  BOOST_TEST(config->wiki_contact == "legal@wikimedia.org");
  BOOST_TEST(config->execute_lease_seconds == 900);
}

// Every other ```ini block of the README ([serve], ...) loads too.
BOOST_AUTO_TEST_CASE(every_readme_ini_block_loads) {
  const auto blocks = ReadmeIniBlocks();
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto config =
        LoadConfig(WriteConfig("dmca-readme-" + std::to_string(i) + ".conf", blocks[i]));
    BOOST_TEST(config.ok(), "README ini block " << i << ": " << config.status().ToString());
  }
}

BOOST_AUTO_TEST_CASE(intake_staff_defaults_and_lists) {
  const auto defaults = LoadConfig(WriteConfig("dmca-empty.conf", ""));
  BOOST_REQUIRE(defaults.ok());
  const std::vector<std::string> wikimedia = {"wikimedia.org", "wikimediafoundation.org"};
  BOOST_TEST(defaults->intake.staff_domains == wikimedia);
  BOOST_TEST(defaults->intake.IsStaff("Legal <legal@wikimedia.org>"));
  BOOST_TEST(!defaults->intake.IsStaff("owner@example.org"));
  const auto config =
      LoadConfig(WriteConfig("dmca-intake.conf",
                             "[intake]\nstaff_domains = staff.example.org , example.net\n"
                             "staff_addresses = desk@example.com\n"));
  BOOST_REQUIRE_MESSAGE(config.ok(), config.status().ToString());
  const std::vector<std::string> domains = {"staff.example.org", "example.net"};
  BOOST_TEST(config->intake.staff_domains == domains);
  BOOST_TEST(config->intake.IsStaff("Desk <DESK@example.com>"));
  BOOST_TEST(config->intake.IsStaff("a@mail.example.net"));
  BOOST_TEST(!config->intake.IsStaff("a@wikimedia.org"));
  BOOST_TEST(!config->intake.IsStaff("other@example.com"));
}

BOOST_AUTO_TEST_CASE(sections_are_read) {
  const auto config = LoadConfig(WriteConfig("dmca-full.conf",
                                             "[store]\npath = /var/lib/dmca/cases.db\n"
                                             "[archive]\nmarker = [removed]\n"
                                             "[pop3]\nhost = mail.example.org\nport = 995\n"
                                             "delete_after_commit = true\n"
                                             "[imap]\nafter_commit = move:Processed\n"));
  BOOST_REQUIRE_MESSAGE(config.ok(), config.status().ToString());
  BOOST_TEST(config->store_path == "/var/lib/dmca/cases.db");
  BOOST_TEST(config->redaction_marker == "[removed]");
  BOOST_TEST(config->pop3.host == "mail.example.org");
  BOOST_TEST(config->pop3.port == 995);
  BOOST_TEST(config->pop3.delete_after_commit);
  BOOST_TEST(config->imap.after_commit == "move:Processed");
  BOOST_TEST(config->imap.mailbox == "INBOX");
}

BOOST_AUTO_TEST_CASE(a_typo_is_an_error_not_a_default) {
  const auto config = LoadConfig(WriteConfig("dmca-typo.conf", "[store]\npaht = x.db\n"));
  BOOST_REQUIRE(!config.ok());
  BOOST_TEST(config.status().message().find("store.paht") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_an_error) {
  const auto config = LoadConfig("/nonexistent/dmca.conf");
  BOOST_TEST(!config.ok());
}

BOOST_AUTO_TEST_CASE(limits_are_configured_and_must_be_positive) {
  const auto config = LoadConfig(WriteConfig(
      "dmca-limits.conf",
      "[limits]\nmessage_bytes = 1000000   ; one MB\nmessage_seconds = 5\nurls = 20\n"
      "pdf_pages = 7\npdf_seconds = 3\npdf_memory_mb = 256\n"));
  BOOST_TEST_REQUIRE(config.ok(), config.status().ToString());
  BOOST_TEST(config->max_message_bytes == 1'000'000u);
  BOOST_TEST(config->max_message_seconds == 5);
  BOOST_TEST(config->intake.limits.max_urls == 20u);
  BOOST_TEST(config->intake.limits.pdf.max_pages == 7);
  BOOST_TEST(config->intake.limits.pdf.max_seconds == 3);
  BOOST_TEST(config->intake.limits.pdf.max_memory_mb == 256u);
  for (const char* bad : {"[limits]\nurls = 0\n", "[limits]\npdf_pages = -3\n",
                          "[limits]\nmessage_bytes = lots\n"}) {
    const auto refused = LoadConfig(WriteConfig("dmca-bad-limits.conf", bad));
    BOOST_TEST(!refused.ok(), bad);
  }
}

}  // namespace
}  // namespace dmca::app
