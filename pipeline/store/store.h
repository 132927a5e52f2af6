#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/base/status.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/model/case.h"
#include "pipeline/model/letter.h"
#include "pipeline/sources/source.h"

namespace dmca::pipeline {

// How to reach the durable store. SQLite (one file, the embedded default) unless
// `postgres_url` is set.
struct StoreOptions {
  std::string sqlite_path = "./dmca.db";
  std::string postgres_url;      // libpq connection string: "host=db dbname=dmca user=legal"
  int busy_timeout_ms = 10'000;  // SQLite: how long a writer waits for another's lock
  const Clock* clock = nullptr;  // leases and timestamps; nullptr: the system clock. Not owned;
                                 // must outlive the store.
  // Tests only: stop migrating at this schema version (0: migrate to the latest).
  int migrate_to = 0;
};

struct InsertOutcome {
  std::int64_t id = 0;
  bool inserted = false;  // false: the same message was already stored as case `id`
};

struct CaseFilter {
  std::optional<model::CaseState> state;
  std::optional<parsers::notice::Kind> kind;
  std::size_t limit = 100;  // newest first
  bool with_raw = false;    // the raw bytes are large: only when asked
};

// The deletion/restore queue (one row per case, site, title, kind).
enum class ActionKind { kDelete, kUndelete, kEdit };
// pending -> claimed -> done | failed | pending (retry later); pending -> cancelled (staff
// rejected the target before it ran). failed -> pending when staff retry it.
enum class ActionState { kPending, kClaimed, kDone, kFailed, kCancelled };
std::string_view ActionKindName(ActionKind kind);     // "delete", "undelete", "edit"
std::string_view ActionStateName(ActionState state);  // "pending", "claimed", "done", ...
std::optional<ActionKind> ActionKindFromName(std::string_view name);
std::optional<ActionState> ActionStateFromName(std::string_view name);

struct Action {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string site;
  std::string title;
  ActionKind kind = ActionKind::kDelete;
  ActionState state = ActionState::kPending;
  int attempts = 0;
  std::string claimed_by;  // worker name of the current/last claim
  std::string claimed_at;  // ISO 8601 UTC
  std::string result;      // what the wiki said, or the error
  // How far the action got: "" (nothing yet), "evidence" (recorded), "intent" (the call is
  // about to be or was sent: reconcile with the wiki's log before sending it again),
  // "acted" (the wiki's outcome is recorded), "protect_intent" (the follow-up protection call).
  std::string phase;
  std::string intent_at;   // ISO 8601 UTC, when the intent was committed
  std::string not_before;  // ISO 8601 UTC: not claimed again before (after a retryable failure)
  std::optional<std::int64_t> log_id;  // the wiki's log entry of the outcome
  std::string actor;                   // the staff member whose decision queued it
};

// One transaction's worth of progress on a claimed action: the action's new phase (and final
// state), the target's state and evidence, and the audit entry saying so. Either all of it is
// recorded or none (the "outcome together with the target's state in one transaction").
struct ActionUpdate {
  std::int64_t action_id = 0;
  std::string worker;                // must still hold the claim
  std::optional<ActionState> state;  // nullopt: stays claimed (only the phase moved on)
  std::optional<std::string> phase;
  std::optional<std::string> result;
  std::optional<std::int64_t> log_id;
  bool set_intent_at = false;  // intent_at = now
  std::string not_before;      // with state kPending
  // The target (every row of the case with the action's site and title).
  std::optional<model::TargetState> target_state;
  std::optional<model::TargetEvidence> evidence;
  std::optional<std::string> uploader;
  std::optional<std::string> sha1;
  std::optional<std::int64_t> target_log_id;
  std::optional<model::AuditEntry> audit;
};

// A staff decision on a case, in one transaction: the case's state (compare-and-set), its
// targets' states (by position, 0-based), actions queued or cancelled, failed ones reset.
struct Decision {
  std::int64_t case_id = 0;
  std::optional<std::pair<model::CaseState, model::CaseState>> transition;  // from, to
  std::vector<std::pair<std::size_t, model::TargetState>> targets;
  struct Queue {
    std::string site, title;
    ActionKind kind = ActionKind::kDelete;
    std::string not_before = {};  // ISO 8601 UTC: not carried out before (a scheduled restore)
  };
  std::vector<Queue> enqueue;       // idempotent per (case, site, title, kind); actor = entry.actor
  std::vector<Queue> cancel;        // pending actions of these become cancelled
  std::vector<std::int64_t> retry;  // failed actions back to pending
  std::vector<model::Letter> letters;  // queued (idempotent per dedupe_key)
  // Sets (or, with an empty `on`, clears) the case's restoration window and day.
  std::optional<model::Restoration> restoration;
  model::AuditEntry entry;
  // Decisions on other cases taken together with this one, in the same transaction: accepting
  // a counter-notice schedules the restoration of its takedown's targets.
  std::vector<Decision> linked;
};

// One entry of the audit trail with its place in it (Store::AuditTrail).
struct AuditRecord {
  std::int64_t id = 0;   // the database row
  std::int64_t seq = 0;  // its place in the whole trail: 1, 2, 3... without gaps
  std::int64_t case_id = 0;
  model::AuditEntry entry;
};

// What Store::VerifyAudit found. A broken trail names its first bad entry, in trail order.
struct AuditCheck {
  bool ok = false;
  std::int64_t entries = 0;  // entries found intact (before the first bad one; all when ok)
  std::int64_t bad_id = 0;   // the first bad entry's row id; 0 when ok or when it is gone
  std::int64_t bad_seq = 0;  // its seq (for removed entries the first missing one); 0 when ok
  // One line, e.g. "entry 17 (case 4, approved) was changed", "entry after seq 16 is missing
  // (removed)", "the last 2 entries were removed". Entries are named by seq.
  std::string reason;
  // The hash at the chain's end (as audit_head records it). A copy kept outside the database
  // is what shows a rewrite of the whole chain from some entry on.
  std::string head_hash;
};

// Publishing (schema version 7; pipeline/publish). One public page written for a case and an
// event ("notice": the first publication; "restored", "court_action", ...: an update appended
// later), with the revision id the wiki gave it.
struct Publication {
  std::int64_t case_id = 0;
  std::string site;
  std::string title;
  std::string event;
  std::string mode;                         // archive::PageModeName
  std::optional<std::int64_t> revision_id;  // the wiki's revision holding it
  std::string at;                           // ISO 8601 UTC; filled by the store when empty
};

// A Lumen submission: pending -> sending (the request is about to go out) -> sent (201, with
// its Location) | pending (the server refused for now: retried later) | failed (refused for
// good, 4xx) | uncertain (no answer after the request went out: never sent again by itself,
// staff check Lumen).
struct LumenSubmission {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string event;
  std::string state;
  std::string body;  // the notice JSON (without the token), exactly as sent
  int attempts = 0;
  std::string location;  // the 201's Location
  std::string result;    // the last answer or error
  std::string created_at;
  std::string updated_at;
};

// A staff decision on the redaction of a case's public copies: "redact" a span the rules
// missed, or "keep" one they redacted (an organisation's name) public.
struct RedactionDecision {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string span;
  std::string decision;  // "redact" or "keep"
  std::string reason;
  std::string actor;
  std::string at;
};

// The durable record of every case. Every mutating call is one transaction: it happens whole or
// not at all. A Store object is not thread-safe: give each thread or process its own; several may
// share one database (SQLite file or PostgreSQL), which arbitrates between them.
// Errors: kUnavailable (retryable) for a locked or unreachable database; kFailedPrecondition when
// a compare-and-set lost a race; kNotFound for an unknown id; kIOError/kPermissionDenied naming
// the path for local trouble.
class Store : public SeenIndex {
 public:
  ~Store() override = default;

