#include "pipeline/store/migrations.h"

#include <string_view>

namespace dmca::pipeline::store_internal {
namespace {

// Portable DDL with two dialect tokens: {id} (an auto-numbered 64-bit key) and {blob}.
constexpr std::string_view kVersion1[] = {
    "CREATE TABLE cases ("
    " id {id},"
    " message_id TEXT,"
    " raw_sha256 TEXT NOT NULL UNIQUE,"
    " raw {blob} NOT NULL,"
    " source TEXT NOT NULL,"
    " received_at TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " state TEXT NOT NULL,"
    " verdict TEXT,"
    " original_from TEXT,"
    " original_date TEXT,"
    " original_subject TEXT,"
    " notice_json TEXT NOT NULL,"
    " linked_case BIGINT REFERENCES cases(id),"
    " superseded_by BIGINT REFERENCES cases(id))",

    "CREATE TABLE targets ("
    " id {id},"
    " case_id BIGINT NOT NULL REFERENCES cases(id),"
    " pos INTEGER NOT NULL,"
    " url TEXT NOT NULL,"
    " site TEXT,"
    " title TEXT,"
    " in_scope INTEGER NOT NULL,"
    " spoof INTEGER NOT NULL,"
    " state TEXT NOT NULL,"
    " uploader TEXT)",

    "CREATE TABLE audit ("
    " id {id},"
    " case_id BIGINT NOT NULL REFERENCES cases(id),"
    " at TEXT NOT NULL,"
    " actor TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " detail TEXT NOT NULL)",

    "CREATE TABLE seen ("
    " source_id TEXT NOT NULL UNIQUE,"
    " at TEXT NOT NULL)",

