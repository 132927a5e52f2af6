#include "pipeline/store/sql_store.h"

#include <Poco/Data/LOB.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <cctype>

#include "pipeline/model/case_json.h"

namespace dmca::pipeline::store_internal {
namespace {

using namespace Poco::Data::Keywords;  // NOLINT: into, bind, now are Poco's DSL
using model::CaseState;
using Poco::Int64;
using Poco::Nullable;
using Poco::Data::Statement;

}  // namespace

Status FromPocoException(std::string_view what, const std::exception& e) {
  const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
  const std::string text = std::string(what) + ": " + (poco ? poco->displayText() : e.what());
  if (dynamic_cast<const Poco::Data::SQLite::DBLockedException*>(&e) ||
      dynamic_cast<const Poco::Data::SQLite::TableLockedException*>(&e) ||
      dynamic_cast<const Poco::Data::ConnectionFailedException*>(&e) ||
      dynamic_cast<const Poco::Data::PostgreSQL::ConnectionException*>(&e)) {
    return Status::Unavailable(text);
  }
  if (dynamic_cast<const Poco::Data::SQLite::ReadOnlyException*>(&e) ||
      dynamic_cast<const Poco::Data::SQLite::AuthorizationDeniedException*>(&e)) {
    return Status::PermissionDenied(text);
  }
  if (dynamic_cast<const Poco::Data::SQLite::CorruptImageException*>(&e) ||
      dynamic_cast<const Poco::Data::SQLite::InvalidSQLStatementException*>(&e)) {
    return Status::Corruption(text);
  }
  return Status::IOError(text);
}

SqlStore::SqlStore(std::unique_ptr<Poco::Data::Session> session, Dialect dialect,
                   std::string describe, const Clock* clock)
    : session_(std::move(session)),
      dialect_(dialect),
      describe_(std::move(describe)),
      clock_(clock ? clock : &system_clock_) {}

std::string SqlStore::Now() const { return FormatIso8601(clock_->Now()); }

void SqlStore::Exec(const std::string& sql) { *session_ << sql, now; }

Status SqlStore::Migrate(int migrate_to) {
  const int target = migrate_to > 0 ? migrate_to : kLatestSchemaVersion;
  try {
    // Asked first rather than CREATE ... IF NOT EXISTS, which PostgreSQL answers with a NOTICE
    // on standard error every time a store is opened.
    Int64 exists = 0;
    *session_ << (dialect_ == Dialect::kSqlite
                      ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
                        "name = 'schema_version'"
                      : "SELECT COUNT(*) FROM information_schema.tables WHERE "
                        "table_schema = current_schema() AND table_name = 'schema_version'"),
        into(exists), now;
    if (exists == 0) {
      Exec(
          "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
          "applied_at TEXT NOT NULL)");
    }
  } catch (const std::exception& e) {
    return FromPocoException(describe_, e);
  }
  return InTransaction(describe_ + ": migrating", [&]() -> Status {
    Int64 current = 0;
    *session_ << "SELECT COALESCE(MAX(version), 0) FROM schema_version", into(current), now;
    if (current > kLatestSchemaVersion) {
      return Status::FailedPrecondition(describe_ + " has schema version " +
                                        std::to_string(current) + ", newer than this dmca knows (" +
                                        std::to_string(kLatestSchemaVersion) +
                                        "): use a newer dmca");
    }
    for (int version = static_cast<int>(current) + 1; version <= target; ++version) {
      for (const auto& sql : MigrationStatements(version, dialect_)) Exec(sql);
      if (version == 3) DMCA_RETURN_IF_ERROR(FillSenderEmails());
      if (version == 4) DMCA_RETURN_IF_ERROR(ChainAudit());
      *session_ << Q("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"),
          bind(version), bind(Now()), now;
      current = version;
    }
    schema_version_ = static_cast<int>(current);
    return Status::Ok();
  });
}

Status SqlStore::FillSenderEmails() {
  // In batches, so that a large store is not read into memory at once.
  Int64 last = 0;
  while (true) {
    std::vector<Int64> ids;
    std::vector<std::string> notices;
    *session_ << Q("SELECT id, notice_json FROM cases WHERE id > ? ORDER BY id LIMIT 500"),
        bind(last), into(ids), into(notices), now;
    if (ids.empty()) return Status::Ok();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      auto notice = model::NoticeFromJson(notices[i]);
      if (!notice.ok()) {
        return Status::Corruption(describe_ + ": case " + std::to_string(ids[i]) +
                                  " has an unreadable notice: " + notice.status().message());
      }
      *session_ << Q("UPDATE cases SET sender_email = ? WHERE id = ?"),
          bind(NullIfEmpty(model::SenderEmail(*notice))), bind(ids[i]), now;
    }
    last = ids.back();
  }
}