  virtual std::string Describe() const = 0;  // "SQLite ./dmca.db", no credentials
  virtual int SchemaVersion() const = 0;

  // Stores a new case with its targets and audit entries. Idempotent per message: the same
  // Message-ID (when non-empty) or the same raw SHA-256 returns the existing id, inserted false.
  virtual Result<InsertOutcome> Insert(const model::Case& c) = 0;
  // The stored case with the same Message-ID or raw SHA-256, if any.
  virtual Result<std::optional<std::int64_t>> FindDuplicate(std::string_view message_id,
                                                            std::string_view raw_sha256) = 0;
  virtual Result<model::Case> Get(std::int64_t id) = 0;
  virtual Result<std::vector<model::Case>> List(const CaseFilter& filter) = 0;

  // Compare-and-set: moves case `id` from `from` to `to` and appends `entry`, or fails with
  // kFailedPrecondition when the case is no longer in `from` (another writer moved it) or the
  // arrow is not allowed (model::CanTransition).
  virtual Status Transition(std::int64_t id, model::CaseState from, model::CaseState to,
                            const model::AuditEntry& entry) = 0;
  // Appends to case `id`'s audit trail. Every writer of audit entries (Insert, Transition, Link,
  // Supersede, AppendAudit) fills an empty `at` with the clock and an empty `os_user` with the
  // process's operating-system user, and chains the entry onto the one trail of the database:
  // concurrent writers, in several processes or on several machines, queue for the chain's end,
  // so the chain never forks. A NUL byte in a text field is stored as U+FFFD: no text column
  // keeps it, and an entry must read back as it was hashed.
  virtual Status AppendAudit(std::int64_t id, const model::AuditEntry& entry) = 0;
  // Recomputes the audit trail's hash chain in seq order, in batches (memory does not grow with
  // the trail), inside one read snapshot (entries appended meanwhile are not seen half-way).
  // A trail that was edited, cut, reordered or added to behind the store's back is an OK result
  // with `ok` false naming the first bad entry. Non-OK: the database failed, or
  // kFailedPrecondition for a store at a schema before version 4. What no hash chain can show is
  // a rewrite of every hash from the changed entry to the head by someone with write access:
  // comparing `head_hash` with a copy kept outside the database shows that.
  virtual Result<AuditCheck> VerifyAudit() = 0;
  // At most `limit` entries of the trail after seq `after_seq`, in seq order: of case `case_id`,
  // or of every case. kNotFound for an unknown case.
  virtual Result<std::vector<AuditRecord>> AuditTrail(std::optional<std::int64_t> case_id,
                                                      std::int64_t after_seq,
                                                      std::size_t limit) = 0;