    "CREATE TABLE actions ("
    " id {id},"
    " case_id BIGINT NOT NULL REFERENCES cases(id),"
    " site TEXT NOT NULL,"
    " title TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " state TEXT NOT NULL,"
    " attempts INTEGER NOT NULL,"
    " claimed_by TEXT NOT NULL,"
    " claimed_at TEXT NOT NULL,"
    " result TEXT NOT NULL,"
    " created_at TEXT NOT NULL,"
    " UNIQUE (case_id, site, title, kind))",
};

// The lookups the pipeline makes on every message (dedupe, linking, the queue).
constexpr std::string_view kVersion2[] = {
    "CREATE INDEX cases_message_id ON cases (message_id)",
    "CREATE INDEX cases_state_kind ON cases (state, kind)",
    "CREATE INDEX targets_case ON targets (case_id)",
    "CREATE INDEX targets_site_title ON targets (site, title)",
    "CREATE INDEX audit_case ON audit (case_id)",
    "CREATE INDEX actions_state ON actions (state, id)",
};

// The sender's address, indexed: linking a retraction to its takedown asked for every case whose
// From contained the address, a scan of the whole store per message. SqlStore fills the column
// for existing cases when it applies this version.
constexpr std::string_view kVersion3[] = {
    "ALTER TABLE cases ADD COLUMN sender_email TEXT",
    "CREATE INDEX cases_sender_kind ON cases (sender_email, kind)",
};

// The tamper-evident audit trail (17 U.S.C. §512 office actions need a record a court can rely
// on): who ran the command at the operating-system level, the per-target outcome, and a hash
// chain. `seq` numbers the whole trail without gaps; each entry's `hash` covers its fields and
// `prev_hash`, the hash of the entry before it; audit_head holds the chain's end, so that removing
// the last entries shows too. SqlStore chains the entries stored before it and fills audit_head
// when it applies this version; the columns it fills stay nullable because SQLite cannot add a
// NOT NULL column without a default.
constexpr std::string_view kVersion4[] = {
    "ALTER TABLE audit ADD COLUMN os_user TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE audit ADD COLUMN target TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE audit ADD COLUMN log_id BIGINT",
    "ALTER TABLE audit ADD COLUMN seq BIGINT",
    "ALTER TABLE audit ADD COLUMN prev_hash TEXT",
    "ALTER TABLE audit ADD COLUMN hash TEXT",
    "CREATE UNIQUE INDEX audit_seq ON audit (seq)",
    "CREATE TABLE audit_head (seq BIGINT NOT NULL, hash TEXT NOT NULL)",
};

// Acting on the wikis (version 4 is the audit trail's hash chain): what the wiki said about each
// target before anything was done (evidence, uploader, SHA-1) and the log id of our action;
// each action's phase (evidence -> intent -> outcome, for reconciling after a crash), when it
// may be tried again after a retryable failure, and the staff member who approved it.
constexpr std::string_view kVersion5[] = {
    "ALTER TABLE targets ADD COLUMN sha1 TEXT",
    "ALTER TABLE targets ADD COLUMN evidence_json TEXT",
    "ALTER TABLE targets ADD COLUMN log_id BIGINT",
    "ALTER TABLE actions ADD COLUMN phase TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE actions ADD COLUMN intent_at TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE actions ADD COLUMN not_before TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE actions ADD COLUMN log_id BIGINT",
    "ALTER TABLE actions ADD COLUMN actor TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX actions_claimed_by ON actions (state, claimed_by)",
    "CREATE INDEX actions_case ON actions (case_id)",
    "CREATE INDEX cases_linked_case ON cases (linked_case)",
    "CREATE INDEX cases_superseded_by ON cases (superseded_by)",
};

// Counter-notices and letters (17 U.S.C. §512(g)): when the Foundation received each notice (the
// clock counts from it, not from when the pipeline read the mail) and how that was found; a
// counter-notice's restoration window and the day chosen in it; every letter sent, written in
// the same transaction as the decision that calls for it (so none is lost), with its Message-ID
// and its progress (so none is sent twice). `dedupe_key` names the letter's purpose ("case 4:
// counter_notice_copy:complainant@example.org"): queuing it again is a no-op.
constexpr std::string_view kVersion6[] = {
    "ALTER TABLE cases ADD COLUMN receipt_at TEXT",
    "ALTER TABLE cases ADD COLUMN receipt_source TEXT",
    "ALTER TABLE cases ADD COLUMN restore_earliest TEXT",
    "ALTER TABLE cases ADD COLUMN restore_latest TEXT",
    "ALTER TABLE cases ADD COLUMN restore_on TEXT",
    "CREATE TABLE letters ("
    " id {id},"
    " case_id BIGINT NOT NULL REFERENCES cases(id),"
    " dedupe_key TEXT NOT NULL UNIQUE,"
    " kind TEXT NOT NULL,"
    " recipient TEXT NOT NULL,"
    " subject TEXT NOT NULL,"
    " message_id TEXT NOT NULL UNIQUE,"
    " data TEXT NOT NULL,"
    " state TEXT NOT NULL,"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " claimed_by TEXT NOT NULL DEFAULT '',"
    " claimed_at TEXT NOT NULL DEFAULT '',"
    " not_before TEXT NOT NULL DEFAULT '',"
    " created_at TEXT NOT NULL,"
    " sent_at TEXT NOT NULL DEFAULT '',"
    " result TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX letters_state ON letters (state, not_before)",
    "CREATE INDEX letters_case ON letters (case_id)",
    "CREATE INDEX cases_restore_on ON cases (restore_on)",
};

// Publishing: each public page written for a case and event, with the wiki's revision id (a repeated publish finds it and writes nothing); the
// Lumen submissions, queued until the 201 and its Location are recorded (a failed one is retried,
// one whose fate is unknown is never sent again); and staff's redaction decisions (a span added,
// or one kept public), which the public copies follow.
constexpr std::string_view kVersion7[] = {
    "CREATE TABLE publications ("
    " id {id},"
    " case_id BIGINT NOT NULL REFERENCES cases(id),"
    " site TEXT NOT NULL,"
    " title TEXT NOT NULL,"
    " event TEXT NOT NULL,"
    " mode TEXT NOT NULL,"
    " revision_id BIGINT,"
    " at TEXT NOT NULL,"
    " UNIQUE (case_id, site, title, event))",
    "CREATE TABLE lumen_submissions ("
    " id {id},"
    " case_id BIGINT NOT NULL REFERENCES cases(id),"
    " event TEXT NOT NULL,"
    " state TEXT NOT NULL,"
    " body TEXT NOT NULL,"
    " attempts INTEGER NOT NULL,"
    " location TEXT NOT NULL,"
    " result TEXT NOT NULL,"
    " created_at TEXT NOT NULL,"
    " updated_at TEXT NOT NULL,"
    " UNIQUE (case_id, event))",
    "CREATE TABLE redactions ("
    " id {id},"
    " case_id BIGINT NOT NULL REFERENCES cases(id),"
    " span TEXT NOT NULL,"
    " decision TEXT NOT NULL,"
    " reason TEXT NOT NULL,"
    " actor TEXT NOT NULL,"
    " at TEXT NOT NULL)",
    "CREATE INDEX publications_case ON publications (case_id)",
    "CREATE INDEX lumen_state ON lumen_submissions (state, id)",
    "CREATE INDEX redactions_case ON redactions (case_id)",
};

// The web service (`dmca serve`): staff accounts (argon2id hashes, never passwords), their
// browser sessions and API tokens (stored as SHA-256 hashes, so a copy of the database opens no
// session), and the receipts of counter-notices submitted through the public form. The
// reference a receipt gives is random, so one uploader cannot read another's status page.
constexpr std::string_view kVersion8[] = {
    "CREATE TABLE staff ("
    " id {id},"
    " name TEXT NOT NULL UNIQUE,"
    " role TEXT NOT NULL,"
    " password_hash TEXT NOT NULL,"
    " disabled INTEGER NOT NULL DEFAULT 0,"
    " created_at TEXT NOT NULL)",

    "CREATE TABLE web_sessions ("
    " token_hash TEXT NOT NULL UNIQUE,"
    " staff_id BIGINT NOT NULL REFERENCES staff(id),"
    " csrf TEXT NOT NULL,"
    " created_at TEXT NOT NULL,"
    " expires_at TEXT NOT NULL)",

    "CREATE TABLE api_tokens ("
    " token_hash TEXT NOT NULL UNIQUE,"
    " staff_id BIGINT NOT NULL REFERENCES staff(id),"
    " label TEXT NOT NULL,"
    " created_at TEXT NOT NULL)",

    "CREATE TABLE submissions ("
    " reference TEXT NOT NULL UNIQUE,"
    " case_id BIGINT NOT NULL REFERENCES cases(id),"
    " submitted_at TEXT NOT NULL)",
    "CREATE INDEX web_sessions_expires ON web_sessions (expires_at)",
};

std::string Expand(std::string_view sql, Dialect dialect) {
  std::string out(sql);
  auto replace = [&out](std::string_view token, std::string_view with) {
    for (auto at = out.find(token); at != std::string::npos; at = out.find(token, at)) {
      out.replace(at, token.size(), with);
      at += with.size();
    }
  };
  // SQLite: INTEGER PRIMARY KEY is the rowid; AUTOINCREMENT never reuses an id.
  replace("{id}", dialect == Dialect::kSqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                              : "BIGSERIAL PRIMARY KEY");
  replace("{blob}", dialect == Dialect::kSqlite ? "BLOB" : "BYTEA");
  return out;
}

}  // namespace

std::vector<std::string> MigrationStatements(int version, Dialect dialect) {
  std::vector<std::string> out;
  auto add = [&](const auto& list) {
    for (std::string_view sql : list) out.push_back(Expand(sql, dialect));
  };
  if (version == 1) add(kVersion1);
  if (version == 2) add(kVersion2);
  if (version == 3) add(kVersion3);
  if (version == 4) add(kVersion4);
  if (version == 5) add(kVersion5);
  if (version == 6) add(kVersion6);
  if (version == 7) add(kVersion7);
  if (version == 8) add(kVersion8);
  return out;
}

std::string Placeholders(const std::string& sql, Dialect dialect) {
  if (dialect == Dialect::kSqlite) return sql;
  std::string out;
  out.reserve(sql.size() + 16);
  bool quoted = false;
  int n = 0;
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      out += "$" + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace dmca::pipeline::store_internal
