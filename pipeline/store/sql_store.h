#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <memory>
#include <string>

#include "pipeline/store/migrations.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline::store_internal {

// The Store over Poco::Data: one SQL text for SQLite and PostgreSQL (placeholders rewritten,
// DDL tokens expanded by the migrations). Each Store owns one session.
class SqlStore final : public Store {
 public:
  SqlStore(std::unique_ptr<Poco::Data::Session> session, Dialect dialect, std::string describe,
           const Clock* clock);

  // Brings the schema to `migrate_to` (0: latest). kFailedPrecondition for a newer database.
  Status Migrate(int migrate_to);
  // Schema version 3: the indexed sender address of the cases stored before it.
  Status FillSenderEmails();
  // Schema version 4: chains the audit entries stored before it, in id order, and fills
  // audit_head (sql_store_audit.cc).
  Status ChainAudit();

  std::string Describe() const override { return describe_; }
  int SchemaVersion() const override { return schema_version_; }

  Result<InsertOutcome> Insert(const model::Case& c) override;
  Result<std::optional<std::int64_t>> FindDuplicate(std::string_view message_id,
                                                    std::string_view raw_sha256) override;
  Result<model::Case> Get(std::int64_t id) override;
  Result<std::vector<model::Case>> List(const CaseFilter& filter) override;
  Status Transition(std::int64_t id, model::CaseState from, model::CaseState to,
                    const model::AuditEntry& entry) override;
  Status AppendAudit(std::int64_t id, const model::AuditEntry& entry) override;
  Result<AuditCheck> VerifyAudit() override;
  Result<std::vector<AuditRecord>> AuditTrail(std::optional<std::int64_t> case_id,
                                              std::int64_t after_seq, std::size_t limit) override;
  Status Link(std::int64_t id, std::int64_t linked_case, const model::AuditEntry& entry) override;
  Status Supersede(std::int64_t old_id, model::CaseState from, std::int64_t new_id,
                   const model::AuditEntry& entry) override;
  Result<std::vector<std::int64_t>> CasesWithTarget(std::string_view site, std::string_view title,
                                                    std::optional<parsers::notice::Kind> kind,
                                                    std::optional<model::CaseState> state) override;
  Result<std::vector<std::int64_t>> CasesFromSender(
      std::string_view email, std::optional<parsers::notice::Kind> kind) override;
  Result<std::int64_t> EnqueueAction(std::int64_t case_id, std::string_view site,
                                     std::string_view title, ActionKind kind) override;
  Result<std::optional<Action>> ClaimAction(std::string_view worker, std::chrono::seconds lease,
                                            std::optional<std::int64_t> case_id) override;
  Status CompleteAction(std::int64_t id, std::string_view worker, ActionState final_state,
                        std::string_view result) override;
  Result<std::vector<Action>> Actions(std::optional<std::int64_t> case_id) override;
  Result<std::optional<Action>> GetAction(std::int64_t id) override;
  Result<std::size_t> OpenActions(std::int64_t case_id) override;
  Status UpdateAction(const ActionUpdate& update) override;
  Status RenewClaim(std::int64_t id, std::string_view worker) override;
  Result<std::vector<std::string>> ClaimHolders() override;
  Result<std::size_t> ReleaseClaims(std::string_view worker) override;
  Result<std::vector<std::pair<ActionState, std::size_t>>> ActionCounts() override;
  Result<std::size_t> DueActions() override;
  Status Decide(const Decision& decision) override;
  Status Reclassify(std::int64_t id, model::CaseState from, model::CaseState to,
                    const parsers::notice::Notice& notice, const model::AuditEntry& entry) override;
  Status SetReceipt(std::int64_t id, std::string_view at, std::string_view source,
                    const model::AuditEntry& entry) override;
  Result<std::vector<model::Letter>> Letters(std::optional<std::int64_t> case_id) override;
  Result<std::optional<model::Letter>> GetLetter(std::int64_t id) override;
  Status QueueLetters(const std::vector<model::Letter>& letters,
                      std::optional<model::AuditEntry> entry) override;
  Result<std::optional<model::Letter>> ClaimLetter(
      std::string_view worker, std::chrono::seconds lease,
      const std::vector<std::string>& dead_workers) override;
  Status UpdateLetter(const LetterUpdate& update) override;
  Result<std::vector<std::string>> LetterClaimHolders() override;
  // Publishing (sql_store_publish.cc).
  Result<std::vector<Publication>> Publications(std::optional<std::int64_t> case_id) override;
  Status RecordPublication(
      const Publication& publication, const model::AuditEntry& entry,
      std::optional<std::pair<model::CaseState, model::CaseState>> transition) override;
  Result<bool> QueueLumen(std::int64_t case_id, std::string_view event,
                          std::string_view body) override;
  Result<std::vector<LumenSubmission>> LumenSubmissions(std::string_view state) override;
  Status UpdateLumen(std::int64_t id, std::string_view from, std::string_view to,
                     std::string_view location, std::string_view result,
                     const model::AuditEntry& entry) override;
  Result<std::vector<RedactionDecision>> Redactions(std::int64_t case_id) override;
  Status AddRedaction(const RedactionDecision& decision, const model::AuditEntry& entry) override;
  Status MarkSeen(std::string_view source_id) override;
  Result<bool> Seen(std::string_view source_id) override;
  Status BeginGroup() override;
  Status EndGroup(bool commit) override;

