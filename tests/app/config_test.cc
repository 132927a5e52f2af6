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

}  // namespace
}  // namespace dmca::app
