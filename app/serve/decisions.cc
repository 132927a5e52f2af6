#include "app/serve/decisions.h"

#include <string_view>

namespace dmca::app::serve {
namespace {

std::string Which(const std::vector<std::size_t>& targets) {
  if (targets.empty()) return "all targets";
  std::string out = "targets ";
  for (std::size_t i = 0; i < targets.size(); ++i) {
    out += (i ? "," : "") + std::to_string(targets[i]);
  }
  return out;
}

}  // namespace

Result<std::string> Decide(pipeline::Workflow& workflow, const pipeline::StaffAccount& staff,
                           const DecisionRequest& d) {
  static constexpr std::string_view kVerbs[] = {"approve", "accept",   "reject",      "retry",
                                                "restore", "set-kind", "court-action"};
  bool known = false;
  for (std::string_view v : kVerbs) known = known || v == d.verb;
  if (!known) return Status::InvalidArgument("unknown decision '" + d.verb + "'");
  // The two-person rule: whoever only reviews cannot delete or restore anything.
  if (d.verb != "set-kind" && !pipeline::MayDecide(staff.role)) {
    return Status::PermissionDenied(staff.name + " is a " +
                                    std::string(pipeline::RoleName(staff.role)) +
                                    ": only an approver may " + d.verb);
  }
  const bool needs_note =
      d.verb == "reject" || d.verb == "restore" || d.verb == "set-kind" || d.verb == "court-action";
  if (needs_note && d.note.empty()) return Status::InvalidArgument("give the reason");
  const std::string& who = staff.name;
  if (d.verb == "approve" || d.verb == "accept") {
    DMCA_RETURN_IF_ERROR(workflow.Approve(d.case_id, who, d.note, d.targets));
    return d.verb == "accept"
               ? "counter-notice accepted by " + who +
                     ": the copy goes to the complainant, the restoration is "
                     "scheduled"
               : Which(d.targets) + " approved by " + who + "; the executor carries them out";
  }
  if (d.verb == "reject") {
    DMCA_RETURN_IF_ERROR(workflow.Reject(d.case_id, who, d.note, d.targets));
    return (d.targets.empty() ? std::string("rejected") : Which(d.targets) + " rejected") + " by " +
           who;
  }
  if (d.verb == "retry") {
    auto n = workflow.Retry(d.case_id, who, d.note, d.targets);
    if (!n.ok()) return n.status();
    return std::to_string(*n) + " failed action(s) queued again by " + who;
  }
  if (d.verb == "restore") {
    DMCA_RETURN_IF_ERROR(workflow.QueueRestoration(d.case_id, who, d.note, d.targets));
    return "restoration of " + Which(d.targets) + " queued by " + who;
  }
  if (d.verb == "set-kind") {
    const auto kind = parsers::notice::KindFromName(d.kind);
    if (!kind) return Status::InvalidArgument("unknown kind '" + d.kind + "'");
    DMCA_RETURN_IF_ERROR(workflow.SetKind(d.case_id, *kind, who, d.note));
    return "set to " + d.kind + " by " + who;
  }
  DMCA_RETURN_IF_ERROR(workflow.RecordCourtAction(d.case_id, who, d.note));
  return "court action recorded by " + who + ": the restoration is cancelled";
}

}  // namespace dmca::app::serve
