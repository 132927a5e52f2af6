#include "pipeline/decide/workflow.h"

#include <algorithm>
#include <map>
#include <set>

namespace dmca::pipeline {
namespace {

using model::CaseState;
using model::TargetState;

std::string Numbers(const std::vector<std::size_t>& chosen) {
  std::string out;
  for (std::size_t n : chosen) out += (out.empty() ? "" : ",") + std::to_string(n);
  return out;
}

// The chosen 0-based positions: every target when `numbers` is empty, else each number once.
Result<std::vector<std::size_t>> Positions(const model::Case& c,
                                           const std::vector<std::size_t>& numbers) {
  std::vector<std::size_t> out;
  if (numbers.empty()) {
    for (std::size_t i = 0; i < c.targets.size(); ++i) out.push_back(i);
    return out;
  }
  std::set<std::size_t> seen;
  for (std::size_t n : numbers) {
    if (n < 1 || n > c.targets.size()) {
      return Status::InvalidArgument("case " + std::to_string(c.id) + " has no target " +
                                     std::to_string(n) + " (it has " +
                                     std::to_string(c.targets.size()) + ")");
    }
    if (seen.insert(n - 1).second) out.push_back(n - 1);
  }
  return out;
}

// Why a target cannot be deleted, or empty when it can.
std::string Unactionable(const model::CaseTarget& t) {
  if (t.target.spoof) return "is on a look-alike host (a spoof), not a Wikimedia wiki";
  if (!t.target.in_scope) return "is not on a Wikimedia wiki";
  if (!t.target.site || !t.target.title) return "names no page title (it needs a lookup)";
  return "";
}

std::string Describe(const model::Case& c, std::size_t pos) {
  const auto& t = c.targets[pos].target;
  return "target " + std::to_string(pos + 1) + " (" + t.title.value_or(t.url) + ")";
}

}  // namespace

std::optional<std::vector<std::size_t>> ParseTargetNumbers(std::string_view text) {
  std::vector<std::size_t> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = std::min(text.find(',', start), text.size());
    const std::string_view item = text.substr(start, comma - start);
    if (item.empty() || item.size() > 6 ||
        !std::all_of(item.begin(), item.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    const std::size_t n = std::stoul(std::string(item));
    if (n == 0) return std::nullopt;
    out.push_back(n);
    start = comma + 1;
  }
  return out;
}

Status Workflow::Approve(std::int64_t case_id, std::string_view staff_user, std::string_view note,
                         const std::vector<std::size_t>& targets) {
  auto c = store_.Get(case_id);
  if (!c.ok()) return c.status();
  if (c->kind() == parsers::notice::Kind::kCounterNotice) {
    if (!targets.empty()) {
      return Status::InvalidArgument("a counter-notice is accepted whole: --targets is for "
                                     "takedowns");
    }
    return AcceptCounterNotice(case_id, staff_user, note);
  }
  if (c->kind() == parsers::notice::Kind::kRetraction) {
    if (!targets.empty()) {
      return Status::InvalidArgument("a retraction is confirmed whole: --targets is for "
                                     "takedowns");
    }
    return ConfirmRetraction(case_id, staff_user, note);
  }
  if (c->kind() != parsers::notice::Kind::kTakedown) {
    return Status::FailedPrecondition("case " + std::to_string(case_id) + " is a " +
                                      std::string(parsers::notice::KindName(c->kind())) +
                                      ", not a takedown: there are no deletions to approve");
  }
  if (c->state != CaseState::kPendingApproval && c->state != CaseState::kApproved &&
      c->state != CaseState::kExecuted) {
    return Status::FailedPrecondition(
        "case " + std::to_string(case_id) + " is " + std::string(model::StateName(c->state)) +
        ": only a complete takedown pending approval (or approved) can be approved");
  }
  auto chosen = Positions(*c, targets);
  if (!chosen.ok()) return chosen.status();
  Decision d;
  d.case_id = case_id;
  std::set<std::pair<std::string, std::string>> queued;
  std::size_t approved = 0;
  for (std::size_t pos : *chosen) {
    const auto& t = c->targets[pos];
    if (const std::string why = Unactionable(t); !why.empty()) {
      // Asked for by number: refuse it with the reason. Approving "all" skips what is not ours.
      if (!targets.empty()) {
        return Status::InvalidArgument("cannot approve " + Describe(*c, pos) + ": it " + why);
      }
      continue;
    }
    if (t.state != TargetState::kPending && t.state != TargetState::kRejected) {
      if (!targets.empty() && t.state != TargetState::kApproved) {
        return Status::FailedPrecondition(Describe(*c, pos) + " is already " +
                                          std::string(model::TargetStateName(t.state)));
      }
      continue;
    }
    d.targets.emplace_back(pos, TargetState::kApproved);
    ++approved;
    if (queued.emplace(*t.target.site, *t.target.title).second) {
      d.enqueue.push_back({*t.target.site, *t.target.title, ActionKind::kDelete});
    }
  }
  if (approved == 0) {
    return Status::FailedPrecondition("case " + std::to_string(case_id) +
                                      " has no target left to approve");
  }
  if (c->state != CaseState::kApproved) d.transition = {{c->state, CaseState::kApproved}};
  const std::string which = targets.empty() ? "all targets" : "targets " + Numbers(targets);
  d.entry = AuditNow(clock_, std::string(staff_user), "approved",
                     which + " (" + std::to_string(d.enqueue.size()) + " to delete)" +
                         (note.empty() ? "" : ": " + std::string(note)));
  return store_.Decide(d);
}

Status Workflow::Reject(std::int64_t case_id, std::string_view staff_user, std::string_view reason,
                        const std::vector<std::size_t>& targets) {
  auto c = store_.Get(case_id);
  if (!c.ok()) return c.status();
  auto actions = store_.Actions(case_id);
  if (!actions.ok()) return actions.status();
  // Claimed or finished, or pending again past its evidence: its call may have reached the wiki
  // (a timeout is retried from "intent", reconciled with the wiki's log first).
  auto started = [&](const std::string& site, const std::string& title) {
    return std::any_of(actions->begin(), actions->end(), [&](const Action& a) {
      return a.site == site && a.title == title && a.kind == ActionKind::kDelete &&
             ((a.state != ActionState::kPending && a.state != ActionState::kCancelled) ||
              (!a.phase.empty() && a.phase != "evidence"));
    });
  };
  Decision d;
  d.case_id = case_id;
  if (targets.empty()) {
    if (c->state != CaseState::kPendingApproval && c->state != CaseState::kApproved) {
      return Status::FailedPrecondition(
          "case " + std::to_string(case_id) + " is " + std::string(model::StateName(c->state)) +
          ": only a case pending approval or approved can be rejected");
    }
    for (const auto& a : *actions) {
      if (started(a.site, a.title)) {
        return Status::FailedPrecondition(
            "case " + std::to_string(case_id) + ": " + a.title + " on " + a.site +
            " is already being acted on; reject the remaining targets with --targets");
      }
      d.cancel.push_back({a.site, a.title, a.kind});
    }
    for (std::size_t pos = 0; pos < c->targets.size(); ++pos) {
      const auto state = c->targets[pos].state;
      if (state == TargetState::kPending || state == TargetState::kApproved) {
        d.targets.emplace_back(pos, TargetState::kRejected);
      }
    }
    d.transition = {{c->state, CaseState::kRejected}};
    d.entry = AuditNow(clock_, std::string(staff_user), "rejected", std::string(reason));
    return store_.Decide(d);
  }
  auto chosen = Positions(*c, targets);
  if (!chosen.ok()) return chosen.status();
  std::set<std::size_t> rejected;
  for (std::size_t pos : *chosen) {
    const auto& t = c->targets[pos];
    if (t.state != TargetState::kPending && t.state != TargetState::kApproved) {
      return Status::FailedPrecondition(Describe(*c, pos) + " is " +
                                        std::string(model::TargetStateName(t.state)) +
                                        ": it can no longer be rejected");
    }
    if (t.target.site && t.target.title) {
      if (started(*t.target.site, *t.target.title)) {
        return Status::FailedPrecondition(Describe(*c, pos) + " is already being acted on");
      }
      d.cancel.push_back({*t.target.site, *t.target.title, ActionKind::kDelete});
      // The deletion cancelled is the file's, whichever URL named it: every row naming the
      // same (site, title) is rejected with it, none is left approved with nothing queued.
      for (std::size_t other = 0; other < c->targets.size(); ++other) {
        const auto& o = c->targets[other];
        if (o.target.site == t.target.site && o.target.title == t.target.title &&
            (o.state == TargetState::kPending || o.state == TargetState::kApproved) &&
            rejected.insert(other).second) {
          d.targets.emplace_back(other, TargetState::kRejected);
        }
      }
    }
    if (rejected.insert(pos).second) d.targets.emplace_back(pos, TargetState::kRejected);
  }
  d.entry = AuditNow(clock_, std::string(staff_user), "rejected targets",
                     Numbers(targets) + ": " + std::string(reason));
  return store_.Decide(d);
}

Result<std::size_t> Workflow::Retry(std::int64_t case_id, std::string_view staff_user,
                                    std::string_view note,
                                    const std::vector<std::size_t>& targets) {
  auto c = store_.Get(case_id);
  if (!c.ok()) return c.status();
  auto chosen = Positions(*c, targets);
  if (!chosen.ok()) return chosen.status();
  auto actions = store_.Actions(case_id);
  if (!actions.ok()) return actions.status();
  std::set<std::pair<std::string, std::string>> wanted;
  for (std::size_t pos : *chosen) {
    const auto& t = c->targets[pos].target;
    if (t.site && t.title) wanted.emplace(*t.site, *t.title);
  }
  Decision d;
  d.case_id = case_id;
  // What each retried (site, title) waits for again: its deletion, or its restoration.
  std::map<std::pair<std::string, std::string>, TargetState> waits;
  for (const auto& a : *actions) {
    if (a.state == ActionState::kFailed && wanted.count({a.site, a.title})) {
      d.retry.push_back(a.id);
      waits[{a.site, a.title}] =
          a.kind == ActionKind::kUndelete ? TargetState::kRestoreQueued : TargetState::kApproved;
    }
  }
  if (d.retry.empty()) {
    return Status::FailedPrecondition(
        "case " + std::to_string(case_id) + " has no failed action" +
        (targets.empty() ? "" : " among targets " + Numbers(targets)));
  }
  for (std::size_t pos : *chosen) {
    const auto& t = c->targets[pos];
    if (t.state != TargetState::kFailed || !t.target.site || !t.target.title) continue;
    if (auto it = waits.find({*t.target.site, *t.target.title}); it != waits.end()) {
      d.targets.emplace_back(pos, it->second);
    }
  }
  // An executed case takes the retried work up again.
  if (c->state == CaseState::kExecuted)
    d.transition = {{CaseState::kExecuted, CaseState::kApproved}};
  d.entry = AuditNow(clock_, std::string(staff_user), "retry",
                     std::to_string(d.retry.size()) + " failed action(s)" +
                         (note.empty() ? "" : ": " + std::string(note)));
  DMCA_RETURN_IF_ERROR(store_.Decide(d));
  return d.retry.size();
}

Status Workflow::SetKind(std::int64_t case_id, parsers::notice::Kind kind,
                         std::string_view staff_user, std::string_view note) {
  auto c = store_.Get(case_id);
  if (!c.ok()) return c.status();
  if (c->state != CaseState::kNeedsReview && c->state != CaseState::kDeficient &&
      c->state != CaseState::kNotANotice && c->state != CaseState::kRouted &&
      c->state != CaseState::kPendingApproval) {
    return Status::FailedPrecondition("case " + std::to_string(case_id) + " is " +
                                      std::string(model::StateName(c->state)) +
                                      ": its kind can only be set before staff decide on it");
  }
  parsers::notice::Notice notice = c->notice;
  const auto old_kind = notice.analysis.kind;
  notice.analysis = parsers::notice::Analyze(notice.body, kind);
  // Staff have read it: the critical findings that sent it to review no longer block a verdict.
  Findings kept;
  for (const auto& f : notice.findings) {
    if (f.severity != Finding::Severity::kCritical) kept.push_back(f);
  }
  notice.findings = kept;
  CaseState next = model::InitialState(notice, {});
  // A counter-notice or retraction goes back to received for its own handling.
  if (kind == parsers::notice::Kind::kCounterNotice || kind == parsers::notice::Kind::kRetraction) {
    next = CaseState::kReceived;
  }
  if (next == c->state) {
    return Status::FailedPrecondition("case " + std::to_string(case_id) + " is already " +
                                      std::string(model::StateName(next)) + " as a " +
                                      std::string(parsers::notice::KindName(kind)));
  }
  return store_.Reclassify(
      case_id, c->state, next, notice,
      AuditNow(clock_, std::string(staff_user), "kind set",
               std::string(parsers::notice::KindName(old_kind)) + " -> " +
                   std::string(parsers::notice::KindName(kind)) + ", now " +
                   std::string(model::StateName(next)) +
                   (notice.analysis.missing.empty()
                        ? ""
                        : " (missing " + std::to_string(notice.analysis.missing.size()) + ")") +
                   (note.empty() ? "" : ": " + std::string(note))));
}

Status Workflow::QueueRestoration(std::int64_t case_id, std::string_view actor,
                                  std::string_view note, const std::vector<std::size_t>& targets) {
  auto c = store_.Get(case_id);
  if (!c.ok()) return c.status();
  auto chosen = Positions(*c, targets);
  if (!chosen.ok()) return chosen.status();
  Decision d;
  d.case_id = case_id;
  std::set<std::pair<std::string, std::string>> queued;
  for (std::size_t pos : *chosen) {
    const auto& t = c->targets[pos];
    if (t.state != TargetState::kDeleted) {
      if (!targets.empty()) {
        return Status::FailedPrecondition(Describe(*c, pos) + " is " +
                                          std::string(model::TargetStateName(t.state)) +
                                          ", not deleted: there is nothing to restore");
      }
      continue;
    }
    d.targets.emplace_back(pos, TargetState::kRestoreQueued);
    if (queued.emplace(*t.target.site, *t.target.title).second) {
      d.enqueue.push_back({*t.target.site, *t.target.title, ActionKind::kUndelete});
    }
  }
  if (d.enqueue.empty()) {
    return Status::FailedPrecondition("case " + std::to_string(case_id) +
                                      " has no deleted target to restore");
  }
  d.entry = AuditNow(
      clock_, std::string(actor), "restoration queued",
      (targets.empty() ? std::string("all deleted targets") : "targets " + Numbers(targets)) +
          (note.empty() ? "" : ": " + std::string(note)));
  return store_.Decide(d);
}

}  // namespace dmca::pipeline
