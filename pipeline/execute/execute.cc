#include "pipeline/execute/execute.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "archive/render.h"
#include "mediawiki/reply.h"
#include "pipeline/runner/steps.h"

namespace dmca::pipeline {
namespace {

using model::TargetState;
namespace mw = mediawiki;

bool IsFile(const std::string& title) { return title.starts_with("File:"); }

// Our log entries may be stamped by a wiki whose clock is a little ahead of ours.
constexpr std::chrono::minutes kClockSlack{10};

std::string ProcessStart(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Field 22 (starttime) counts from the field after the command, which may hold spaces.
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return "";
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && (fields >> field); ++i) {
  }
  return field;
}

std::string HostName() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

// One action's work: the case it belongs to and what the wiki is asked.
class ActionRun {
 public:
  ActionRun(Store& store, mw::Client& client, const Clock& clock, const ExecuteOptions& options,
            StepRunner& steps, ExecuteStats& stats, Action action, const model::Case& c)
      : store_(store),
        client_(client),
        clock_(clock),
        options_(options),
        steps_(steps),
        stats_(stats),
        action_(std::move(action)),
        link_(NoticeLink(c, options.act)),
        subject_(action_.title + " on " + action_.site) {}

  // Runs the action from its recorded phase to an outcome (or to a retry later).
  Status Run() { return action_.kind == ActionKind::kUndelete ? RunUndelete() : RunDelete(); }

 private:
  Status RunDelete() {
    if (action_.phase.empty()) {
      DMCA_RETURN_IF_ERROR(Step("evidence", [&] { return RecordEvidence(); }));
      if (done_) return Status::Ok();
    }
    if (action_.phase == "intent") {
      DMCA_RETURN_IF_ERROR(Step("delete", [&] { return Delete(); }));
      if (done_) return Status::Ok();
    }
    if (action_.phase == "acted") {
      DMCA_RETURN_IF_ERROR(Step("protect", [&] { return Protect(); }));
    }
    return Status::Ok();
  }

  Status RunUndelete() {
    if (action_.phase.empty()) {
      ActionUpdate intent = Update();
      intent.phase = "intent";
      intent.set_intent_at = true;
      intent.audit = Audit("restoring", "undelete every version of " + subject_);
      DMCA_RETURN_IF_ERROR(Commit(intent));
      action_.intent_at = FormatIso8601(clock_.Now());
    }
    return Step("undelete", [&] { return Undelete(); });
  }

  Status Step(const std::string& name, const std::function<Status()>& body) {
    return steps_.Run(name, subject_, body, [&] { return CheckRecorded(); });
  }

  // The invariant every step leaves: what the store says matches what this run did.
  Status CheckRecorded() {
    auto recorded = store_.GetAction(action_.id);
    if (!recorded.ok()) return recorded.status();
    if (!recorded->has_value()) {
      return Status::Internal("action " + std::to_string(action_.id) + " vanished");
    }
    const Action& a = **recorded;
    if (a.phase != action_.phase) {
      return Status::Internal("action " + std::to_string(a.id) + " is recorded in phase '" +
                              a.phase + "', not '" + action_.phase + "'");
    }
    if ((a.phase == "acted" || a.phase == "done") && a.kind == ActionKind::kDelete &&
        a.result == "deleted" && !a.log_id) {
      return Status::Internal("action " + std::to_string(a.id) + " deleted without a log id");
    }
    return Status::Ok();
  }

  ActionUpdate Update() const {
    ActionUpdate u;
    u.action_id = action_.id;
    u.worker = options_.worker;
    return u;
  }

  model::AuditEntry Audit(std::string event, std::string note,
                          std::optional<std::int64_t> log_id = std::nullopt) const {
    model::AuditEntry entry = AuditNow(clock_, options_.worker, std::move(event), std::move(note));
    // The staff member whose decision this carries out, and the worker that did it.
    if (!action_.actor.empty()) entry.actor = action_.actor + " via " + options_.worker;
    entry.target = action_.site + "|" + action_.title;
    entry.log_id = log_id;
    if (log_id) entry.detail += " (log id " + std::to_string(*log_id) + ")";
    return entry;
  }

