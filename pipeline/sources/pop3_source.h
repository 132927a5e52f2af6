#pragma once

#include <memory>

#include "parsers/base/status.h"
#include "pipeline/sources/mail_transport.h"
#include "pipeline/sources/source.h"

namespace dmca::pipeline {

struct Pop3Options {
  MailServerOptions server;  // port 0: 995 for kImplicit, else 110
  // After Commit(), DELE the message; the deletion takes effect at Close() (QUIT, RFC 1939 §6).
  // Off: messages stay on the server and the SeenIndex keeps them from being taken twice.
  bool delete_after_commit = false;
};

// Reads a POP3 mailbox (RFC 1939) with UIDL (§7) for stable identities.
//
// source_id is "pop3:<user>@<host>/<UIDL>", key the UIDL. Next() skips every message whose
// source_id `seen` reports as seen; when delete_after_commit is set such a message (committed
// in an earlier session that ended before its QUIT) is marked for deletion too. Bytes are the
// message as RETR sends it, dot-unstuffed (RFC 1939 §3), with the server's CRLF line ends.
//
// Logs in when opened: PermissionDenied for refused credentials, Unavailable (retryable) when the
// server cannot be reached, FailedPrecondition for an untrusted certificate. Destroying the
// source without Close() drops the connection without QUIT, so the server applies no deletion
// (RFC 1939 §6: the UPDATE state is entered only on QUIT). After a lost connection Next() returns
// Unavailable once and the next call reconnects, repeating the DELEs the lost session never
// applied; Commit() retries once on a new connection.
// `seen` is not owned and must outlive the source; nullptr: nothing is seen.
Result<std::unique_ptr<Source>> OpenPop3Source(const Pop3Options& options, SeenIndex* seen);

}  // namespace dmca::pipeline
