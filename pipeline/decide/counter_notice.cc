// Counter-notices, retractions and court actions: 17 U.S.C. §512(g)(2)-(3).

#include <algorithm>

#include "pipeline/calendar/time_zone.h"
#include "pipeline/decide/lifecycle.h"
#include "pipeline/decide/workflow.h"

namespace dmca::pipeline {
namespace {

using model::CaseState;
using model::TargetState;
using parsers::notice::Kind;

std::string CaseName(std::int64_t id) { return "case " + std::to_string(id); }

std::string Numbers(const std::vector<std::size_t>& positions) {
  std::string out;
  for (std::size_t pos : positions) out += (out.empty() ? "" : ",") + std::to_string(pos + 1);
  return out;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The takedown a counter-notice or retraction answers, or why there is none to act on.
Result<model::Case> AnsweredTakedown(Store& store, const model::Case& answer) {
  if (!answer.linked_case) {
    return Status::FailedPrecondition(
        CaseName(answer.id) + " is not linked to a takedown: the pipeline found none it answers");
  }
  auto takedown = store.Get(*answer.linked_case);
  if (!takedown.ok()) return takedown.status();
  if (takedown->kind() != Kind::kTakedown) {
    return Status::FailedPrecondition(CaseName(answer.id) + " answers " +
                                      CaseName(takedown->id) + ", which is not a takedown");
  }
  return takedown;
}

// The takedown's part of a restoration: the chosen targets' undeletions queued (not before
// `not_before`, "" for at once) and the targets marked so.
Decision RestoreTargets(const model::Case& takedown, const std::vector<std::size_t>& positions,
                        const std::string& not_before, model::AuditEntry entry) {
  Decision d;
  d.case_id = takedown.id;
  std::vector<std::pair<std::string, std::string>> queued;
  for (std::size_t pos : positions) {
    const auto& t = takedown.targets[pos].target;
    d.targets.emplace_back(pos, TargetState::kRestoreQueued);
    const std::pair<std::string, std::string> key{*t.site, *t.title};
    if (std::find(queued.begin(), queued.end(), key) != queued.end()) continue;
    queued.push_back(key);
    d.enqueue.push_back({*t.site, *t.title, ActionKind::kUndelete, not_before});
  }
  d.entry = std::move(entry);
  return d;
}

}  // namespace

Status Workflow::AcceptCounterNotice(std::int64_t case_id, std::string_view staff_user,
                                     std::string_view note) {
  auto c = store_.Get(case_id);
  if (!c.ok()) return c.status();
  if (c->kind() != Kind::kCounterNotice) {
    return Status::FailedPrecondition(CaseName(case_id) + " is not a counter-notice");
  }
  if (c->state != CaseState::kReceived) {
    return Status::FailedPrecondition(CaseName(case_id) + " is " +
                                      std::string(model::StateName(c->state)) +
                                      ": only a counter-notice just received can be accepted");
  }
  const auto now = clock_.Now();
  if (!c->notice.analysis.complete) {
    // §512(g)(3): a counter-notice without every element is not one; its sender is told what
    // is missing and may send a complete one.
    auto letter = notify::CounterNoticeDeficiency(*c, policy_.letters, now);
    if (!letter.ok()) return letter.status();
    Decision d;
    d.case_id = case_id;
    d.letters.push_back(*letter);
    d.entry = AuditNow(clock_, std::string(staff_user), "deficiency letter queued",
                       "counter-notice lacks " + Joined(c->notice.analysis.missing) + "; to " +
                           letter->recipient);
    DMCA_RETURN_IF_ERROR(store_.Decide(d));
    return Status::FailedPrecondition(CaseName(case_id) + " is not a complete counter-notice: it lacks " +
                                      Joined(c->notice.analysis.missing) +
                                      "; the deficiency letter to " + letter->recipient +
                                      " is queued");
  }
  auto takedown = AnsweredTakedown(store_, *c);
  if (!takedown.ok()) return takedown.status();
  const auto positions = AnsweredTargets(*takedown, *c);
  if (positions.empty()) {
    return Status::FailedPrecondition(
        CaseName(case_id) + " names none of the material removed under " +
        CaseName(takedown->id) + " (§512(g)(3)(B)); restore by hand with dmca restore if meant");
  }
  auto zone = TimeZone::Named(policy_.time_zone);
  if (!zone.ok()) return zone.status();
  const auto received = ParseIso8601(c->ReceivedAt());
  if (!received) {
    return Status::Corruption(CaseName(case_id) + " has no readable receipt time: " +
                              c->ReceivedAt());
  }
  const int after = std::clamp(policy_.restore_after, 10, 14);
  const RestoreWindow window = RestoreWindowAt(*received, *zone);
  const Date day = AddBusinessDays(window.received, after);
  model::Restoration restoration{FormatDate(window.earliest), FormatDate(window.latest),
                                 FormatDate(day)};
  auto copy = notify::CounterNoticeCopy(*takedown, *c, restoration, policy_.letters, now);
  if (!copy.ok()) return copy.status();

  Decision d;
  d.case_id = case_id;
  d.transition = {{CaseState::kReceived, CaseState::kRestoreScheduled}};
  d.letters.push_back(*copy);
  d.restoration = restoration;
  const std::string schedule = "restoration of " + CaseName(takedown->id) + " targets " +
                               Numbers(positions) + " on " + restoration.on + " (window " +
                               restoration.earliest + " to " + restoration.latest + ", " +
                               zone->Name() + ")";
  d.entry = AuditNow(clock_, std::string(staff_user), "accepted",
                     "counter-notice accepted; copy to " + copy->recipient + " queued; " +
                         schedule + (note.empty() ? "" : ": " + std::string(note)));
  d.linked.push_back(RestoreTargets(
      *takedown, positions, FormatIso8601(zone->StartOfDay(day)),
      AuditNow(clock_, std::string(staff_user), "restoration scheduled",
               "on " + restoration.on + " after the counter-notice of " + CaseName(case_id))));
  return store_.Decide(d);
}

Status Workflow::ConfirmRetraction(std::int64_t case_id, std::string_view staff_user,
                                   std::string_view note) {
  auto c = store_.Get(case_id);
  if (!c.ok()) return c.status();
  if (c->kind() != Kind::kRetraction) {
    return Status::FailedPrecondition(CaseName(case_id) + " is not a retraction");
  }
  if (c->state != CaseState::kReceived) {
    return Status::FailedPrecondition(CaseName(case_id) + " is " +
                                      std::string(model::StateName(c->state)) +
                                      ": only a retraction just received can be confirmed");
  }
  auto takedown = AnsweredTakedown(store_, *c);
  if (!takedown.ok()) return takedown.status();
  const auto positions = AnsweredTargets(*takedown, *c);
  if (positions.empty()) {
    return Status::FailedPrecondition(CaseName(case_id) + " withdraws nothing that " +
                                      CaseName(takedown->id) + " removed");
  }
  auto zone = TimeZone::Named(policy_.time_zone);
  if (!zone.ok()) return zone.status();
  const std::string today = FormatDate(zone->LocalDate(clock_.Now()));
  Decision d;
  d.case_id = case_id;
  d.transition = {{CaseState::kReceived, CaseState::kRestoreScheduled}};
  d.restoration = model::Restoration{today, today, today};
  d.entry = AuditNow(clock_, std::string(staff_user), "retraction confirmed",
                     "restoration of " + CaseName(takedown->id) + " targets " +
                         Numbers(positions) + " queued" +
                         (note.empty() ? "" : ": " + std::string(note)));
  d.linked.push_back(RestoreTargets(
      *takedown, positions, "",
      AuditNow(clock_, std::string(staff_user), "restoration queued",
               "the complainant withdrew the notice (" + CaseName(case_id) + ")")));
  return store_.Decide(d);
}

Status Workflow::RecordCourtAction(std::int64_t case_id, std::string_view actor,
                                   std::string_view note) {
  auto c = store_.Get(case_id);
  if (!c.ok()) return c.status();
  std::vector<model::Case> counters;
  if (c->kind() == Kind::kCounterNotice) {
    counters.push_back(*c);
  } else if (c->kind() == Kind::kTakedown) {
    for (const auto& link : c->links) {
      if (link.relation != "answered_by") continue;
      auto answer = store_.Get(link.case_id);
      if (!answer.ok()) return answer.status();
      if (answer->kind() == Kind::kCounterNotice &&
          (answer->state == CaseState::kRestoreScheduled ||
           answer->state == CaseState::kReceived)) {
        counters.push_back(std::move(answer).value());
      }
    }
    if (counters.empty()) {
      return Status::FailedPrecondition(CaseName(case_id) +
                                        " has no counter-notice awaiting restoration");
    }
  } else {
    return Status::FailedPrecondition(CaseName(case_id) +
                                      " is neither a counter-notice nor a takedown");
  }
  if (note.empty()) return Status::InvalidArgument("a court action needs a note (--note)");
  const auto now = clock_.Now();
  Decision all;
  for (std::size_t i = 0; i < counters.size(); ++i) {
    const model::Case& counter = counters[i];
    if (counter.state != CaseState::kRestoreScheduled && counter.state != CaseState::kReceived) {
      return Status::FailedPrecondition(CaseName(counter.id) + " is " +
                                        std::string(model::StateName(counter.state)) +
                                        ": there is no restoration to cancel");
    }
    auto takedown = AnsweredTakedown(store_, counter);
    if (!takedown.ok()) return takedown.status();
    Decision d;
    d.case_id = counter.id;
    d.transition = {{counter.state, CaseState::kCourtAction}};
    auto letter = notify::CourtActionNotice(*takedown, counter, policy_.letters, now);
    if (letter.ok()) d.letters.push_back(*letter);
    d.entry = AuditNow(clock_, std::string(actor), "court action",
                       std::string(note) + (letter.ok() ? "; the uploader is told (" +
                                                              letter->recipient + ")"
                                                        : "; " + letter.status().message()));
    Decision restore;
    restore.case_id = takedown->id;
    for (std::size_t pos : AnsweredTargets(*takedown, counter, TargetState::kRestoreQueued)) {
      const auto& t = takedown->targets[pos].target;
      restore.targets.emplace_back(pos, TargetState::kDeleted);
      restore.cancel.push_back({*t.site, *t.title, ActionKind::kUndelete});
    }
    restore.entry = AuditNow(clock_, std::string(actor), "restoration cancelled",
                             "court action reported (" + CaseName(counter.id) + ")");
    if (i == 0) {
      all = std::move(d);
    } else {
      all.linked.push_back(std::move(d));
    }
    all.linked.push_back(std::move(restore));
  }
  return store_.Decide(all);
}

Status Workflow::CorrectReceipt(std::int64_t case_id, std::string_view staff_user,
                                std::string_view at, std::string_view note) {
  const auto when = ParseIso8601(at);
  if (!when) {
    return Status::InvalidArgument("a receipt time is YYYY-MM-DDTHH:MM:SSZ (UTC), not '" +
                                   std::string(at) + "'");
  }
  if (*when > clock_.Now()) return Status::InvalidArgument("the receipt time is in the future");
  auto c = store_.Get(case_id);
  if (!c.ok()) return c.status();
  if (c->restoration) {
    return Status::FailedPrecondition(CaseName(case_id) +
                                      " was accepted: its restoration was scheduled from the "
                                      "receipt time and cannot move under it");
  }
  return store_.SetReceipt(
      case_id, at, "corrected by " + std::string(staff_user),
      AuditNow(clock_, std::string(staff_user), "receipt corrected",
               c->ReceivedAt() + " -> " + std::string(at) +
                   (note.empty() ? "" : ": " + std::string(note))));
}

}  // namespace dmca::pipeline
