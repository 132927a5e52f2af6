#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "parsers/base/status.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/notify/transport.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline::notify {

struct SendOptions {
  std::string worker;                       // execute's WorkerName(): names the claims
  std::string envelope_from;                // MAIL FROM
  std::chrono::seconds lease{900};          // a claim older than this is presumed dead
  std::chrono::seconds retry_later{600};    // after a retryable failure
  int max_attempts = 50;                    // then the letter fails and staff are told
  std::size_t max_letters = 0;              // 0: until none is due
  std::function<void(const std::string&)> report;  // one line per outcome
};

struct SendStats {
  std::size_t sent = 0;
  std::size_t retry_later = 0;  // left queued after a retryable failure
  std::size_t failed = 0;       // refused for good (or too many attempts)
  std::size_t unconfirmed = 0;  // interrupted after the server may have accepted it
  std::size_t recovered = 0;    // interrupted sends found delivered (the outbox) or resent
};

// Sends the letters that are due, each exactly once (model/letter.h): the claim, the moment
// the message may be delivered (BeforeCommit) and the outcome are each committed before the
// next step. A letter found interrupted after that moment is asked of the transport: the outbox
// knows whether it was delivered; over SMTP nobody can tell, so it becomes unconfirmed and staff
// check the recipient's copy (ResolveLetter). A Status only for a store failure.
Result<SendStats> SendDueLetters(Store& store, MailTransport& transport, const Clock& clock,
                                 const SendOptions& options);

// Staff settle an unconfirmed letter: `delivered` (they found it) marks it sent; otherwise it is
// queued again to be sent by the next run.
Status ResolveLetter(Store& store, const Clock& clock, std::int64_t letter_id, bool delivered,
                     std::string_view staff_user, std::string_view note);

}  // namespace dmca::pipeline::notify
