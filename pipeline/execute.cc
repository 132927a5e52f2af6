#include "pipeline/execute.h"

#include <algorithm>

#include "pipeline/stages.h"

namespace dmca::pipeline {
namespace {

using model::CaseState;

std::string SpacedTitle(std::string title) {
  std::replace(title.begin(), title.end(), '_', ' ');
  return title;
}

// The planned call for an action: the delete of the same (site, title).
const mediawiki::ApiCall* CallFor(const std::vector<mediawiki::ApiCall>& calls,
                                  const Action& action) {
  for (const auto& call : calls) {
    if (call.site != action.site) continue;
    for (const auto& [name, value] : call.params) {
      if (name == "title" && SpacedTitle(value) == SpacedTitle(action.title)) return &call;
    }
  }
  return nullptr;
}

Result<std::vector<model::Case>> ApprovedCases(Store& store) {
  CaseFilter filter;
  filter.state = CaseState::kApproved;
  filter.limit = 100'000;
  auto cases = store.List(filter);
  if (!cases.ok()) return cases.status();
  std::sort(cases->begin(), cases->end(),
            [](const model::Case& a, const model::Case& b) { return a.id < b.id; });
  return cases;
}

model::AuditEntry Entry(const Clock& clock, const std::string& actor, std::string action,
                        std::string detail) {
  return {FormatIso8601(clock.Now()), actor, std::move(action), std::move(detail)};
}

}  // namespace

Result<std::vector<mediawiki::ApiCall>> PlanApproved(Store& store,
                                                     const mediawiki::PlanConfig& plan) {
  auto cases = ApprovedCases(store);
  if (!cases.ok()) return cases.status();
  std::vector<mediawiki::ApiCall> calls;
  for (const auto& c : *cases) {
    for (auto& call : mediawiki::PlanDeletions(c, plan)) calls.push_back(std::move(call));
  }
  return calls;
}

Result<ExecuteStats> ExecuteApproved(Store& store, mediawiki::Executor& executor,
                                     const Clock& clock, const ExecuteOptions& options) {
  auto cases = ApprovedCases(store);
  if (!cases.ok()) return cases.status();
  ExecuteStats stats;
  Workflow workflow(store, clock);
  for (const auto& c : *cases) {
    ++stats.cases;
    // Approve() plans, but a crash between the two would leave nothing queued.
    if (auto planned = workflow.Plan(c.id); !planned.ok()) return planned.status();
    const auto calls = mediawiki::PlanDeletions(c, options.plan);
    bool deferred = false;
    while (!deferred) {
      auto claimed = store.ClaimAction(options.worker, options.lease, c.id);
      if (!claimed.ok()) return claimed.status();
      if (!claimed->has_value()) break;
      const Action& action = **claimed;
      const mediawiki::ApiCall* call = CallFor(calls, action);
      Status outcome = call ? executor.Execute(*call)
                            : Status::NotFound("no deletion planned for " + action.title);
      ActionState final_state = ActionState::kDone;
      model::TargetState target_state = model::TargetState::kDeleted;
      std::string result = "deleted";
      if (!outcome.ok() && call && outcome.code() == Status::Code::kNotFound) {
        result = "already gone: " + outcome.message();
      } else if (!outcome.ok() && outcome.Retryable()) {
        final_state = ActionState::kPending;
        result = outcome.message();
        deferred = true;  // the wiki is busy: try this case again on the next run
      } else if (!outcome.ok()) {
        final_state = ActionState::kFailed;
        target_state = model::TargetState::kFailed;
        result = outcome.message();
      }
      DMCA_RETURN_IF_ERROR(store.CompleteAction(action.id, options.worker, final_state, result));
      if (final_state != ActionState::kPending) {
        DMCA_RETURN_IF_ERROR(
            store.UpdateTarget(c.id, action.site, action.title, target_state, std::nullopt));
      }
      const std::string line = (final_state == ActionState::kDone     ? "deleted "
                                : final_state == ActionState::kFailed ? "FAILED "
                                                                      : "retry later ") +
                               action.title + " on " + action.site +
                               (final_state == ActionState::kDone ? "" : ": " + result);
      if (options.report) options.report(line);
      stats.done += final_state == ActionState::kDone;
      stats.failed += final_state == ActionState::kFailed;
      stats.retry_later += final_state == ActionState::kPending;
    }
    if (deferred) continue;
    auto actions = store.Actions(c.id);
    if (!actions.ok()) return actions.status();
    const bool finished = std::all_of(actions->begin(), actions->end(), [](const Action& a) {
      return a.state == ActionState::kDone || a.state == ActionState::kFailed;
    });
    if (!finished) continue;  // another worker holds a claim on this case
    const auto failed = std::count_if(actions->begin(), actions->end(), [](const Action& a) {
      return a.state == ActionState::kFailed;
    });
    const Status moved = store.Transition(
        c.id, CaseState::kApproved, CaseState::kExecuted,
        Entry(clock, options.worker, "executed",
              std::to_string(actions->size() - failed) + " deletions done" +
                  (failed ? ", " + std::to_string(failed) + " failed" : "")));
    // Another worker may have finished the case first: that is the same outcome.
    if (!moved.ok() && moved.code() != Status::Code::kFailedPrecondition) return moved;
    stats.executed_cases += moved.ok();
  }
  return stats;
}

}  // namespace dmca::pipeline