  // Records that case `id` answers takedown `linked_case` (a counter-notice, a retraction).
  virtual Status Link(std::int64_t id, std::int64_t linked_case,
                      const model::AuditEntry& entry) = 0;
  // `old_id` (in `from`) becomes superseded by `new_id`: CAS like Transition.
  virtual Status Supersede(std::int64_t old_id, model::CaseState from, std::int64_t new_id,
                           const model::AuditEntry& entry) = 0;
  // Ids of cases (of `kind` and in `state`, when given) naming target (site, title), oldest
  // first. Served by an index on (site, title): the cost follows the cases naming the target,
  // not the size of the store.
  virtual Result<std::vector<std::int64_t>> CasesWithTarget(
      std::string_view site, std::string_view title, std::optional<parsers::notice::Kind> kind,
      std::optional<model::CaseState> state) = 0;
  // Ids of cases (of `kind`, when given) sent from `email` (model::SenderEmail; compared
  // case-insensitively), oldest first. Indexed.
  virtual Result<std::vector<std::int64_t>> CasesFromSender(
      std::string_view email, std::optional<parsers::notice::Kind> kind) = 0;

  // The action queue. Enqueue is idempotent: the same (case, site, title, kind) returns the
  // existing action's id.
  virtual Result<std::int64_t> EnqueueAction(std::int64_t case_id, std::string_view site,
                                             std::string_view title, ActionKind kind) = 0;
  // Claims the oldest pending action (of `case_id`, when given), or one whose claim is older than
  // `lease` (its worker is presumed dead). The claim is a conditional UPDATE: among concurrent
  // claimers exactly one wins each action. nullopt when nothing is claimable.
  virtual Result<std::optional<Action>> ClaimAction(std::string_view worker,
                                                    std::chrono::seconds lease,
                                                    std::optional<std::int64_t> case_id = {}) = 0;
  // Ends `worker`'s claim on action `id`: `final_state` is kDone (never run again), kFailed
  // (permanent; never run again) or kPending (retry later). kFailedPrecondition when the claim
  // was lost (the lease expired and another worker took it).
  virtual Status CompleteAction(std::int64_t id, std::string_view worker, ActionState final_state,
                                std::string_view result) = 0;
  virtual Result<std::vector<Action>> Actions(std::optional<std::int64_t> case_id) = 0;
  // One action by id; nullopt when there is none.
  virtual Result<std::optional<Action>> GetAction(std::int64_t id) = 0;
  // How many of the case's actions are still pending or claimed (an indexed count).
  virtual Result<std::size_t> OpenActions(std::int64_t case_id) = 0;
  // Records progress on a claimed action (see ActionUpdate). kFailedPrecondition when `worker`
  // no longer holds the claim: nothing is written.
  virtual Status UpdateAction(const ActionUpdate& update) = 0;
  // Moves the claim's time to now, so that a call retried for long keeps its claim.
  virtual Status RenewClaim(std::int64_t id, std::string_view worker) = 0;
  // The workers holding claims now (to find those of this machine that died).
  virtual Result<std::vector<std::string>> ClaimHolders() = 0;
  // Gives the claims of a worker known dead back to the queue at once (the phase is kept, so
  // the next worker reconciles before calling). Returns how many.
  virtual Result<std::size_t> ReleaseClaims(std::string_view worker) = 0;
  // Actions that are pending (now or later), claimed, done, failed or cancelled: counts.
  virtual Result<std::vector<std::pair<ActionState, std::size_t>>> ActionCounts() = 0;
  // Pending actions that are due now or wait out a retry delay; not a restoration scheduled for a
  // later day that was never tried.
  virtual Result<std::size_t> DueActions() = 0;

