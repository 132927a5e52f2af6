// The action queue and staff decisions of SqlStore: claims, progress, outcomes.

#include <Poco/Data/Statement.h>

#include "pipeline/model/case_json.h"
#include "pipeline/store/sql_store.h"

namespace dmca::pipeline::store_internal {
namespace {

using namespace Poco::Data::Keywords;  // NOLINT: into, bind, now are Poco's DSL
using Poco::Int64;
using Poco::Nullable;
using Poco::Data::Statement;

constexpr std::string_view kActionColumns =
    "case_id, site, title, kind, state, attempts, claimed_by, claimed_at, result, phase, "
    "intent_at, not_before, log_id, actor";

}  // namespace

Status SqlStore::EnqueueLocked(std::int64_t case_id, const std::string& site,
                               const std::string& title, ActionKind kind,
                               const std::string& actor, const std::string& not_before) {
  *session_ << Q(
      "INSERT INTO actions (case_id, site, title, kind, state, attempts, claimed_by, "
      "claimed_at, result, created_at, actor, not_before) VALUES (?, ?, ?, ?, 'pending', 0, "
      "'', '', '', ?, ?, ?) ON CONFLICT DO NOTHING"),
      bind(static_cast<Int64>(case_id)), bind(site), bind(title),
      bind(std::string(ActionKindName(kind))), bind(Now()), bind(actor), bind(not_before), now;
  // Queued again after it was cancelled (staff changed their mind): pending once more.
  *session_ << Q(
      "UPDATE actions SET state = 'pending', actor = ?, not_before = ? WHERE case_id = ? AND "
      "site = ? AND title = ? AND kind = ? AND state = 'cancelled'"),
      bind(actor), bind(not_before), bind(static_cast<Int64>(case_id)), bind(site), bind(title),
      bind(std::string(ActionKindName(kind))), now;
  return Status::Ok();
}

Result<std::int64_t> SqlStore::EnqueueAction(std::int64_t case_id, std::string_view site,
                                             std::string_view title, ActionKind kind) {
  Int64 id = 0;
  Status status = InTransaction(describe_ + ": queueing an action", [&]() -> Status {
    DMCA_RETURN_IF_ERROR(EnqueueLocked(case_id, std::string(site), std::string(title), kind, ""));
    *session_ << Q(
        "SELECT id FROM actions WHERE case_id = ? AND site = ? AND title = ? AND "
        "kind = ?"),
        bind(static_cast<Int64>(case_id)), bind(std::string(site)), bind(std::string(title)),
        bind(std::string(ActionKindName(kind))), into(id), now;
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return static_cast<std::int64_t>(id);
}

Result<std::vector<Action>> SqlStore::LoadActions(const std::string& where,
                                                  std::optional<std::int64_t> arg) {
  // One statement for all the rows: FinishCase and the step checks read every action of a
  // case after each action, so a statement per row made a case of N targets cost N^2 queries.
  std::vector<Int64> id, case_id;
  std::vector<std::string> site, title, kind, state, claimed_by, claimed_at, result, phase,
      intent_at, not_before, actor;
  std::vector<Nullable<Int64>> log_id;
  std::vector<int> attempts;
  Statement select(*session_);
  select << Q("SELECT id, " + std::string(kActionColumns) + " FROM actions " + where +
              " ORDER BY id");
  if (arg) select, bind(static_cast<Int64>(*arg));
  select, into(id), into(case_id), into(site), into(title), into(kind), into(state), into(attempts),
      into(claimed_by), into(claimed_at), into(result), into(phase), into(intent_at),
      into(not_before), into(log_id), into(actor);
  select.execute();
  std::vector<Action> out;
  out.reserve(id.size());
  for (std::size_t i = 0; i < id.size(); ++i) {
    Action action;
    action.id = id[i];
    action.case_id = case_id[i];
    action.site = site[i];
    action.title = title[i];
    const auto parsed_kind = ActionKindFromName(kind[i]);
    const auto parsed_state = ActionStateFromName(state[i]);
    if (!parsed_kind || !parsed_state) {
      return Status::Corruption("action " + std::to_string(id[i]) + " has kind '" + kind[i] +
                                "' and state '" + state[i] + "'");
    }
    action.kind = *parsed_kind;
    action.state = *parsed_state;
    action.attempts = attempts[i];
    action.claimed_by = claimed_by[i];
    action.claimed_at = claimed_at[i];
    action.result = result[i];
    action.phase = phase[i];
    action.intent_at = intent_at[i];
    action.not_before = not_before[i];
    if (!log_id[i].isNull()) action.log_id = log_id[i].value();
    action.actor = actor[i];
    out.push_back(std::move(action));
  }
  return out;
}

Result<std::optional<Action>> SqlStore::LoadAction(std::int64_t id) {
  auto actions = LoadActions("WHERE id = ?", id);
  if (!actions.ok()) return actions.status();
  if (actions->empty()) return std::optional<Action>();
  return std::optional<Action>(std::move(actions->front()));
}

Result<std::optional<Action>> SqlStore::ClaimAction(std::string_view worker,
                                                    std::chrono::seconds lease,
                                                    std::optional<std::int64_t> case_id) {
  const std::string now_text = Now();
  const std::string cutoff = FormatIso8601(clock_->Now() - lease);
  const std::string claimable =
      "((state = 'pending' AND not_before <= ?) OR (state = 'claimed' AND claimed_at < ?))";
  const std::string select_sql = "SELECT id FROM actions WHERE " + claimable +
                                 (case_id ? " AND case_id = ?" : "") + " ORDER BY id LIMIT 1";
  auto select = [&](const std::string& suffix) {
    std::vector<Int64> ids;
    Statement query(*session_);
    query << Q(select_sql + suffix), bind(now_text), bind(cutoff);
    if (case_id) query, bind(static_cast<Int64>(*case_id));
    query, into(ids);
    query.execute();
    return ids;
  };
  auto take = [&](Int64 id) {
    Statement update(*session_);
    update << Q(
        "UPDATE actions SET state = 'claimed', claimed_by = ?, claimed_at = ?, "
        "attempts = attempts + 1 WHERE id = ? AND " +
        claimable),
        bind(std::string(worker)), bind(now_text), bind(id), bind(now_text), bind(cutoff);
    return update.execute() == 1;
  };
  if (dialect_ == Dialect::kPostgres) {
    // Several workers on one queue: each skips the rows another is claiming instead of waiting
    // for it (SELECT ... FOR UPDATE SKIP LOCKED), so claims never collide.
    std::optional<Int64> won;
    Status status = InTransaction(describe_ + ": claiming an action", [&]() -> Status {
      const auto ids = select(" FOR UPDATE SKIP LOCKED");
      if (!ids.empty() && take(ids[0])) won = ids[0];
      return Status::Ok();
    });
    if (!status.ok()) return status;
    if (!won) return std::optional<Action>();
    try {
      return LoadAction(*won);
    } catch (const std::exception& e) {
      return FromPocoException(describe_ + ": reading a claimed action", e);
    }
  }
  try {
    // Losing the race for one candidate only means another worker has it: try the next.
    for (int attempt = 0; attempt < 64; ++attempt) {
      const auto ids = select("");
      if (ids.empty()) return std::optional<Action>();
      // The claim itself: a conditional UPDATE that only one writer can win.
      if (take(ids[0])) return LoadAction(ids[0]);
    }
    return Status::Unavailable(describe_ + ": too much contention claiming actions");
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": claiming an action", e);
  }
}

Status SqlStore::CompleteAction(std::int64_t id, std::string_view worker, ActionState final_state,
                                std::string_view result) {
  if (final_state == ActionState::kClaimed) {
    return Status::InvalidArgument("an action is completed as done, failed or pending");
  }
  ActionUpdate update;
  update.action_id = id;
  update.worker = std::string(worker);
  update.state = final_state;
  update.result = std::string(result);
  return UpdateAction(update);
}

Status SqlStore::UpdateTargetsLocked(std::int64_t case_id, const std::string& site,
                                     const std::string& title, const ActionUpdate& u) {
  if (!u.target_state && !u.evidence && !u.uploader && !u.sha1 && !u.target_log_id) {
    return Status::Ok();
  }
  std::string sql = "UPDATE targets SET case_id = case_id";
  if (u.target_state) sql += ", state = ?";
  if (u.evidence) sql += ", evidence_json = ?";
  if (u.uploader) sql += ", uploader = ?";
  if (u.sha1) sql += ", sha1 = ?";
  if (u.target_log_id) sql += ", log_id = ?";
  sql += " WHERE case_id = ? AND site = ? AND title = ?";
  Statement update(*session_);
  update << Q(sql);
  if (u.target_state) update, bind(std::string(model::TargetStateName(*u.target_state)));
  if (u.evidence) update, bind(model::Stringify(model::EvidenceToJson(*u.evidence), false));
  if (u.uploader) update, bind(*u.uploader);
  if (u.sha1) update, bind(*u.sha1);
  if (u.target_log_id) update, bind(static_cast<Int64>(*u.target_log_id));
  update, bind(static_cast<Int64>(case_id)), bind(site), bind(title);
  if (update.execute() == 0) {
    return Status::NotFound("case " + std::to_string(case_id) + " has no target " + site + " " +
                            title);
  }
  return Status::Ok();
}

Status SqlStore::UpdateAction(const ActionUpdate& u) {
  if (u.state == ActionState::kClaimed || u.state == ActionState::kCancelled) {
    return Status::InvalidArgument("an action is completed as done, failed or pending");
  }
  return InTransaction(
      describe_ + ": recording action " + std::to_string(u.action_id), [&]() -> Status {
        std::vector<Int64> case_ids;
        std::vector<std::string> sites, titles;
        *session_ << Q(
            "SELECT case_id, site, title FROM actions WHERE id = ? AND "
            "state = 'claimed' AND claimed_by = ?"),
            bind(static_cast<Int64>(u.action_id)), bind(u.worker), into(case_ids), into(sites),
            into(titles), now;
        if (case_ids.empty()) {
          return Status::FailedPrecondition("action " + std::to_string(u.action_id) +
                                            " is not claimed by " + u.worker + " (lease lost?)");
        }
        std::string sql = "UPDATE actions SET claimed_at = claimed_at";
        if (u.state) sql += ", state = ?";
        if (u.phase) sql += ", phase = ?";
        if (u.result) sql += ", result = ?";
        if (u.log_id) sql += ", log_id = ?";
        if (u.set_intent_at) sql += ", intent_at = ?";
        if (u.state == ActionState::kPending) sql += ", not_before = ?";
        // The claim is checked again by the UPDATE itself: on PostgreSQL another worker may take
        // the action over (its lease run out) between the SELECT above and here.
        sql += " WHERE id = ? AND state = 'claimed' AND claimed_by = ?";
        Statement update(*session_);
        update << Q(sql);
        if (u.state) update, bind(std::string(ActionStateName(*u.state)));
        if (u.phase) update, bind(*u.phase);
        if (u.result) update, bind(*u.result);
        if (u.log_id) update, bind(static_cast<Int64>(*u.log_id));
        if (u.set_intent_at) update, bind(Now());
        if (u.state == ActionState::kPending) update, bind(u.not_before);
        update, bind(static_cast<Int64>(u.action_id)), bind(u.worker);
        if (update.execute() != 1) {
          return Status::FailedPrecondition("action " + std::to_string(u.action_id) +
                                            " was taken over by another worker");
        }
        DMCA_RETURN_IF_ERROR(UpdateTargetsLocked(case_ids[0], sites[0], titles[0], u));
        if (u.audit) DMCA_RETURN_IF_ERROR(InsertAudit(case_ids[0], *u.audit));
        return Status::Ok();
      });
}

Status SqlStore::RenewClaim(std::int64_t id, std::string_view worker) {
  try {
    Statement update(*session_);
    update << Q(
        "UPDATE actions SET claimed_at = ? WHERE id = ? AND state = 'claimed' AND "
        "claimed_by = ?"),
        bind(Now()), bind(static_cast<Int64>(id)), bind(std::string(worker));
    if (update.execute() == 1) return Status::Ok();
    return Status::FailedPrecondition("action " + std::to_string(id) + " is not claimed by " +
                                      std::string(worker));
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": renewing a claim", e);
  }
}

Result<std::vector<std::string>> SqlStore::ClaimHolders() {
  try {
    std::vector<std::string> workers;
    *session_ << "SELECT DISTINCT claimed_by FROM actions WHERE state = 'claimed'", into(workers),
        now;
    return workers;
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": listing claims", e);
  }
}