Result<std::optional<std::int64_t>> SqlStore::FindDuplicateLocked(std::string_view message_id,
                                                                  std::string_view raw_sha256) {
  std::vector<Int64> ids;
  if (!message_id.empty()) {
    *session_ << Q("SELECT id FROM cases WHERE message_id = ? ORDER BY id LIMIT 1"),
        bind(std::string(message_id)), into(ids), now;
  }
  if (ids.empty()) {
    *session_ << Q("SELECT id FROM cases WHERE raw_sha256 = ? LIMIT 1"),
        bind(std::string(raw_sha256)), into(ids), now;
  }
  if (ids.empty()) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(ids.front());
}

Result<std::optional<std::int64_t>> SqlStore::FindDuplicate(std::string_view message_id,
                                                            std::string_view raw_sha256) {
  try {
    return FindDuplicateLocked(message_id, raw_sha256);
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": looking for a duplicate", e);
  }
}

Result<InsertOutcome> SqlStore::Insert(const model::Case& c) {
  InsertOutcome outcome;
  Status status = InTransaction(describe_ + ": storing a case", [&]() -> Status {
    auto existing = FindDuplicateLocked(c.message_id, c.raw_sha256);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) {
      outcome = {**existing, false};
      return Status::Ok();
    }
    const auto& notice = c.notice;
    Poco::Data::BLOB raw(reinterpret_cast<const unsigned char*>(c.raw.data()), c.raw.size());
    Nullable<Int64> linked, superseded;
    if (c.linked_case) linked = static_cast<Int64>(*c.linked_case);
    if (c.superseded_by) superseded = static_cast<Int64>(*c.superseded_by);
    // A store held at an older schema (tests of upgrades) has no sender_email column yet.
    const bool indexed_sender = schema_version_ >= 3;
    Statement insert(*session_);
    insert << Q(std::string("INSERT INTO cases (message_id, raw_sha256, raw, source, received_at, "
                            "kind, state, verdict, original_from, original_date, "
                            "original_subject, notice_json, linked_case, superseded_by") +
                (indexed_sender ? ", sender_email" : "") +
                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" +
                (indexed_sender ? ", ?" : "") + ")"),
        bind(NullIfEmpty(c.message_id)), bind(c.raw_sha256), bind(raw), bind(c.source),
        bind(c.received_at.empty() ? Now() : c.received_at),
        bind(std::string(parsers::notice::KindName(notice.analysis.kind))),
        bind(std::string(model::StateName(c.state))),
        bind(std::string(parsers::notice::VerdictName(notice.analysis.verdict))),
        bind(FromOptional(notice.original.from)), bind(FromOptional(notice.original.date)),
        bind(FromOptional(notice.original.subject)),
        bind(model::Stringify(model::NoticeToJson(notice), false)), bind(linked), bind(superseded);
    if (indexed_sender) insert, bind(NullIfEmpty(model::SenderEmail(notice)));
    insert.execute();
    Int64 id = 0;
    *session_ << Q("SELECT id FROM cases WHERE raw_sha256 = ?"), bind(c.raw_sha256), into(id), now;
    if (schema_version_ >= 6 && !c.receipt_at.empty()) {
      *session_ << Q("UPDATE cases SET receipt_at = ?, receipt_source = ? WHERE id = ?"),
          bind(c.receipt_at), bind(c.receipt_source), bind(id), now;
    }
    int pos = 0;
    for (const auto& target : c.targets) {
      const auto& t = target.target;
      *session_ << Q(
          "INSERT INTO targets (case_id, pos, url, site, title, in_scope, spoof, "
          "state, uploader) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          bind(id), bind(pos++), bind(t.url), bind(FromOptional(t.site)),
          bind(FromOptional(t.title)), bind(t.in_scope ? 1 : 0), bind(t.spoof ? 1 : 0),
          bind(std::string(model::TargetStateName(target.state))),
          bind(FromOptional(target.uploader)), now;
    }
    for (const auto& entry : c.audit) DMCA_RETURN_IF_ERROR(InsertAudit(id, entry));
    outcome = {id, true};
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return outcome;
}

Result<model::Case> SqlStore::Load(std::int64_t id, bool with_raw) {
  model::Case c;
  std::vector<Nullable<std::string>> message_id;
  std::vector<std::string> sha, source, received_at, state, notice_json;
  std::vector<Nullable<Int64>> linked, superseded;
  *session_ << Q(
      "SELECT message_id, raw_sha256, source, received_at, state, notice_json, "
      "linked_case, superseded_by FROM cases WHERE id = ?"),
      bind(static_cast<Int64>(id)), into(message_id), into(sha), into(source), into(received_at),
      into(state), into(notice_json), into(linked), into(superseded), now;
  if (sha.empty()) return Status::NotFound("no case " + std::to_string(id));
  c.id = id;
  c.message_id = message_id[0].isNull() ? "" : message_id[0].value();
  c.raw_sha256 = sha[0];
  c.source = source[0];
  c.received_at = received_at[0];
  const auto parsed_state = model::StateFromName(state[0]);
  if (!parsed_state) {
    return Status::Corruption("case " + std::to_string(id) + " has unknown state " + state[0]);
  }
  c.state = *parsed_state;
  auto notice = model::NoticeFromJson(notice_json[0]);
  if (!notice.ok()) return notice.status().Annotate("case " + std::to_string(id));
  c.notice = std::move(notice).value();
  if (!linked[0].isNull()) c.linked_case = linked[0].value();
  if (!superseded[0].isNull()) c.superseded_by = superseded[0].value();
  if (schema_version_ >= 6) {
    std::vector<Nullable<std::string>> receipt_at, receipt_source, earliest, latest, on;
    *session_ << Q("SELECT receipt_at, receipt_source, restore_earliest, restore_latest, "
                   "restore_on FROM cases WHERE id = ?"),
        bind(static_cast<Int64>(id)), into(receipt_at), into(receipt_source), into(earliest),
        into(latest), into(on), now;
    c.receipt_at = ToOptional(receipt_at[0]).value_or("");
    c.receipt_source = ToOptional(receipt_source[0]).value_or("");
    if (auto day = ToOptional(on[0]); day && !day->empty()) {
      c.restoration = model::Restoration{ToOptional(earliest[0]).value_or(""),
                                         ToOptional(latest[0]).value_or(""), *day};
    }
  }

  if (with_raw) {
    std::vector<Poco::Data::BLOB> raw;
    *session_ << Q("SELECT raw FROM cases WHERE id = ?"), bind(static_cast<Int64>(id)), into(raw),
        now;
    if (!raw.empty())
      c.raw.assign(reinterpret_cast<const char*>(raw[0].rawContent()), raw[0].size());
  }

  std::vector<std::string> urls, target_states;
  std::vector<Nullable<std::string>> sites, titles, uploaders, sha1s, evidence;
  std::vector<Nullable<Int64>> log_ids;
  std::vector<int> in_scope, spoof;
  // A store held at an older schema (tests of upgrades) lacks the evidence columns.
  const bool with_evidence = schema_version_ >= 5;
  Statement targets(*session_);
  targets << Q(std::string("SELECT url, site, title, in_scope, spoof, state, uploader") +
               (with_evidence ? ", sha1, evidence_json, log_id" : "") +
               " FROM targets WHERE case_id = ? ORDER BY pos"),
      bind(static_cast<Int64>(id)), into(urls), into(sites), into(titles), into(in_scope),
      into(spoof), into(target_states), into(uploaders);
  if (with_evidence) targets, into(sha1s), into(evidence), into(log_ids);
  targets.execute();
  for (std::size_t i = 0; i < urls.size(); ++i) {
    model::CaseTarget target;
    // The notice JSON keeps each target's oldid/curid and findings; the row keeps its state.
    if (i < c.notice.targets.size() && c.notice.targets[i].url == urls[i]) {
      target.target = c.notice.targets[i];
    }
    target.target.url = urls[i];
    target.target.site = ToOptional(sites[i]);
    target.target.title = ToOptional(titles[i]);
    target.target.in_scope = in_scope[i] != 0;
    target.target.spoof = spoof[i] != 0;
    target.state =
        model::TargetStateFromName(target_states[i]).value_or(model::TargetState::kPending);
    target.uploader = ToOptional(uploaders[i]);
    if (with_evidence) {
      target.sha1 = ToOptional(sha1s[i]);
      if (!log_ids[i].isNull()) target.log_id = log_ids[i].value();
      if (!evidence[i].isNull()) {
        auto parsed = model::EvidenceFromJson(evidence[i].value());
        if (!parsed.ok()) return parsed.status().Annotate("case " + std::to_string(id));
        target.evidence = std::move(parsed).value();
      }
    }
    c.targets.push_back(std::move(target));
  }

  if (c.linked_case) c.links.push_back({*c.linked_case, "answers"});
  if (c.superseded_by) c.links.push_back({*c.superseded_by, "superseded_by"});
  std::vector<Int64> answered_by, supersedes;
  *session_ << Q("SELECT id FROM cases WHERE linked_case = ? ORDER BY id"),
      bind(static_cast<Int64>(id)), into(answered_by), now;
  *session_ << Q("SELECT id FROM cases WHERE superseded_by = ? ORDER BY id"),
      bind(static_cast<Int64>(id)), into(supersedes), now;
  for (Int64 other : answered_by) c.links.push_back({other, "answered_by"});
  for (Int64 other : supersedes) c.links.push_back({other, "supersedes"});

  // Schema version 4 added who ran the command and the per-target outcome.
  const bool chained = schema_version_ >= 4;
  std::vector<std::string> at, actor, action, detail, os_user, target;
  std::vector<Nullable<Int64>> log_id;
  Statement audit(*session_);
  audit << Q(std::string("SELECT at, actor, action, detail") +
             (chained ? ", os_user, target, log_id" : "") +
             " FROM audit WHERE case_id = ? ORDER BY id"),
      bind(static_cast<Int64>(id)), into(at), into(actor), into(action), into(detail);
  if (chained) audit, into(os_user), into(target), into(log_id);
  audit.execute();
  for (std::size_t i = 0; i < at.size(); ++i) {
    model::AuditEntry entry{at[i], actor[i], action[i], detail[i]};
    if (chained) {
      entry.os_user = os_user[i];
      entry.target = target[i];
      if (!log_id[i].isNull()) entry.log_id = log_id[i].value();
    }
    c.audit.push_back(std::move(entry));
  }
  return c;
}

Result<model::Case> SqlStore::Get(std::int64_t id) {
  try {
    return Load(id, true);
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": reading case " + std::to_string(id), e);
  }
}

Result<std::vector<model::Case>> SqlStore::List(const CaseFilter& filter) {
  try {
    std::string sql = "SELECT id FROM cases WHERE 1 = 1";
    Statement select(*session_);
    if (filter.state) sql += " AND state = ?";
    if (filter.kind) sql += " AND kind = ?";
    sql += " ORDER BY id DESC LIMIT ?";
    std::vector<Int64> ids;
    select << Q(sql);
    if (filter.state) select, bind(std::string(model::StateName(*filter.state)));
    if (filter.kind) select, bind(std::string(parsers::notice::KindName(*filter.kind)));
    select, bind(static_cast<Int64>(filter.limit)), into(ids);
    select.execute();
    std::vector<model::Case> out;
    for (Int64 id : ids) {
      auto loaded = Load(id, filter.with_raw);
      if (!loaded.ok()) return loaded.status();
      out.push_back(std::move(loaded).value());
    }
    return out;
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": listing cases", e);
  }
}