  Status Commit(const ActionUpdate& u) {
    DMCA_RETURN_IF_ERROR(store_.UpdateAction(u));
    if (u.phase) action_.phase = *u.phase;
    return Status::Ok();
  }

  // A failure of a call: retryable ones wait in the queue, the others need staff.
  Status Failure(const Status& failure, const std::string& what) {
    ActionUpdate u = Update();
    if (failure.Retryable()) {
      u.state = ActionState::kPending;
      u.not_before = FormatIso8601(clock_.Now() + options_.retry_later);
      u.result = what + ": " + failure.message();
      ++stats_.retry_later;
      Report("retry later " + subject_ + ": " + failure.message());
    } else {
      u.state = ActionState::kFailed;
      u.result = what + ": " + failure.message();
      if (action_.phase != "acted") u.target_state = TargetState::kFailed;
      u.audit = Audit(what + " failed", subject_ + ": " + failure.message());
      ++stats_.failed;
      Report("FAILED " + what + " " + subject_ + ": " + failure.message());
    }
    done_ = true;
    return Commit(u);
  }

  void Report(const std::string& line) const {
    if (options_.report) options_.report(line);
  }

  Status RecordEvidence() {
    const std::string& site = action_.site;
    const std::string& title = action_.title;
    model::TargetEvidence evidence;
    Status failure;
    if (IsFile(title)) {
      std::string more;
      std::set<std::string> seen;
      do {
        // A wiki that hands back a continuation it gave before would loop forever.
        if (!more.empty() && !seen.insert(more).second) break;
        auto body = client_.Send(mw::FileEvidenceQuery(site, title, more));
        if (!body.ok()) return Failure(body.status(), "evidence");
        auto part = mw::ParseEvidence(*body, &more);
        if (!part.ok()) return Failure(part.status(), "evidence");
        evidence.exists = evidence.exists || part->exists;
        evidence.page_id = std::max(evidence.page_id, part->page_id);
        for (auto& u : part->uploads) evidence.uploads.push_back(std::move(u));
      } while (!more.empty());
    } else {
      auto body = client_.Send(mw::PageCreatorQuery(site, title));
      if (!body.ok()) return Failure(body.status(), "evidence");
      auto first = mw::ParseEvidence(*body, nullptr);
      if (!first.ok()) return Failure(first.status(), "evidence");
      evidence = std::move(first).value();
      if (evidence.exists) {
        auto edits = client_.Send(mw::PageEditorsQuery(site, title, options_.act.page_editors));
        if (!edits.ok()) return Failure(edits.status(), "evidence");
        auto revisions = mw::ParseRevisions(*edits);
        if (!revisions.ok()) return Failure(revisions.status(), "evidence");
        evidence.last_edits = std::move(revisions).value();
      }
    }
    evidence.checked_at = FormatIso8601(clock_.Now());
    ActionUpdate u = Update();
    u.evidence = evidence;
    if (!evidence.exists) {
      // Recorded before anything is done, and nothing is done.
      u.state = ActionState::kDone;
      u.phase = "done";
      u.result = "missing: no such page";
      u.target_state = TargetState::kMissing;
      u.audit = Audit("missing", subject_ + " does not exist: nothing was deleted");
      ++stats_.missing;
      done_ = true;
      Report("missing " + subject_ + ": nothing to delete");
      return Commit(u);
    }
    std::string note;
    if (!evidence.uploads.empty()) {
      // The current version's uploader gets the notice; the SHA-1 is the re-upload watch's key.
      const auto& current = evidence.uploads.front();
      u.uploader = current.user;
      u.sha1 = current.sha1;
      std::set<std::string> users;
      for (const auto& upload : evidence.uploads) users.insert(upload.user);
      note = std::to_string(evidence.uploads.size()) + " upload(s) by " +
             std::to_string(users.size()) + " user(s); current by " + current.user + ", SHA-1 " +
             current.sha1 + ", " + std::to_string(current.size) + " bytes";
    } else if (evidence.creator) {
      u.uploader = evidence.creator->user;
      note = "created by " + evidence.creator->user + " at " + evidence.creator->timestamp + "; " +
             std::to_string(evidence.last_edits.size()) + " latest edit(s) recorded";
    }
    // The intent to delete is committed with the evidence: from here on, a crash is
    // reconciled with the wiki's log before the call is sent again.
    u.phase = "intent";
    u.set_intent_at = true;
    u.audit = Audit("evidence recorded", subject_ + ": " + note + "; deleting");
    DMCA_RETURN_IF_ERROR(Commit(u));
    action_.intent_at = FormatIso8601(clock_.Now());
    return Status::Ok();
  }

