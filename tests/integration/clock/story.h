#pragma once
// The counter-notice story's parts, shared by story_test.cc and crash_test.cc: a store of its own
// per story on the test wiki and the test mail server, driven through the dmca binary.

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/integration/run.h"
#include "tests/integration/wiki/wiki_fixture.h"

namespace dmca::testing {

// The counter-notices are dated Friday 27 November 2026, 23:30 Pacific (Saturday in UTC): the
// window is 11 to 17 December (business days after the Friday; Thanksgiving was the 26th).
inline constexpr const char* kAccept = "2026-11-30T18:00:00Z";      // Monday, business day 1
inline constexpr const char* kDay8 = "2026-12-09T18:00:00Z";        // Wednesday, day 8
inline constexpr const char* kDay9 = "2026-12-10T18:00:00Z";        // Thursday, day 9
inline constexpr const char* kDay10 = "2026-12-11T18:00:00Z";       // Friday, day 10
inline constexpr const char* kAfterDay14 = "2026-12-18T18:00:00Z";  // the 15th business day

struct Story {
  std::unique_ptr<TempDir> tmp = std::make_unique<TempDir>();
  std::string folder = tmp->path();
  std::string config;
  std::string complainant;
  std::string uploader;
  std::string staff;
  std::vector<std::string> names;       // the files of its takedowns
  std::vector<std::string> last_names;  // those of the last one
  std::int64_t takedown = 0;       // the last one
};

// dmca with `args` on the story's store (or `config`), at `now` (DMCA_NOW) when given.
RunResult Dmca(const Story& s, std::vector<std::string> args, const std::string& now = "",
               const std::string& config = "");
void Write(const std::string& path, const std::string& text);
std::string Replace(std::string text, const std::string& from, const std::string& to);
std::string CounterNoticeMessage(const std::string& id, const std::string& from,
                                 const std::vector<std::string>& urls);
std::string RetractionMessage(const std::string& id, const std::string& from,
                              const std::string& url);
std::int64_t LastCase(const Story& s);
Poco::JSON::Object::Ptr Show(const Story& s, std::int64_t id);
std::string State(const Story& s, std::int64_t id);

// A story with its mailboxes and configuration ([smtp] the test Postfix, [mail] staff).
Story NewStory(TestWiki& wiki, const std::string& stem);
// Uploads `files` files, mails in a takedown naming them, approves and executes it.
void ExecutedTakedown(TestWiki& wiki, Story& s, const std::string& stem, int files = 1);
// The uploader's counter-notice naming the last takedown's files, mailed in and accepted on
// business day 1; returns its case. `check`: assert the window.
std::int64_t Accepted(const Story& s, bool check = true);

std::size_t Count(const std::vector<std::string>& messages, const std::string& needle);

}  // namespace dmca::testing
