#include "pipeline/decide/queue.h"

#include <algorithm>

namespace dmca::pipeline {
namespace {

using model::CaseState;

std::string Since(const model::Case& c) {
  return c.audit.empty() ? c.received_at : c.audit.back().at;
}

}  // namespace

Result<std::vector<QueueItem>> ReviewQueue(Store& store) {
  std::vector<QueueItem> items;
  auto add = [&](CaseState state, const char* awaits, auto describe) -> Status {
    CaseFilter filter;
    filter.state = state;
    filter.limit = 100'000;
    auto cases = store.List(filter);
    if (!cases.ok()) return cases.status();
    for (const auto& c : *cases) {
      std::string what = describe(c);
      if (what.empty()) continue;
      items.push_back({c.id, awaits, std::move(what), Since(c),
                       c.notice.original.from.value_or("(unknown sender)")});
    }
    return Status::Ok();
  };
  DMCA_RETURN_IF_ERROR(add(CaseState::kNeedsReview, "reviewer", [](const model::Case&) {
    return std::string("classify it (dmca set-kind): the pipeline could not understand it");
  }));
  DMCA_RETURN_IF_ERROR(add(CaseState::kPendingApproval, "approver", [](const model::Case& c) {
    return "decide on " + std::to_string(model::ActionableTargets(c).size()) +
           " target(s) (dmca approve / reject)";
  }));
  DMCA_RETURN_IF_ERROR(add(CaseState::kDeficient, "staff", [](const model::Case& c) {
    std::string missing;
    for (const auto& m : c.notice.analysis.missing) missing += (missing.empty() ? "" : ", ") + m;
    return "send the deficiency letter (missing " + missing + ")";
  }));
  auto pending = [&](CaseState state) {
    return add(state, "executor", [&store](const model::Case& c) -> std::string {
      auto actions = store.Actions(c.id);
      if (!actions.ok()) return "";
      std::size_t queued = 0, failed = 0;
      for (const auto& a : *actions) {
        queued += a.state == ActionState::kPending || a.state == ActionState::kClaimed;
        failed += a.state == ActionState::kFailed;
      }
      if (queued) return std::to_string(queued) + " action(s) queued (dmca execute)";
      if (failed) return std::to_string(failed) + " action(s) failed (dmca retry)";
      return "";
    });
  };
  DMCA_RETURN_IF_ERROR(pending(CaseState::kApproved));
  DMCA_RETURN_IF_ERROR(pending(CaseState::kExecuted));
  for (auto& item : items) {
    if (item.what.find("failed") != std::string::npos) item.awaits = "staff";
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const QueueItem& a, const QueueItem& b) { return a.since < b.since; });
  return items;
}

}  // namespace dmca::pipeline