  // Our own entry in the title's log since the intent: our account, the notice link.
  Result<std::optional<mw::LogEvent>> FindOurs(const std::string& type,
                                               const std::string& log_action) {
    auto account = client_.AccountName(action_.site);
    if (!account.ok()) return account.status();
    auto body = client_.Send(mw::LogQuery(action_.site, action_.title, type));
    if (!body.ok()) return body.status();
    auto events = mw::ParseLogEvents(*body);
    if (!events.ok()) return events.status();
    std::string since;
    if (auto at = ParseIso8601(action_.intent_at)) since = FormatIso8601(*at - kClockSlack);
    for (const auto& e : *events) {
      if (e.action != log_action || e.user != *account) continue;
      if (e.comment.find(link_) == std::string::npos) continue;
      if (!since.empty() && e.timestamp < since) continue;
      return std::optional<mw::LogEvent>(e);
    }
    return std::optional<mw::LogEvent>();
  }

  Status RecordDeleted(std::int64_t log_id, const std::string& how) {
    ActionUpdate u = Update();
    u.phase = "acted";
    u.log_id = log_id;
    u.result = "deleted";
    u.target_state = TargetState::kDeleted;
    u.target_log_id = log_id;
    u.audit = Audit("deleted", subject_ + how, log_id);
    ++stats_.deleted;
    deleted_now_ = true;
    Report("deleted " + subject_ + " (log " + std::to_string(log_id) + ")");
    return Commit(u);
  }

  Status Delete() {
    // A previous attempt may have reached the wiki before its worker died.
    if (action_.attempts > 1) {
      auto ours = FindOurs("delete", "delete");
      if (!ours.ok()) return Failure(ours.status(), "reconcile");
      if (ours->has_value()) {
        return RecordDeleted((*ours)->log_id, " (found in the deletion log after a restart)");
      }
    }
    const std::string reason = mw::Substitute(options_.act.deletion_reason, link_);
    auto body =
        client_.Send(mw::DeleteCall(action_.site, action_.title, reason, options_.act.change_tag));
    if (body.ok()) {
      auto reply = mw::ParseActionReply("delete", *body);
      if (!reply.ok()) return Failure(reply.status(), "delete");
      if (reply->log_id) return RecordDeleted(*reply->log_id, "");
      // A deletion scheduled as a job has no log id yet: ask the log.
      auto ours = FindOurs("delete", "delete");
      if (!ours.ok()) return Failure(ours.status(), "delete");
      return RecordDeleted(ours->has_value() ? (*ours)->log_id : 0, " (scheduled by the wiki)");
    }
    if (body.status().code() != Status::Code::kNotFound) return Failure(body.status(), "delete");
    // missingtitle: ours (a reply lost with a crash or a timeout) or someone else's.
    auto ours = FindOurs("delete", "delete");
    if (!ours.ok()) return Failure(ours.status(), "reconcile");
    if (ours->has_value()) return RecordDeleted((*ours)->log_id, " (the wiki had it already)");
    ActionUpdate u = Update();
    u.phase = "acted";
    u.result = "already gone";
    u.target_state = TargetState::kAlreadyGone;
    u.audit = Audit("already gone", subject_ + " was already deleted, not by this pipeline");
    ++stats_.already_gone;
    Report("already gone " + subject_);
    return Commit(u);
  }

  Result<bool> CreateProtected(const std::string& level) {
    auto body = client_.Send(mw::ProtectionQuery(action_.site, action_.title));
    if (!body.ok()) return body.status();
    auto protections = mw::ParseProtections(*body);
    if (!protections.ok()) return protections.status();
    for (const auto& p : *protections) {
      if (p.type == "create" && (level.empty() || p.level == level)) return true;
    }
    return false;
  }