 private:
  std::string Q(const std::string& sql) const { return Placeholders(sql, dialect_); }
  std::string Now() const;
  void Exec(const std::string& sql);
  // Runs `body` inside BEGIN (IMMEDIATE on SQLite: take the write lock up front so two writers
  // queue on the busy timeout instead of failing to upgrade) ... COMMIT; rolls back on a non-OK
  // Status or an exception, which becomes a Status annotated with `what`.
  template <typename Body>
  Status InTransaction(std::string_view what, Body&& body);

  // The one writer of the audit trail; inside a transaction (sql_store_audit.cc).
  Status InsertAudit(std::int64_t id, const model::AuditEntry& entry);
  AuditCheck CheckAuditChain();  // VerifyAudit inside its snapshot
  const std::string& OsUser();   // looked up once
  Status CompareAndSet(std::int64_t id, model::CaseState from, model::CaseState to);
  Result<std::optional<std::int64_t>> FindDuplicateLocked(std::string_view message_id,
                                                          std::string_view raw_sha256);
  Result<model::Case> Load(std::int64_t id, bool with_raw);
  Result<std::optional<Action>> LoadAction(std::int64_t id);
  // The actions matching `where` ("WHERE case_id = ?", binding `arg`, or ""), by id.
  Result<std::vector<Action>> LoadActions(const std::string& where,
                                          std::optional<std::int64_t> arg);
  Status EnqueueLocked(std::int64_t case_id, const std::string& site, const std::string& title,
                       ActionKind kind, const std::string& actor,
                       const std::string& not_before = "");
  Status DecideLocked(const Decision& d);
  Status QueueLetterLocked(const model::Letter& letter);
  // The letters matching `where` (as LoadActions), by id.
  Result<std::vector<model::Letter>> LoadLetters(const std::string& where,
                                                 std::optional<std::int64_t> arg);
  Status UpdateTargetsLocked(std::int64_t case_id, const std::string& site,
                             const std::string& title, const ActionUpdate& update);

  std::unique_ptr<Poco::Data::Session> session_;
  Dialect dialect_;
  std::string describe_;
  const Clock* clock_;
  SystemClock system_clock_;
  int schema_version_ = 0;
  std::string os_user_;
  bool in_group_ = false;  // BeginGroup: each InTransaction is a savepoint inside the group
};

inline Poco::Nullable<std::string> NullIfEmpty(std::string_view value) {
  if (value.empty()) return Poco::Nullable<std::string>();
  return Poco::Nullable<std::string>(std::string(value));
}
inline Poco::Nullable<std::string> FromOptional(const std::optional<std::string>& value) {
  return value ? Poco::Nullable<std::string>(*value) : Poco::Nullable<std::string>();
}
inline std::optional<std::string> ToOptional(const Poco::Nullable<std::string>& value) {
  if (value.isNull()) return std::nullopt;
  return value.value();
}

// Turns a Poco exception into a Status: a locked or unreachable database is retryable.
Status FromPocoException(std::string_view what, const std::exception& e);

template <typename Body>
Status SqlStore::InTransaction(std::string_view what, Body&& body) {
  // Inside a group (BeginGroup) a savepoint keeps each call whole: a failed one is undone
  // alone and the group goes on (SQLite and PostgreSQL both have SAVEPOINT).
  const char* const begin = in_group_                       ? "SAVEPOINT dmca_call"
                            : dialect_ == Dialect::kSqlite ? "BEGIN IMMEDIATE"
                                                           : "BEGIN";
  const char* const commit = in_group_ ? "RELEASE SAVEPOINT dmca_call" : "COMMIT";
  auto rollback = [this] {
    Exec(in_group_ ? "ROLLBACK TO SAVEPOINT dmca_call" : "ROLLBACK");
    if (in_group_) Exec("RELEASE SAVEPOINT dmca_call");
  };
  try {
    Exec(begin);
  } catch (const std::exception& e) {
    return FromPocoException(what, e);
  }
  try {
    Status status = body();
    if (!status.ok()) {
      rollback();
      return status;
    }
    Exec(commit);
    return Status::Ok();
  } catch (const std::exception& e) {
    try {
      rollback();
    } catch (const std::exception&) {  // the transaction may already be gone with the error
    }
    return FromPocoException(what, e);
  }
}

}  // namespace dmca::pipeline::store_internal
