#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/base/finding.h"
#include "parsers/notice/understand.h"

namespace dmca::model {

// Where a case stands. A case only moves forward along these arrows (CanTransition):
//   received -> needs_review | deficient | not_a_notice | routed | pending_approval
//   pending_approval -> approved | rejected;  approved -> executed -> published
//   counter-notice: received -> forwarded -> restore_scheduled -> restored | court_action
//   retraction: received -> restore_scheduled -> restored
enum class CaseState {
  kReceived,          // stored, not yet understood
  kNeedsReview,       // could not be understood (critical findings): a person must read it
  kDeficient,         // §512(c)(3)(B)(ii): a deficiency letter is due
  kNotANotice,        // lacks elements 2, 3 or 4
  kRouted,            // not a DMCA matter (trademark, privacy...): sent to the right team
  kPendingApproval,   // a complete takedown waiting for staff
  kApproved,          // staff approved the deletions
  kRejected,          // staff declined to act
  kExecuted,          // deletions done on the wikis
  kPublished,         // archive pages written
  kForwarded,         // counter-notice copy sent to the complainant (§512(g)(2)(B))
  kRestoreScheduled,  // restoration due between the 10th and 14th business day
  kCourtAction,       // complainant reported a court action: no restoration (§512(g)(2)(C))
  kRestored,          // material put back
  kSuperseded,        // replaced by a resubmitted notice
  kClosed,
};

std::string_view StateName(CaseState state);  // snake_case, e.g. "pending_approval"
std::optional<CaseState> StateFromName(std::string_view name);

// One line of the audit trail: who did what, when. Never edited, only appended; the store chains
// the entries by hash so that an edit, a removal or a reordering shows (Store::VerifyAudit).
struct AuditEntry {
  std::string at;      // ISO 8601 UTC, "2026-11-24T10:00:00Z"
  std::string actor;   // "pipeline", a staff user name, "mediawiki"
  std::string action;  // "ingested", "approved", "deleted", ...
  std::string detail;
  // The operating-system account that ran the command: `actor` is what the user claimed
  // (--as), this is who was logged in. Left empty, the store fills it in; empty on entries
  // written before schema version 4, which did not record it. (The "= {}" keep the four-field
  // initializations in use free of -Wmissing-field-initializers.)
  std::string os_user = {};
  std::string target = {};                  // "site|title" of a per-target outcome; empty: case
  std::optional<std::int64_t> log_id = {};  // the wiki's log id of that outcome, if it gave one
};

enum class TargetState { kPending, kDeleted, kRestored, kSkipped, kFailed };
std::string_view TargetStateName(TargetState state);
std::optional<TargetState> TargetStateFromName(std::string_view name);

struct CaseTarget {
  parsers::wikiurl::Target target;
  TargetState state = TargetState::kPending;
  std::optional<std::string> uploader;  // known after a lookup; gets the talk-page notice
};

struct Case {
  std::int64_t id = 0;          // 0 until stored
  std::string message_id;       // the Message-ID of the received (outer) message, may be empty
  std::string raw_sha256;       // hex SHA-256 of `raw`
  std::string raw;              // every byte as received: the private record
  std::string source;           // "maildir:/path/cur/123", "pop3:host/uidl", "file:x.eml"
  std::string received_at;      // ISO 8601 UTC
  parsers::notice::Notice notice;
  CaseState state = CaseState::kReceived;
  std::vector<CaseTarget> targets;
  std::optional<std::int64_t> linked_case;    // the takedown a counter-notice/retraction answers
  std::optional<std::int64_t> superseded_by;  // the resubmitted notice that replaces this one
  std::vector<AuditEntry> audit;

  parsers::notice::Kind kind() const { return notice.analysis.kind; }
};

// The state a freshly understood case starts in, from its notice and findings.
CaseState InitialState(const parsers::notice::Notice& notice, const Findings& findings);

// Whether a case may move from `from` to `to` (the arrows above).
bool CanTransition(CaseState from, CaseState to);

// The e-mail address in a From value ("Jane <jane@example.org>" -> "jane@example.org"),
// lower case; empty when there is none.
std::string EmailOf(std::string_view from);

// The address a notice came from: the original sender under any forward, else the first address
// the notice gives for its sender; lower case, empty when there is none. The store indexes cases
// by it.
std::string SenderEmail(const parsers::notice::Notice& notice);

}  // namespace dmca::model