  Result<std::int64_t> ProtectLogId() {
    auto account = client_.AccountName(action_.site);
    if (!account.ok()) return account.status();
    auto body = client_.Send(mw::LogQuery(action_.site, action_.title, "protect"));
    if (!body.ok()) return body.status();
    auto events = mw::ParseLogEvents(*body);
    if (!events.ok()) return events.status();
    for (const auto& e : *events) {
      if (e.user == *account) return e.log_id;
    }
    return std::int64_t{0};
  }

  Status Protect() {
    const auto& act = options_.act;
    // Resumed after a crash or a failure, the protection may already be in place; right after
    // our own deletion it cannot be, and asking would cost a request per deletion.
    Result<bool> already = false;
    if (!deleted_now_) already = CreateProtected(act.protect_level);
    if (!already.ok()) return Failure(already.status(), "protect");
    std::optional<std::int64_t> log_id;
    if (!*already) {
      const std::string reason = mw::Substitute(act.protection_reason, link_);
      auto body =
          client_.Send(mw::ProtectCall(action_.site, action_.title, "create=" + act.protect_level,
                                       act.protect_expiry, reason, act.change_tag));
      if (!body.ok()) return Failure(body.status(), "protect");
      auto reply = mw::ParseActionReply("protect", *body);
      if (!reply.ok()) return Failure(reply.status(), "protect");
      auto id = ProtectLogId();
      if (id.ok() && *id > 0) log_id = *id;
    }
    ActionUpdate u = Update();
    u.state = ActionState::kDone;
    u.phase = "done";
    u.audit = Audit("create-protected",
                    subject_ + ": create=" + act.protect_level + ", expiry " + act.protect_expiry +
                        (*already ? " (already in place)" : ""),
                    log_id);
    done_ = true;
    return Commit(u);
  }

  Status Undelete() {
    auto ours = FindOurs("delete", "restore");
    if (!ours.ok()) return Failure(ours.status(), "reconcile");
    std::optional<std::int64_t> log_id;
    if (ours->has_value()) log_id = (*ours)->log_id;
    if (!log_id) {
      // The create-protection first: restoring a create-protected title is refused to anyone
      // without the right, and the title must not stay protected once its page is back.
      auto protected_now = CreateProtected("");
      if (!protected_now.ok()) return Failure(protected_now.status(), "unprotect");
      const std::string reason = mw::Substitute(options_.act.restoration_reason, link_);
      if (*protected_now) {
        auto lifted = client_.Send(mw::ProtectCall(action_.site, action_.title, "create=all",
                                                   "infinite", reason, options_.act.change_tag));
        if (!lifted.ok()) return Failure(lifted.status(), "unprotect");
      }
      auto body = client_.Send(
          mw::UndeleteCall(action_.site, action_.title, reason, options_.act.change_tag));
      if (!body.ok()) return Failure(body.status(), "undelete");
      auto reply = mw::ParseActionReply("undelete", *body);
      if (!reply.ok()) return Failure(reply.status(), "undelete");
      auto found = FindOurs("delete", "restore");
      if (found.ok() && found->has_value()) log_id = (*found)->log_id;
    }
    ActionUpdate u = Update();
    u.state = ActionState::kDone;
    u.phase = "done";
    u.log_id = log_id;
    u.result = "restored";
    u.target_state = TargetState::kRestored;
    u.target_log_id = log_id;
    u.audit = Audit("restored", subject_ + ": every version undeleted", log_id);
    ++stats_.restored;
    done_ = true;
    Report("restored " + subject_ + (log_id ? " (log " + std::to_string(*log_id) + ")" : ""));
    return Commit(u);
  }