Result<std::size_t> SqlStore::ReleaseClaims(std::string_view worker) {
  try {
    Statement update(*session_);
    update << Q(
        "UPDATE actions SET state = 'pending', claimed_at = '' WHERE state = 'claimed' "
        "AND claimed_by = ?"),
        bind(std::string(worker));
    return update.execute();
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": releasing claims", e);
  }
}

Result<std::size_t> SqlStore::DueActions() {
  try {
    Int64 due = 0;
    *session_ << Q("SELECT COUNT(*) FROM actions WHERE state = 'pending' AND (not_before <= ? OR "
                   "attempts > 0)"),
        bind(Now()), into(due), now;
    return static_cast<std::size_t>(due);
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": counting due actions", e);
  }
}

Result<std::vector<std::pair<ActionState, std::size_t>>> SqlStore::ActionCounts() {
  try {
    std::vector<std::string> states;
    std::vector<Int64> counts;
    *session_ << "SELECT state, COUNT(*) FROM actions GROUP BY state ORDER BY state", into(states),
        into(counts), now;
    std::vector<std::pair<ActionState, std::size_t>> out;
    for (std::size_t i = 0; i < states.size(); ++i) {
      if (auto state = ActionStateFromName(states[i])) {
        out.emplace_back(*state, static_cast<std::size_t>(counts[i]));
      }
    }
    return out;
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": counting actions", e);
  }
}

