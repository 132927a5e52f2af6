#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parsers/base/status.h"
#include "pipeline/decide/workflow.h"
#include "pipeline/store/accounts.h"

namespace dmca::app::serve {

// A staff decision as the dashboard's forms and the JSON API name it: the same Workflow calls
// as `dmca approve`, `reject`, `retry`, `restore`, `set-kind` and `court-action`.
struct DecisionRequest {
  std::string verb;  // "approve", "accept", "reject", "retry", "restore", "set-kind",
                     // "court-action"
  std::int64_t case_id = 0;
  std::vector<std::size_t> targets;  // numbered from 1; empty: all
  std::string note;
  std::string kind;  // set-kind only
};

// Carries out `request` as `staff`, returning the line to show. PermissionDenied when the
// role may not (a reviewer may only classify: set-kind; the rest needs an approver),
// InvalidArgument for an unknown verb or a missing reason, else what Workflow says.
Result<std::string> Decide(pipeline::Workflow& workflow, const pipeline::StaffAccount& staff,
                           const DecisionRequest& request);

}  // namespace dmca::app::serve