  Store& store_;
  mw::Client& client_;
  const Clock& clock_;
  const ExecuteOptions& options_;
  StepRunner& steps_;
  ExecuteStats& stats_;
  Action action_;
  const std::string link_;
  const std::string subject_;
  bool done_ = false;         // the action reached an outcome (or was put back in the queue)
  bool deleted_now_ = false;  // this run's own delete call succeeded
};

// A case whose queued actions have all ended moves on: approved -> executed once its deletions
// are done; executed or published -> restored once every deleted target is back.
Status FinishCase(Store& store, const Clock& clock, const ExecuteOptions& options,
                  std::int64_t case_id, ExecuteStats& stats) {
  auto open = store.OpenActions(case_id);
  if (!open.ok()) return open.status();
  if (*open > 0) return Status::Ok();
  auto c = store.Get(case_id);
  if (!c.ok()) return c.status();
  std::map<std::string, int> counts;
  for (const auto& t : c->targets) counts[std::string(model::TargetStateName(t.state))]++;
  std::string note;
  for (const auto& [state, n] : counts)
    note += (note.empty() ? "" : ", ") + std::to_string(n) + " " + state;
  Status moved = Status::Ok();
  if (c->state == model::CaseState::kApproved) {
    moved = store.Transition(case_id, model::CaseState::kApproved, model::CaseState::kExecuted,
                             AuditNow(clock, options.worker, "executed", "targets: " + note));
  } else if ((c->state == model::CaseState::kExecuted ||
              c->state == model::CaseState::kPublished) &&
             counts.count("restored") && !counts.count("deleted") &&
             !counts.count("restore_queued")) {
    moved = store.Transition(case_id, c->state, model::CaseState::kRestored,
                             AuditNow(clock, options.worker, "restored", "targets: " + note));
  } else {
    return Status::Ok();
  }
  // Another worker may have finished the case first: the same outcome.
  if (!moved.ok() && moved.code() != Status::Code::kFailedPrecondition) return moved;
  stats.cases_finished += moved.ok();
  return Status::Ok();
}

// The change tag must be defined and active where we write, or every write fails (DOMAIN.md).
class TagCheck {
 public:
  Status Ensure(mw::Client& client, const std::string& site, const std::string& tag) {
    if (tag.empty() || checked_.count(site)) return Status::Ok();
    std::string more;
    for (int page = 0; page < 100; ++page) {
      auto body = client.Send(mw::TagsQuery(site, more));
      if (!body.ok()) return body.status();
      Status found = mw::CheckChangeTag(*body, tag, site, &more);
      // Not on this page of list=tags: the next one may have it.
      if (!found.ok() && !more.empty() &&
          found.message().find("is not defined") != std::string::npos) {
        continue;
      }
      DMCA_RETURN_IF_ERROR(found);
      checked_.insert(site);
      return Status::Ok();
    }
    return Status::FailedPrecondition("list=tags on " + site + " does not end");
  }

 private:
  std::set<std::string> checked_;
};

}  // namespace

std::string NoticeLink(const model::Case& c, const ActOptions& options) {
  return "[[" + options.foundation_interwiki + ":" + archive::FoundationPageTitle(c.notice) + "]]";
}

void ClaimKeeper::Wait(std::chrono::milliseconds delay) {
  const auto slice = std::chrono::duration_cast<std::chrono::milliseconds>(lease_) / 3;
  while (delay.count() > 0) {
    const auto step = std::min(delay, std::max(slice, std::chrono::milliseconds(1)));
    std::this_thread::sleep_for(step);
    delay -= step;
    if (action_) (void)store_.RenewClaim(*action_, worker_);
  }
}

std::string WorkerName() {
  return HostName() + ":" + std::to_string(getpid()) + ":" + ProcessStart(getpid());
}

bool DeadLocalWorker(const std::string& worker) {
  const auto first = worker.find(':');
  const auto second = worker.find(':', first + 1);
  if (first == std::string::npos || second == std::string::npos) return false;
  if (worker.substr(0, first) != HostName()) return false;
  pid_t pid = 0;
  try {
    pid = static_cast<pid_t>(std::stol(worker.substr(first + 1, second - first - 1)));
  } catch (const std::exception&) {
    return false;
  }
  if (pid <= 0) return false;
  const std::string start = ProcessStart(pid);
  if (start.empty()) {
    // No readable /proc entry: dead only if the kernel says there is no such process.
    return kill(pid, 0) != 0 && errno == ESRCH;
  }
  return start != worker.substr(second + 1);
}

