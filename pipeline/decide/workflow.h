#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "parsers/base/status.h"
#include "parsers/notice/notice.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/notify/letters.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline {

// Staff decisions on a case, each one transaction and one audit entry. Targets are numbered
// from 1 as `dmca cases show --json` numbers them ("n"); an empty list means all of them.
// kFailedPrecondition when the case is not in a state the decision applies to (or another
// user decided first); kInvalidArgument for a target number that does not exist or a target
// that cannot be acted on, with the reason.
// How counter-notices are answered ([calendar], [mail]).
struct CounterNoticePolicy {
  notify::LetterOptions letters;
  std::string time_zone = "America/Los_Angeles";  // whose business days count (DOMAIN.md)
  // The restoration day: this many business days after receipt, inside §512(g)(2)(C)'s 10-14.
  int restore_after = 10;
};

class Workflow {
 public:
  Workflow(Store& store, const Clock& clock, CounterNoticePolicy policy = {})
      : store_(store), clock_(clock), policy_(std::move(policy)) {}

  // Approves a complete takedown's deletions: pending_approval -> approved, and one deletion
  // queued per chosen (site, title). On an approved or executed case it approves further
  // targets. A target out of scope, on a look-alike host, or without a title is refused.
  // On a counter-notice it is AcceptCounterNotice, on a retraction ConfirmRetraction.
  Status Approve(std::int64_t case_id, std::string_view staff_user, std::string_view note = {},
                 const std::vector<std::size_t>& targets = {});
  // Declines the whole case (pending_approval or approved, before any deletion reached the
  // wiki: queued ones are cancelled), or only the chosen targets (their queued deletions are
  // cancelled; a target already acted on cannot be rejected).
  Status Reject(std::int64_t case_id, std::string_view staff_user, std::string_view reason,
                const std::vector<std::size_t>& targets = {});
  // Puts the failed actions of the chosen targets back in the queue; returns how many.
  Result<std::size_t> Retry(std::int64_t case_id, std::string_view staff_user,
                            std::string_view note = {},
                            const std::vector<std::size_t>& targets = {});
  // Sets the kind of a case the pipeline could not classify (needs_review, or a kind staff
  // correct before deciding): the elements are judged again for that kind and the case moves
  // to the state that follows (pending_approval, deficient, ...).
  Status SetKind(std::int64_t case_id, parsers::notice::Kind kind, std::string_view staff_user,
                 std::string_view note);
  // Queues the restoration of the chosen deleted targets (undelete every version, lift the
  // create-protection): a reversal decided by staff, or the counter-notice clock's.
  Status QueueRestoration(std::int64_t case_id, std::string_view actor, std::string_view note,
                          const std::vector<std::size_t>& targets = {});

  // Accepts a counter-notice linked to its takedown, 17 U.S.C. §512(g)(2)(B)-(C), in one
  // transaction: the copy to the complainant is queued, the window (10th to 14th business day
  // after receipt, in the Foundation's time zone) and the day are set on the case
  // (restore_scheduled), and the restoration of the removed material it names is queued on the
  // takedown for the start of that day. An incomplete counter-notice is not accepted: its
  // sender's deficiency letter is queued (audited) and kFailedPrecondition names what is missing.
  Status AcceptCounterNotice(std::int64_t case_id, std::string_view staff_user,
                             std::string_view note = {});
  // A retraction from the complainant, linked to their takedown: once staff confirm it, the
  // material it withdraws is queued for restoration at once.
  Status ConfirmRetraction(std::int64_t case_id, std::string_view staff_user,
                           std::string_view note = {});
  // The complainant reported a court action (§512(g)(2)(C)): the restoration of the takedown's
  // material is cancelled and the uploader told. `case_id` is the counter-notice or its takedown
  // (then every counter-notice answering it that awaits restoration). kFailedPrecondition once a
  // restoration has reached the wiki.
  Status RecordCourtAction(std::int64_t case_id, std::string_view actor, std::string_view note);
  // Staff correct when the Foundation received a notice (ISO 8601 UTC). Refused once a
  // counter-notice's window was computed from it.
  Status CorrectReceipt(std::int64_t case_id, std::string_view staff_user, std::string_view at,
                        std::string_view note);

 private:
  Store& store_;
  const Clock& clock_;
  CounterNoticePolicy policy_;
};

// "1,3,4" -> {1, 3, 4}; nullopt for anything else (empty items, 0, non-digits).
std::optional<std::vector<std::size_t>> ParseTargetNumbers(std::string_view text);

}  // namespace dmca::pipeline