Status SqlStore::CompareAndSet(std::int64_t id, CaseState from, CaseState to) {
  if (!model::CanTransition(from, to)) {
    return Status::FailedPrecondition("case " + std::to_string(id) + " cannot go from " +
                                      std::string(model::StateName(from)) + " to " +
                                      std::string(model::StateName(to)));
  }
  Statement update(*session_);
  update << Q("UPDATE cases SET state = ? WHERE id = ? AND state = ?"),
      bind(std::string(model::StateName(to))), bind(static_cast<Int64>(id)),
      bind(std::string(model::StateName(from)));
  if (update.execute() == 1) return Status::Ok();
  std::vector<std::string> state;
  *session_ << Q("SELECT state FROM cases WHERE id = ?"), bind(static_cast<Int64>(id)), into(state),
      now;
  if (state.empty()) return Status::NotFound("no case " + std::to_string(id));
  return Status::FailedPrecondition("case " + std::to_string(id) + " is " + state[0] + ", not " +
                                    std::string(model::StateName(from)));
}

Status SqlStore::Transition(std::int64_t id, CaseState from, CaseState to,
                            const model::AuditEntry& entry) {
  return InTransaction(describe_ + ": updating case " + std::to_string(id), [&]() -> Status {
    DMCA_RETURN_IF_ERROR(CompareAndSet(id, from, to));
    return InsertAudit(id, entry);
  });
}