Result<ExecuteStats> ExecuteQueued(Store& store, mw::Client& client, const Clock& clock,
                                   const ExecuteOptions& options) {
  ExecuteStats stats;
  auto holders = store.ClaimHolders();
  if (!holders.ok()) return holders.status();
  for (const auto& worker : *holders) {
    if (worker == options.worker || !DeadLocalWorker(worker)) continue;
    auto released = store.ReleaseClaims(worker);
    if (!released.ok()) return released.status();
    stats.taken_over += *released;
    if (options.report && *released) {
      options.report("took over " + std::to_string(*released) + " claim(s) of " + worker +
                     ", which is no longer running");
    }
  }
  StepRunner steps(options.log, options.verbose);
  TagCheck tags;
  std::map<std::int64_t, model::Case> cases;
  while (options.max_actions == 0 || stats.actions < options.max_actions) {
    auto claimed = store.ClaimAction(options.worker, options.lease);
    if (!claimed.ok()) return claimed.status();
    if (!claimed->has_value()) break;
    Action action = std::move(**claimed);
    ++stats.actions;
    if (options.keeper) options.keeper->Hold(action.id);
    auto cached = cases.find(action.case_id);
    if (cached == cases.end()) {
      auto c = store.Get(action.case_id);
      if (!c.ok()) return c.status();
      c->raw.clear();
      cached = cases.emplace(action.case_id, std::move(c).value()).first;
    }
    if (Status tag = tags.Ensure(client, action.site, options.act.change_tag); !tag.ok()) {
      // Nothing was done: the action goes back to the queue for after the fix.
      (void)store.CompleteAction(action.id, options.worker, ActionState::kPending,
                                 "change tag check: " + tag.message());
      if (options.keeper) options.keeper->Hold(std::nullopt);
      return tag.Retryable() ? tag : Status::FailedPrecondition(tag.message());
    }
    const std::int64_t case_id = action.case_id;
    ActionRun run(store, client, clock, options, steps, stats, std::move(action), cached->second);
    Status status = run.Run();
    if (options.keeper) options.keeper->Hold(std::nullopt);
    if (!status.ok()) {
      // The claim was lost to another worker after the lease: its outcome is theirs.
      if (status.code() == Status::Code::kFailedPrecondition) continue;
      return status;
    }
    DMCA_RETURN_IF_ERROR(FinishCase(store, clock, options, case_id, stats));
  }
  stats.timings = steps.Summary();
  if (options.log) *options.log << "steps: " << stats.timings << "\n";
  return stats;
}

Result<std::vector<mw::ApiCall>> PlanQueued(Store& store, const ActOptions& options,
                                            const Clock& clock) {
  auto actions = store.Actions(std::nullopt);
  const std::string now = FormatIso8601(clock.Now());
  if (!actions.ok()) return actions.status();
  std::vector<mw::ApiCall> calls;
  std::map<std::int64_t, std::string> links;
  for (const auto& a : *actions) {
    // What a run now would take: pending and due, or claimed by a worker of ours that died.
    const bool due = a.state == ActionState::kPending && a.not_before <= now;
    const bool orphaned = a.state == ActionState::kClaimed && DeadLocalWorker(a.claimed_by);
    if (!due && !orphaned) continue;
    if (!links.count(a.case_id)) {
      auto c = store.Get(a.case_id);
      if (!c.ok()) return c.status();
      links[a.case_id] = NoticeLink(*c, options);
    }
    const std::string& link = links[a.case_id];
    if (a.kind == ActionKind::kDelete) {
      calls.push_back(IsFile(a.title) ? mw::FileEvidenceQuery(a.site, a.title)
                                      : mw::PageCreatorQuery(a.site, a.title));
      calls.push_back(mw::DeleteCall(a.site, a.title, mw::Substitute(options.deletion_reason, link),
                                     options.change_tag));
      calls.push_back(mw::ProtectCall(
          a.site, a.title, "create=" + options.protect_level, options.protect_expiry,
          mw::Substitute(options.protection_reason, link), options.change_tag));
    } else if (a.kind == ActionKind::kUndelete) {
      calls.push_back(mw::UndeleteCall(
          a.site, a.title, mw::Substitute(options.restoration_reason, link), options.change_tag));
    }
  }
  return calls;
}

}  // namespace dmca::pipeline
