#pragma once

#include <string>

#include "parsers/base/status.h"
#include "parsers/notice/understand.h"

namespace dmca::app {

// Mail server settings for `dmca fetch` (one [pop3] or [imap] section).
struct MailServerConfig {
  std::string host;
  int port = 0;               // 0: the protocol's default for the TLS mode
  std::string tls = "implicit";  // "implicit" (POP3S/IMAPS), "starttls" or "none"
  std::string ca_file;        // the CA to verify the server with; empty: the system's CAs
  std::string user;
  std::string password_file;  // the password is read from here (or $DMCA_<PROTO>_PASSWORD)
  std::string mailbox = "INBOX";       // IMAP only
  std::string after_commit = "flag";   // IMAP: "flag" or "move:<folder>"
  bool delete_after_commit = false;    // POP3: DELE once the case is committed
  int timeout_seconds = 60;
};

// What `dmca` reads from its configuration file (README "Configuration"). Every field has a
// default, so no file is needed for the embedded SQLite store.
struct Config {
  std::string store_path = "./dmca.db";  // [store] path: SQLite, the embedded default
  std::string store_url;                 // [store] url: a PostgreSQL connection string
  std::string archive_out = "./archive"; // [archive] out
  std::string redaction_marker = "[redacted]";  // [archive] marker
  std::string templates_dir;             // [templates] dir; empty: the built-in templates
  std::string siteinfo_dir;              // [wikiurl] siteinfo_dir: saved API siteinfo replies
  std::string staff_user;                // [staff] user: who approves, for the audit trail
  std::string deletion_reason =          // [mediawiki] delete_reason ($1: the notice link)
      "Office action: DMCA takedown, see $1";
  std::string change_tag;                // [mediawiki] change_tag
  std::string mediawiki_user;            // [mediawiki] user (a bot password user "Name@bot")
  std::string mediawiki_password_file;   // [mediawiki] password_file
  parsers::notice::Intake intake;        // [intake] staff_domains, staff_addresses (comma lists)
  MailServerConfig pop3;
  MailServerConfig imap;
  std::string source_path;               // where the configuration came from ("" if defaults)
};

// Loads the INI file at `path` (Poco::Util::IniFileConfiguration). An empty path means: the
// file named by $DMCA_CONFIG, else ./dmca.conf if it exists, else the defaults. Unknown keys
// are errors, so a typo does not silently fall back to a default.
Result<Config> LoadConfig(const std::string& path);

}  // namespace dmca::app