Status SqlStore::AppendAudit(std::int64_t id, const model::AuditEntry& entry) {
  return InTransaction(describe_ + ": auditing case " + std::to_string(id),
                       [&]() -> Status { return InsertAudit(id, entry); });
}

Status SqlStore::Link(std::int64_t id, std::int64_t linked_case, const model::AuditEntry& entry) {
  return InTransaction(describe_ + ": linking case " + std::to_string(id), [&]() -> Status {
    Statement update(*session_);
    update << Q("UPDATE cases SET linked_case = ? WHERE id = ?"),
        bind(static_cast<Int64>(linked_case)), bind(static_cast<Int64>(id));
    if (update.execute() == 0) return Status::NotFound("no case " + std::to_string(id));
    return InsertAudit(id, entry);
  });
}

Status SqlStore::Supersede(std::int64_t old_id, CaseState from, std::int64_t new_id,
                           const model::AuditEntry& entry) {
  return InTransaction(describe_ + ": superseding case " + std::to_string(old_id), [&]() -> Status {
    DMCA_RETURN_IF_ERROR(CompareAndSet(old_id, from, CaseState::kSuperseded));
    *session_ << Q("UPDATE cases SET superseded_by = ? WHERE id = ?"),
        bind(static_cast<Int64>(new_id)), bind(static_cast<Int64>(old_id)), now;
    return InsertAudit(old_id, entry);
  });
}

