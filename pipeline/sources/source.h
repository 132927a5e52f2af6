#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parsers/base/status.h"

namespace dmca::pipeline {

// One message as a source delivered it, before anything is understood.
struct RawMessage {
  std::string bytes;      // every byte, verbatim
  std::string source_id;  // where it came from, stable across runs: "maildir:/m/new/1.x",
                          // "mbox:/var/mail/legal@1234", "pop3:host/UIDL", "imap:host/INBOX/UID"
  std::string key;        // the source's own identity for Commit (file name, UIDL, UID)
};

// Remembers which server-side messages were already committed (POP3 UIDL, IMAP UIDVALIDITY/UID)
// so that a message left on the server is taken once. Implemented by the store.
class SeenIndex {
 public:
  virtual ~SeenIndex() = default;
  virtual Result<bool> Seen(std::string_view source_id) = 0;
};

// A mailbox to read. The runner calls Next() until it yields nullopt, stores each message
// durably, and only then calls Commit() for it, so that a crash between the two makes the
// source deliver the message again (and the store's de-duplication keeps it one case).
// Not thread-safe.
class Source {
 public:
  virtual ~Source() = default;
  virtual std::string Describe() const = 0;  // "Maildir /srv/mail/legal", no credentials
  // The next message, nullopt when there are no more. A retryable Status for network trouble.
  virtual Result<std::optional<RawMessage>> Next() = 0;
  // The message's case is committed: Maildir moves new/ -> cur/, POP3 deletes (if configured),
  // IMAP flags or moves. Never deletes anything otherwise.
  virtual Status Commit(const RawMessage& message) = 0;
  // Ends the session cleanly (POP3 QUIT applies deletions). Called once, after the last Commit.
  virtual Status Close() { return Status::Ok(); }
};

}  // namespace dmca::pipeline
