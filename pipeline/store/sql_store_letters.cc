// Letters: queued with the decision that calls for them, then claimed, handed to the server and
// recorded as sent, each step one transaction (model/letter.h), so that none is lost or sent
// twice.

#include <Poco/Data/Statement.h>

#include <algorithm>

#include "pipeline/store/sql_store.h"

namespace dmca::pipeline::store_internal {
namespace {

using namespace Poco::Data::Keywords;  // NOLINT: into, bind, now are Poco's DSL
using Poco::Int64;
using Poco::Data::Statement;
using model::Letter;
using model::LetterState;

std::string StateText(LetterState state) { return std::string(model::LetterStateName(state)); }

}  // namespace

Status SqlStore::QueueLetterLocked(const Letter& letter) {
  *session_ << Q(
      "INSERT INTO letters (case_id, dedupe_key, kind, recipient, subject, message_id, data, "
      "state, not_before, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) "
      "ON CONFLICT DO NOTHING"),
      bind(static_cast<Int64>(letter.case_id)), bind(letter.dedupe_key), bind(letter.kind),
      bind(letter.recipient), bind(letter.subject), bind(letter.message_id), bind(letter.data),
      bind(letter.not_before), bind(Now()), now;
  return Status::Ok();
}

Status SqlStore::QueueLetters(const std::vector<Letter>& letters,
                              std::optional<model::AuditEntry> entry) {
  if (letters.empty()) return Status::Ok();
  return InTransaction(describe_ + ": queuing letters", [&]() -> Status {
    for (const auto& letter : letters) DMCA_RETURN_IF_ERROR(QueueLetterLocked(letter));
    if (entry) return InsertAudit(letters.front().case_id, *entry);
    return Status::Ok();
  });
}

Result<std::vector<Letter>> SqlStore::LoadLetters(const std::string& where,
                                                  std::optional<std::int64_t> arg) {
  try {
    std::vector<Int64> ids, case_ids;
    std::vector<int> attempts;
    std::vector<std::string> key, kind, recipient, subject, message_id, data, state, claimed_by,
        claimed_at, not_before, created_at, sent_at, result;
    Statement query(*session_);
    query << Q("SELECT id, case_id, dedupe_key, kind, recipient, subject, message_id, data, "
               "state, attempts, claimed_by, claimed_at, not_before, created_at, sent_at, result "
               "FROM letters " +
               where + " ORDER BY id");
    if (arg) query, bind(static_cast<Int64>(*arg));
    query, into(ids), into(case_ids), into(key), into(kind), into(recipient), into(subject),
        into(message_id), into(data), into(state), into(attempts), into(claimed_by),
        into(claimed_at), into(not_before), into(created_at), into(sent_at), into(result);
    query.execute();
    std::vector<Letter> out(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      Letter& l = out[i];
      l.id = ids[i];
      l.case_id = case_ids[i];
      l.dedupe_key = key[i];
      l.kind = kind[i];
      l.recipient = recipient[i];
      l.subject = subject[i];
      l.message_id = message_id[i];
      l.data = data[i];
      const auto parsed = model::LetterStateFromName(state[i]);
      if (!parsed) {
        return Status::Corruption("letter " + std::to_string(l.id) + " has unknown state " +
                                  state[i]);
      }
      l.state = *parsed;
      l.attempts = attempts[i];
      l.claimed_by = claimed_by[i];
      l.claimed_at = claimed_at[i];
      l.not_before = not_before[i];
      l.created_at = created_at[i];
      l.sent_at = sent_at[i];
      l.result = result[i];
    }
    return out;
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": reading letters", e);
  }
}

Result<std::vector<Letter>> SqlStore::Letters(std::optional<std::int64_t> case_id) {
  return LoadLetters(case_id ? "WHERE case_id = ?" : "", case_id);
}

Result<std::optional<Letter>> SqlStore::GetLetter(std::int64_t id) {
  auto letters = LoadLetters("WHERE id = ?", id);
  if (!letters.ok()) return letters.status();
  if (letters->empty()) return std::optional<Letter>();
  return std::optional<Letter>(std::move(letters->front()));
}