Result<std::vector<Action>> SqlStore::Actions(std::optional<std::int64_t> case_id) {
  try {
    return LoadActions(case_id ? "WHERE case_id = ?" : "", case_id);
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": listing actions", e);
  }
}

Result<std::optional<Action>> SqlStore::GetAction(std::int64_t id) {
  try {
    return LoadAction(id);
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": reading action " + std::to_string(id), e);
  }
}

Result<std::size_t> SqlStore::OpenActions(std::int64_t case_id) {
  try {
    Int64 open = 0;
    *session_ << Q(
        "SELECT COUNT(*) FROM actions WHERE case_id = ? AND state IN ('pending', "
        "'claimed')"),
        bind(static_cast<Int64>(case_id)), into(open), now;
    return static_cast<std::size_t>(open);
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": counting open actions", e);
  }
}

Status SqlStore::Decide(const Decision& d) {
  return InTransaction(describe_ + ": deciding case " + std::to_string(d.case_id), [&]() -> Status {
    DMCA_RETURN_IF_ERROR(DecideLocked(d));
    for (const auto& linked : d.linked) DMCA_RETURN_IF_ERROR(DecideLocked(linked));
    return Status::Ok();
  });
}

Status SqlStore::DecideLocked(const Decision& d) {
  if (d.transition) {
    DMCA_RETURN_IF_ERROR(CompareAndSet(d.case_id, d.transition->first, d.transition->second));
  }
  for (const auto& [pos, state] : d.targets) {
    Statement update(*session_);
    update << Q("UPDATE targets SET state = ? WHERE case_id = ? AND pos = ?"),
        bind(std::string(model::TargetStateName(state))), bind(static_cast<Int64>(d.case_id)),
        bind(static_cast<int>(pos));
    if (update.execute() != 1) {
      return Status::NotFound("case " + std::to_string(d.case_id) + " has no target " +
                              std::to_string(pos + 1));
    }
  }
  for (const auto& q : d.cancel) {
    // Checked again inside the transaction: a worker may have claimed it meanwhile.
    Int64 started = 0;
    *session_ << Q(
        "SELECT COUNT(*) FROM actions WHERE case_id = ? AND site = ? AND title = ? "
        "AND kind = ? AND (state NOT IN ('pending', 'cancelled') OR phase <> '')"),
        bind(static_cast<Int64>(d.case_id)), bind(q.site), bind(q.title),
        bind(std::string(ActionKindName(q.kind))), into(started), now;
    if (started > 0) {
      return Status::FailedPrecondition(q.title + " on " + q.site +
                                        " is already being acted on: it cannot be cancelled");
    }
    *session_ << Q(
        "UPDATE actions SET state = 'cancelled' WHERE case_id = ? AND site = ? AND "
        "title = ? AND kind = ? AND state = 'pending'"),
        bind(static_cast<Int64>(d.case_id)), bind(q.site), bind(q.title),
        bind(std::string(ActionKindName(q.kind))), now;
  }
  for (const auto& q : d.enqueue) {
    DMCA_RETURN_IF_ERROR(
        EnqueueLocked(d.case_id, q.site, q.title, q.kind, d.entry.actor, q.not_before));
  }
  for (std::int64_t id : d.retry) {
    Statement update(*session_);
    update << Q(
        "UPDATE actions SET state = 'pending', not_before = '', result = '' WHERE "
        "id = ? AND case_id = ? AND state = 'failed'"),
        bind(static_cast<Int64>(id)), bind(static_cast<Int64>(d.case_id));
    if (update.execute() != 1) {
      return Status::FailedPrecondition("action " + std::to_string(id) + " has not failed");
    }
  }
  if (d.restoration) {
    const auto& r = *d.restoration;
    *session_ << Q(
        "UPDATE cases SET restore_earliest = ?, restore_latest = ?, restore_on = ? WHERE id = ?"),
        bind(NullIfEmpty(r.on.empty() ? "" : r.earliest)),
        bind(NullIfEmpty(r.on.empty() ? "" : r.latest)), bind(NullIfEmpty(r.on)),
        bind(static_cast<Int64>(d.case_id)), now;
  }
  for (const auto& letter : d.letters) DMCA_RETURN_IF_ERROR(QueueLetterLocked(letter));
  return InsertAudit(d.case_id, d.entry);
}

Status SqlStore::Reclassify(std::int64_t id, model::CaseState from, model::CaseState to,
                            const parsers::notice::Notice& notice, const model::AuditEntry& entry) {
  return InTransaction(describe_ + ": reclassifying case " + std::to_string(id), [&]() -> Status {
    DMCA_RETURN_IF_ERROR(CompareAndSet(id, from, to));
    *session_ << Q("UPDATE cases SET kind = ?, verdict = ?, notice_json = ? WHERE id = ?"),
        bind(std::string(parsers::notice::KindName(notice.analysis.kind))),
        bind(std::string(parsers::notice::VerdictName(notice.analysis.verdict))),
        bind(model::Stringify(model::NoticeToJson(notice), false)), bind(static_cast<Int64>(id)),
        now;
    return InsertAudit(id, entry);
  });
}

}  // namespace dmca::pipeline::store_internal
