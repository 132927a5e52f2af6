// Every option and positional of every command (the command table itself, so commands added
// later are covered too) fed values that are not what it takes: letters, signs, spaces,
// overflow, empty, invalid UTF-8, impossible dates. Each run must end with an exit code of the
// contract (0, 1, 2 or 75) and a message, never an abort or a signal (`dmca cases --limit abc`
// once aborted on an uncaught exception).
#define BOOST_TEST_MODULE integration_arguments
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <set>

#include "app/commands.h"
#include "tests/integration/run.h"

namespace dmca::testing {
namespace {

namespace fs = std::filesystem;

// Each stands for a class: not a number, a sign, overflow, empty, not UTF-8, a date that is
// not one ("0", "+5", " 7" and the like are in the unit tests of each parser).
const std::vector<std::string> kHostile = {"abc", "-1", "99999999999999999999999", "", "\xff\xfe",
                                           "2026-02-30"};

std::vector<app::Command> AllCommands() {
  std::vector<app::Command> all;
  for (auto part : {app::NoticeCommands, app::CaseCommands, app::DecideCommands,
                    app::PublishCommands, app::AuditCommands}) {
    for (auto& command : part()) all.push_back(std::move(command));
  }
  return all;
}

BOOST_AUTO_TEST_CASE(no_argument_aborts_any_command) {
  TempDir dir;
  // A store with cases, so commands get past "nothing ingested yet" to their arguments.
  fs::copy(std::string(DMCA_SOURCE_DIR) + "/samples/maildir", dir.path() + "/maildir",
           fs::copy_options::recursive);
  BOOST_TEST_REQUIRE(RunDmca({"ingest", "maildir"}, dir.path()).exit_code == 0);

  const std::set<int> contract = {0, 1, 2, 75};
  std::size_t runs = 0;
  for (const app::Command& command : AllCommands()) {
    std::vector<std::vector<std::string>> shapes;
    for (const std::string& value : kHostile) {
      for (const std::string& option : command.options) {
        shapes.push_back({command.name, option, value});
      }
      shapes.push_back({command.name, value});
      if (command.usage.find(" show ") != std::string::npos) {
        shapes.push_back({command.name, "show", value});
      }
    }
    for (const auto& args : shapes) {
      const RunResult r = RunDmca(args, dir.path());
      ++runs;
      std::string shown;
      for (const auto& a : args) shown += " '" + a + "'";
      BOOST_TEST(contract.count(r.exit_code) == 1u, "dmca" << shown << " exited " << r.exit_code
                                                           << ": " << r.err);
      if (r.exit_code == 2) BOOST_TEST(!r.err.empty(), "dmca" << shown << " explains itself");
    }
  }
  BOOST_TEST_MESSAGE(runs << " runs");
}

BOOST_AUTO_TEST_CASE(numbers_and_ids_are_usage_errors_naming_the_value) {
  TempDir dir;
  fs::copy(std::string(DMCA_SOURCE_DIR) + "/samples/maildir", dir.path() + "/maildir",
           fs::copy_options::recursive);
  BOOST_TEST_REQUIRE(RunDmca({"ingest", "maildir"}, dir.path()).exit_code == 0);
  // Each with the value the message must quote.
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"cases", "--limit", "abc"}, "abc"},
      {{"cases", "--limit", "99999999999999999999"}, "99999999999999999999"},
      {{"cases", "show", "12abc"}, "12abc"},
      {{"execute", "--limit", "-1"}, "-1"},
      {{"audit", "show", "99999999999999999999"}, "99999999999999999999"},
      {{"approve", "#0", "--as", "jdoe"}, "#0"},
      {{"calendar", "2026-02-30"}, "2026-02-30"}};
  for (const auto& [args, value] : cases) {
    const RunResult r = RunDmca(args, dir.path());
    BOOST_TEST(r.exit_code == 2, args[0] << " " << value);
    BOOST_TEST(r.err.find(value) != std::string::npos, r.err);
  }
}

}  // namespace
}  // namespace dmca::testing