  // A staff decision (see Decision), in one transaction.
  virtual Status Decide(const Decision& decision) = 0;
  // Staff correct when the Foundation received case `id` (ISO 8601 UTC), audited.
  virtual Status SetReceipt(std::int64_t id, std::string_view at, std::string_view source,
                            const model::AuditEntry& entry) = 0;

  // Letters (model/letter.h). Every state change below is one transaction with its audit entry.
  virtual Result<std::vector<model::Letter>> Letters(std::optional<std::int64_t> case_id) = 0;
  virtual Result<std::optional<model::Letter>> GetLetter(std::int64_t id) = 0;
  // Queues letters outside a decision (a tick's reminders and alarms); idempotent per key.
  virtual Status QueueLetters(const std::vector<model::Letter>& letters,
                              std::optional<model::AuditEntry> entry) = 0;
  // Claims the oldest letter that is due: queued with not_before <= now, or sending or
  // committing under a claim older than `lease` or held by one of `dead_workers` (this
  // machine's crashed runs). The claimed letter is returned in the state it was found in, so
  // the caller knows whether it may already have been delivered; it is then `sending`,
  // `committing` as found, under `worker`.
  virtual Result<std::optional<model::Letter>> ClaimLetter(
      std::string_view worker, std::chrono::seconds lease,
      const std::vector<std::string>& dead_workers) = 0;
  // Moves `worker`'s claimed letter on. kFailedPrecondition when the claim was lost.
  struct LetterUpdate {
    std::int64_t id = 0;
    std::string worker;  // must hold the claim; empty: staff resolving an unconfirmed letter
    model::LetterState state = model::LetterState::kSent;
    std::string result;
    std::string not_before;  // with kQueued
    bool count_attempt = false;
    std::optional<model::AuditEntry> audit;
  };
  virtual Status UpdateLetter(const LetterUpdate& update) = 0;
  // The workers named in the claims of unfinished letters (for DeadLocalWorker).
  virtual Result<std::vector<std::string>> LetterClaimHolders() = 0;
  // Staff set a case's kind by hand: the notice (with its re-derived analysis) replaces the
  // stored one and the case moves from `from` to `to` (compare-and-set), audited.
  virtual Status Reclassify(std::int64_t id, model::CaseState from, model::CaseState to,
                            const parsers::notice::Notice& notice,
                            const model::AuditEntry& entry) = 0;

