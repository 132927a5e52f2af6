#pragma once

#include <map>
#include <string>
#include <vector>

#include "parsers/base/status.h"
#include "parsers/notice/understand.h"

namespace dmca::app {

// Mail server settings for `dmca fetch` (one [pop3] or [imap] section).
struct MailServerConfig {
  std::string host;
  int port = 0;                  // 0: the protocol's default for the TLS mode
  std::string tls = "implicit";  // "implicit" (POP3S/IMAPS), "starttls" or "none"
  std::string ca_file;           // the CA to verify the server with; empty: the system's CAs
  std::string user;
  std::string password_file;          // the password is read from here (or $DMCA_<PROTO>_PASSWORD)
  std::string mailbox = "INBOX";      // IMAP only
  std::string after_commit = "flag";  // IMAP: "flag" or "move:<folder>"
  bool delete_after_commit = false;   // POP3: DELE once the case is committed
  int timeout_seconds = 60;
};

// One wiki's account and endpoint ([mediawiki] for all, [mediawiki.<site>] for one site).
struct WikiAccountConfig {
  std::string api;               // the endpoint; in [mediawiki], "{site}" becomes the site
  std::string user;              // a bot password user "Name@app"
  std::string password_file;     // its password (or $DMCA_MEDIAWIKI_PASSWORD)
  std::string oauth_token_file;  // an OAuth 2 owner-only access token (or $DMCA_MEDIAWIKI_TOKEN)
};

// [publish] and [lumen]: how `dmca archive publish` writes (README "Configuration").
struct PublishConfig {
  std::string summary_notice;  // edit summaries, "$1" the notice's title; empty: built in
  std::string summary_list = "new takedown";
  std::string summary_pump;
  std::string summary_uploader;
  std::string summary_update;
  std::string change_tag;  // default: [mediawiki] change_tag
  std::string commons_list_title = "Commons:Office_actions/DMCA_notices";
  std::string village_pump_title = "Commons:Village_pump";
  bool village_pump = true;
  std::string lumen_url;         // "https://lumendatabase.org"; empty: no submission
  std::string lumen_token_file;  // or $DMCA_LUMEN_TOKEN
  std::string lumen_ca_file;
  int lumen_timeout_seconds = 60;
};

// `dmca serve` ([serve]): where it listens, whom it trusts, and its limits.
struct ServeConfig {
  std::string listen = "127.0.0.1:8080";     // address:port
  std::vector<std::string> trusted_proxies;  // addresses whose X-Forwarded-For/Proto count
  std::string tls_cert;                      // PEM files: TLS here (else behind a proxy)
  std::string tls_key;
  bool secure_cookies = true;  // false only for a test on plain HTTP off loopback
  int threads = 16;
  int max_body_kib = 256;    // a larger request body is refused (413)
  int timeout_seconds = 15;  // per request read and write
  int session_hours = 8;
  int login_per_minute = 10;                        // per client address
  int form_per_hour = 10;                           // counter-notice submissions per client address
  std::string access_log;                           // a file; empty: standard output
  std::string legal_email = "legal@wikimedia.org";  // where the form says counter-notices go
};

// What `dmca` reads from its configuration file (README "Configuration"). Every field has a
// default, so no file is needed for the embedded SQLite store.
struct Config {
  std::string store_path = "./dmca.db";         // [store] path: SQLite, the embedded default
  std::string store_url;                        // [store] url: a PostgreSQL connection string
  std::string archive_out = "./archive";        // [archive] out
  std::string redaction_marker = "[redacted]";  // [archive] marker
  std::string templates_dir;                    // [templates] dir; empty: the built-in templates
  std::string siteinfo_dir;      // [wikiurl] siteinfo_dir: saved API siteinfo replies
  std::string staff_user;        // [staff] user: who approves, for the audit trail
  std::string deletion_reason =  // [mediawiki] delete_reason ($1: the notice link)
      "Office action: DMCA takedown, see $1";
  std::string restoration_reason =  // [mediawiki] restore_reason
      "Office action: DMCA takedown material restored, see $1";
  std::string protection_reason =  // [mediawiki] protect_reason
      "Office action: DMCA takedown, see $1";
  std::string protect_level = "sysop";                             // [mediawiki] protect_level
  std::string protect_expiry = "infinite";                         // [mediawiki] protect_expiry
  std::string change_tag;                                          // [mediawiki] change_tag
  WikiAccountConfig wiki{"https://{site}/w/api.php", "", "", ""};  // [mediawiki]
  std::map<std::string, WikiAccountConfig> wiki_sites;             // [mediawiki.<site>] overrides
  // [mediawiki] contact, for the User-Agent (API:Etiquette): by default the legal address whose
  // notices the pipeline acts on.
  std::string wiki_contact = "legal@wikimedia.org";
  std::string wiki_ca_file;                  // [mediawiki] ca_file
  int wiki_maxlag = 5;                       // [mediawiki] maxlag (seconds)
  int wiki_timeout_seconds = 60;             // [mediawiki] timeout
  int wiki_max_attempts = 6;                 // [mediawiki] max_attempts (per call)
  int execute_lease_seconds = 900;           // [mediawiki] lease: a claim older is taken over
  std::string foundation_interwiki = "wmf";  // [mediawiki] foundation_interwiki
  parsers::notice::Intake intake;  // [intake] staff_domains, staff_addresses (comma lists)
  // [mail] outbox (CONTRACT.md): where letters go as .eml files when no [smtp] host is set.
  std::string mail_outbox = "./outbox";
  std::string mail_from = "legal@wikimedia.org";            // [mail] from
  std::string mail_from_name = "Wikimedia Foundation Legal";  // [mail] from_name
  std::string mail_staff = "legal@wikimedia.org";           // [mail] staff: reminders, alarms
  int remind_days = 3;  // [mail] remind_days: restorations due within so many business days
  // [smtp]: the server letters go through (host empty: the outbox). tls: "starttls" (default),
  // "implicit" or "none" (loopback only); helo is the name given in EHLO.
  MailServerConfig smtp{"", 0, "starttls", "", "", "", "INBOX", "flag", false, 60};
  std::string smtp_helo;
  // [calendar]: whose business days count, and the restoration day inside the 10-14 window.
  std::string time_zone = "America/Los_Angeles";
  int restore_after = 10;
  MailServerConfig pop3;
  MailServerConfig imap;
  // [limits] (README "Limits"): message_bytes and message_seconds here; urls, pdf_pages,
  // pdf_seconds and pdf_memory_mb in intake.limits.
  std::size_t max_message_bytes = 64u << 20;
  int max_message_seconds = 60;
  PublishConfig publish;  // [publish], [lumen]
  ServeConfig serve;
  std::string source_path;  // where the configuration came from ("" if defaults)
};

// Loads the INI file at `path` (Poco::Util::IniFileConfiguration). An empty path means: the
// file named by $DMCA_CONFIG, else ./dmca.conf if it exists, else the defaults. Unknown keys
// are errors, so a typo does not silently fall back to a default.
Result<Config> LoadConfig(const std::string& path);

}  // namespace dmca::app