Result<std::vector<std::int64_t>> SqlStore::CasesWithTarget(
    std::string_view site, std::string_view title, std::optional<parsers::notice::Kind> kind,
    std::optional<model::CaseState> state) {
  try {
    std::vector<Int64> ids;
    Statement select(*session_);
    select << Q(std::string("SELECT DISTINCT t.case_id FROM targets t JOIN cases c ON c.id = "
                            "t.case_id WHERE t.site = ? AND t.title = ?") +
                (kind ? " AND c.kind = ?" : "") + (state ? " AND c.state = ?" : "") +
                " ORDER BY t.case_id"),
        bind(std::string(site)), bind(std::string(title));
    if (kind) select, bind(std::string(parsers::notice::KindName(*kind)));
    if (state) select, bind(std::string(model::StateName(*state)));
    select, into(ids);
    select.execute();
    return std::vector<std::int64_t>(ids.begin(), ids.end());
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": finding cases by target", e);
  }
}

Result<std::vector<std::int64_t>> SqlStore::CasesFromSender(
    std::string_view email, std::optional<parsers::notice::Kind> kind) {
  if (email.empty()) return std::vector<std::int64_t>();
  try {
    std::vector<Int64> ids;
    Statement select(*session_);
    std::string lower(email);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    select << Q(std::string("SELECT id FROM cases WHERE sender_email = ?") +
                (kind ? " AND kind = ?" : "") + " ORDER BY id"),
        bind(lower);
    if (kind) select, bind(std::string(parsers::notice::KindName(*kind)));
    select, into(ids);
    select.execute();
    return std::vector<std::int64_t>(ids.begin(), ids.end());
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": finding cases by sender", e);
  }
}

Status SqlStore::MarkSeen(std::string_view source_id) {
  try {
    *session_ << Q("INSERT INTO seen (source_id, at) VALUES (?, ?) ON CONFLICT DO NOTHING"),
        bind(std::string(source_id)), bind(Now()), now;
    return Status::Ok();
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": marking a message seen", e);
  }
}

Status SqlStore::BeginGroup() {
  if (in_group_) return Status::FailedPrecondition(describe_ + ": a group is already open");
  try {
    Exec(dialect_ == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": starting a group of cases", e);
  }
  in_group_ = true;
  return Status::Ok();
}

Status SqlStore::EndGroup(bool commit) {
  if (!in_group_) return Status::FailedPrecondition(describe_ + ": no group is open");
  in_group_ = false;
  try {
    Exec(commit ? "COMMIT" : "ROLLBACK");
    return Status::Ok();
  } catch (const std::exception& e) {
    try {
      Exec("ROLLBACK");
    } catch (const std::exception&) {  // a failed COMMIT may have ended the transaction
    }
    return FromPocoException(describe_ + ": committing a group of cases", e);
  }
}

Result<bool> SqlStore::Seen(std::string_view source_id) {
  try {
    Int64 count = 0;
    *session_ << Q("SELECT COUNT(*) FROM seen WHERE source_id = ?"), bind(std::string(source_id)),
        into(count), now;
    return count > 0;
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": reading the seen index", e);
  }
}

}  // namespace dmca::pipeline::store_internal