  // Group commit (ingestion's batches): after BeginGroup() every mutating call still happens
  // whole or not at all, but none is durable until EndGroup(true) commits them together in one
  // transaction (one fsync for the batch); EndGroup(false), or a crash, undoes the whole group.
  // Reads see the group's writes. One group at a time; it holds the database's write lock
  // (SQLite) until it ends, so keep groups short. The default keeps every call durable by itself.
  virtual Status BeginGroup() { return Status::Ok(); }
  virtual Status EndGroup(bool commit) {
    (void)commit;
    return Status::Ok();
  }
  // Publishing (schema version 7). The pages recorded for case `case_id` (every case when
  // nullopt), by id.
  virtual Result<std::vector<Publication>> Publications(std::optional<std::int64_t> case_id) = 0;
  // Records a page written, its audit entry and, when given, the case's move (compare-and-set,
  // e.g. executed -> published once its last page is written) in one transaction. Idempotent:
  // a (case, site, title, event) already recorded is kept as it was, and nothing else happens.
  virtual Status RecordPublication(
      const Publication& publication, const model::AuditEntry& entry,
      std::optional<std::pair<model::CaseState, model::CaseState>> transition) = 0;
  // Queues a Lumen submission of (case, event) in state pending; false (and nothing changed)
  // when it was queued before.
  virtual Result<bool> QueueLumen(std::int64_t case_id, std::string_view event,
                                  std::string_view body) = 0;
  // The submissions in `state` (all when empty), by id.
  virtual Result<std::vector<LumenSubmission>> LumenSubmissions(std::string_view state) = 0;
  // Compare-and-set of submission `id` from state `from` to `to`, with its Location and result,
  // counting an attempt when `to` is "sending", and the audit entry on its case.
  // kFailedPrecondition when it is no longer in `from` (another publisher took it).
  virtual Status UpdateLumen(std::int64_t id, std::string_view from, std::string_view to,
                             std::string_view location, std::string_view result,
                             const model::AuditEntry& entry) = 0;
  // Staff's redaction decisions on case `case_id`, oldest first, and a new one with its audit
  // entry in one transaction.
  virtual Result<std::vector<RedactionDecision>> Redactions(std::int64_t case_id) = 0;
  virtual Status AddRedaction(const RedactionDecision& decision,
                              const model::AuditEntry& entry) = 0;

  // Server-side messages already committed (SeenIndex).
  virtual Status MarkSeen(std::string_view source_id) = 0;
  Result<bool> Seen(std::string_view source_id) override = 0;
};

// An audit entry stamped with the clock's now.
model::AuditEntry AuditNow(const Clock& clock, std::string actor, std::string action,
                           std::string detail);

// Opens (creating and migrating when needed) the store `options` names. Errors name the path:
// an unwritable or missing directory is kPermissionDenied / kIOError, and a failed creation
// leaves no file behind; a database written by a newer dmca is kFailedPrecondition.
Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options);

}  // namespace dmca::pipeline
