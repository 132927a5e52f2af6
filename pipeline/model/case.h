#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
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

// What happens to one target. pending: awaiting a decision; approved: deletion queued;
// rejected: staff declined it; missing: the wiki had no such page when it was checked, so
// nothing was done; deleted: our deletion is in the wiki's log; already_gone: someone else had
// deleted it; failed: the wiki refused (staff may retry); restore_queued -> restored.
enum class TargetState {
  kPending,
  kDeleted,
  kRestored,
  kSkipped,
  kFailed,
  kApproved,
  kRejected,
  kMissing,
  kAlreadyGone,
  kRestoreQueued,
};
std::string_view TargetStateName(TargetState state);
std::optional<TargetState> TargetStateFromName(std::string_view name);

// What the wiki said about a target before anything was done to it (DOMAIN.md "Acting on the
// wikis"): the record of what was removed and whom to tell.
struct Upload {  // one version of a file (prop=imageinfo)
  std::string user;
  std::string timestamp;  // ISO 8601 UTC, as the wiki gives it
  std::string sha1;       // hex, as the wiki gives it
  std::int64_t size = 0;
};
struct Revision {  // one edit of a page (prop=revisions)
  std::string user;
  std::string timestamp;
  std::int64_t revid = 0;
};
struct TargetEvidence {
  std::string checked_at;  // when we asked
  bool exists = false;     // false: nothing to delete (recorded as such)
  std::int64_t page_id = 0;
  std::vector<Upload> uploads;  // files: every version, newest first
  std::optional<Revision> creator;
  std::vector<Revision> last_edits;  // newest first
};

struct CaseTarget {
  parsers::wikiurl::Target target;
  TargetState state = TargetState::kPending;
  std::optional<std::string> uploader;  // who uploaded the current version (or created the
                                        // page): gets the talk-page notice
  std::optional<std::string> sha1;      // of the current version: the re-upload watch's key
  std::optional<TargetEvidence> evidence;
  std::optional<std::int64_t> log_id;  // the wiki's log entry of our deletion (or restoration)
};

// Another case this one is related to: "answers" (a counter-notice or retraction to its
// takedown), "answered_by", "superseded_by", "supersedes".
struct CaseLink {
  std::int64_t case_id = 0;
  std::string relation;
};

// A counter-notice's restoration, 17 U.S.C. §512(g)(2)(C): the window (the 10th and 14th
// business days after its receipt, in the Foundation's time zone) and the day chosen in it;
// "YYYY-MM-DD".
struct Restoration {
  std::string earliest;
  std::string latest;
  std::string on;
};

struct Case {
  std::int64_t id = 0;      // 0 until stored
  std::string message_id;   // the Message-ID of the received (outer) message, may be empty
  std::string raw_sha256;   // hex SHA-256 of `raw`
  std::string raw;          // every byte as received: the private record
  std::string source;       // "maildir:/path/cur/123", "pop3:host/uidl", "file:x.eml"
  std::string received_at;  // ISO 8601 UTC: when the pipeline stored it
  // When the Foundation received it (CONTRACT.md's "received"; the counter-notice clock counts
  // from it), found in the mail's own headers (parsers/notice/receipt.h) or corrected by staff,
  // and how it was found. Empty on cases stored before it was recorded: ReceivedAt() falls back.
  std::string receipt_at;
  std::string receipt_source;
  std::optional<Restoration> restoration;  // a counter-notice staff accepted
  parsers::notice::Notice notice;
  CaseState state = CaseState::kReceived;
  std::vector<CaseTarget> targets;
  std::optional<std::int64_t> linked_case;    // the takedown a counter-notice/retraction answers
  std::optional<std::int64_t> superseded_by;  // the resubmitted notice that replaces this one
  std::vector<AuditEntry> audit;
  std::vector<CaseLink> links;  // filled by the store when a case is read

  parsers::notice::Kind kind() const { return notice.analysis.kind; }
  const std::string& ReceivedAt() const { return receipt_at.empty() ? received_at : receipt_at; }
};

// Whether a target can be acted on: a Wikimedia page or file (in scope, not a look-alike host)
// with a known title. Targets by ?curid= need a lookup first.
bool Actionable(const parsers::wikiurl::Target& target);

// The (site, title) pairs of a case's actionable targets, each once.
std::set<std::pair<std::string, std::string>> ActionableTargets(const Case& c);

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
