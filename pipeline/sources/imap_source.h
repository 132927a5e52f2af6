#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "parsers/base/status.h"
#include "pipeline/sources/mail_transport.h"
#include "pipeline/sources/source.h"

namespace dmca::pipeline {

struct ImapOptions {
  MailServerOptions server;       // port 0: 993 for kImplicit, else 143
  std::string mailbox = "INBOX";  // UTF-8; sent in modified UTF-7 (RFC 3501 §5.1.3)
  // Which messages Next() considers: every message in the mailbox (the SeenIndex skips those
  // already taken), or only those without \Seen. kAll is the default because a person may
  // open the intake mailbox in a mail client first, which sets \Seen: with kUnseen that notice
  // would never be ingested. kUnseen suits a mailbox no person reads.
  enum class Search { kAll, kUnseen };
  Search search = Search::kAll;
  // What Commit() does: add \Seen, or move the message to `move_to` (RFC 6851 UID MOVE; where
  // the server lacks MOVE: UID COPY, \Deleted, then UID EXPUNGE of that message only, or, without
  // UIDPLUS, a plain EXPUNGE, which also removes other messages already flagged \Deleted).
  enum class AfterCommit { kFlagSeen, kMove };
  AfterCommit after_commit = AfterCommit::kFlagSeen;
  std::string move_to;  // UTF-8 folder name, required for kMove
  // Tests only: false ignores the server's MOVE capability so the COPY fallback runs.
  bool use_move_extension = true;
};

// "unseen" | "all".
Result<ImapOptions::Search> ParseImapSearch(std::string_view text);
// "flag" -> kFlagSeen; "move:<folder>" -> kMove with options.move_to = folder.
Status ParseImapAfterCommit(std::string_view text, ImapOptions& options);

// Reads an IMAP4rev1 mailbox (RFC 3501).
//
// source_id is "imap:<user>@<host>/<mailbox>/<UIDVALIDITY>/<UID>", key the UID. Messages are
// fetched with UID FETCH BODY.PEEK[] (which does not set \Seen, §6.4.5), so a message is marked
// only by Commit(). Next() skips every message whose source_id `seen` reports as seen and
// applies the after-commit action to it (it was committed in a session that ended before its
// Commit reached the server). Bytes are the literal the server sends, unchanged.
//
// Logs in and selects the mailbox when opened: PermissionDenied for refused credentials,
// NotFound for a missing mailbox, Unavailable (retryable) when the server cannot be reached,
// FailedPrecondition for an untrusted certificate. After a lost connection Next() returns
// Unavailable once and the next call reconnects (messages already handed out are not handed out
// again); Commit() retries once on a new connection. `seen` is not owned and must outlive the
// source; nullptr: nothing is seen.
Result<std::unique_ptr<Source>> OpenImapSource(const ImapOptions& options, SeenIndex* seen);

}  // namespace dmca::pipeline