Result<std::optional<Letter>> SqlStore::ClaimLetter(std::string_view worker,
                                                    std::chrono::seconds lease,
                                                    const std::vector<std::string>& dead_workers) {
  const std::string now_text = Now();
  const std::string cutoff = FormatIso8601(clock_->Now() - lease);
  std::optional<Letter> claimed;
  Status status = InTransaction(describe_ + ": claiming a letter", [&]() -> Status {
    // Oldest first: a letter that was due first goes first.
    std::vector<Int64> ids;
    std::vector<std::string> states, holders, claimed_at;
    *session_ << Q("SELECT id, state, claimed_by, claimed_at FROM letters WHERE "
                   "(state = 'queued' AND not_before <= ?) OR state IN ('sending', "
                   "'committing') ORDER BY id"),
        bind(now_text), into(ids), into(states), into(holders), into(claimed_at), now;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (states[i] != "queued") {
        const bool dead = std::find(dead_workers.begin(), dead_workers.end(), holders[i]) !=
                          dead_workers.end();
        if (!dead && claimed_at[i] >= cutoff) continue;  // someone is sending it now
      }
      auto found = GetLetter(ids[i]);
      if (!found.ok()) return found.status();
      if (!*found) continue;
      // Claimed in the state it was found in: "committing" stays so until the caller has
      // found out whether the interrupted send was delivered.
      const std::string next = states[i] == "committing" ? "committing" : "sending";
      Statement update(*session_);
      update << Q("UPDATE letters SET state = ?, claimed_by = ?, claimed_at = ? WHERE id = ? "
                  "AND state = ? AND claimed_by = ?"),
          bind(next), bind(std::string(worker)), bind(now_text), bind(ids[i]), bind(states[i]),
          bind(holders[i]);
      if (update.execute() != 1) continue;
      claimed = std::move(*found);
      return Status::Ok();
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return claimed;
}

Status SqlStore::UpdateLetter(const LetterUpdate& u) {
  return InTransaction(describe_ + ": letter " + std::to_string(u.id), [&]() -> Status {
    std::string sql = "UPDATE letters SET state = ?, result = ?, not_before = ?";
    if (u.count_attempt) sql += ", attempts = attempts + 1";
    if (u.state == LetterState::kSent) sql += ", sent_at = ?";
    const bool released = u.state != LetterState::kSending && u.state != LetterState::kCommitting;
    if (released) sql += ", claimed_at = ''";
    // Staff resolve only an unconfirmed letter; a worker only one it holds.
    sql += u.worker.empty() ? " WHERE id = ? AND state = 'unconfirmed'"
                            : " WHERE id = ? AND claimed_by = ? AND state IN ('sending', "
                              "'committing')";
    Statement update(*session_);
    update << Q(sql), bind(StateText(u.state)), bind(u.result), bind(u.not_before);
    if (u.state == LetterState::kSent) update, bind(Now());
    update, bind(static_cast<Int64>(u.id));
    if (!u.worker.empty()) update, bind(u.worker);
    if (update.execute() != 1) {
      return Status::FailedPrecondition("letter " + std::to_string(u.id) +
                                        (u.worker.empty() ? " is not unconfirmed"
                                                          : ": the claim on it was lost"));
    }
    if (u.audit) {
      Int64 case_id = 0;
      *session_ << Q("SELECT case_id FROM letters WHERE id = ?"), bind(static_cast<Int64>(u.id)),
          into(case_id), now;
      return InsertAudit(case_id, *u.audit);
    }
    return Status::Ok();
  });
}

Result<std::vector<std::string>> SqlStore::LetterClaimHolders() {
  try {
    std::vector<std::string> workers;
    *session_ << "SELECT DISTINCT claimed_by FROM letters WHERE state IN ('sending', "
                 "'committing')",
        into(workers), now;
    return workers;
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": listing letter claims", e);
  }
}

Status SqlStore::SetReceipt(std::int64_t id, std::string_view at, std::string_view source,
                            const model::AuditEntry& entry) {
  return InTransaction(describe_ + ": receipt of case " + std::to_string(id), [&]() -> Status {
    Statement update(*session_);
    update << Q("UPDATE cases SET receipt_at = ?, receipt_source = ? WHERE id = ?"),
        bind(std::string(at)), bind(std::string(source)), bind(static_cast<Int64>(id));
    if (update.execute() != 1) return Status::NotFound("no case " + std::to_string(id));
    return InsertAudit(id, entry);
  });
}

}  // namespace dmca::pipeline::store_internal
