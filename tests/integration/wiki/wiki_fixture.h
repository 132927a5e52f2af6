#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <string>
#include <vector>

#include "tests/integration/run.h"

namespace dmca::testing {

// The real MediaWiki the CTest fixture started (scripts/mediawiki-test-server.sh): its API,
// bot account and directory, read from $DMCA_TEST_MEDIAWIKI_DIR/env (or the variable named).
class TestWiki {
 public:
  explicit TestWiki(const char* dir_variable = "DMCA_TEST_MEDIAWIKI_DIR");

  const std::string& dir() const { return dir_; }
  const std::string& api() const { return env_.at("MW_API"); }
  std::string bot_user() const { return env_.at("MW_BOT_USER"); }
  std::string bot_password_file() const { return env_.at("MW_BOT_PASSWORD_FILE"); }

  // Valid, distinct PNG files named `names` in `folder` (scripts/mediawiki-make-png.py),
  // uploaded as `user`; returns each file's SHA-1 (hex), by name.
  std::map<std::string, std::string> Upload(const std::string& folder,
                                            const std::vector<std::string>& names,
                                            const std::string& user = "Uploader",
                                            const std::string& seed = "");

  // A read of the Action API (GET, format=json&formatversion=2 added).
  Poco::JSON::Object::Ptr Query(const std::vector<std::pair<std::string, std::string>>& params);
  // A write as the bot (logged in once; the CSRF token added), as another staff tool would.
  Poco::JSON::Object::Ptr Write(std::vector<std::pair<std::string, std::string>> params);

  // What the test asserts on.
  bool FileExists(const std::string& title);
  std::string CreateProtection(const std::string& title);  // "" when none
  struct LogEntry {
    std::string action, user, comment, timestamp;
    std::vector<std::string> tags;
  };
  std::vector<LogEntry> DeletionLog(const std::string& title);

  // A dmca.conf for this wiki in `folder` (SQLite store there unless `store_url` is given).
  std::string WriteConfig(const std::string& folder, const std::string& store_url = "",
                          const std::string& change_tag = "dmca-takedown") const;

 private:
  std::string Post(const std::string& body);
  std::string dir_;
  std::map<std::string, std::string> env_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
};

// An RFC 5322 takedown notice, complete under §512(c)(3), naming `urls` (one per line).
std::string TakedownMessage(const std::string& message_id, const std::vector<std::string>& urls);

// "https://commons.wikimedia.org/wiki/File:<name>" with spaces as underscores.
std::string CommonsUrl(const std::string& file_name);

// A name unique to this test run (tests share one wiki).
std::string RunId();

}  // namespace dmca::testing
