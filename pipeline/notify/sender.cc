#include "pipeline/notify/sender.h"

#include "pipeline/execute/execute.h"

namespace dmca::pipeline::notify {
namespace {

using model::Letter;
using model::LetterState;

OutgoingMail Envelope(const Letter& letter, const SendOptions& options) {
  return {letter.message_id, options.envelope_from, {letter.recipient}, letter.data};
}

std::string Describe(const Letter& letter) {
  return "letter " + std::to_string(letter.id) + " (" + letter.kind + " to " + letter.recipient +
         ", case " + std::to_string(letter.case_id) + ")";
}

class Sender {
 public:
  Sender(Store& store, MailTransport& transport, const Clock& clock, const SendOptions& options)
      : store_(store), transport_(transport), clock_(clock), options_(options) {}

  Status Handle(const Letter& letter, SendStats& stats) {
    if (letter.state == LetterState::kCommitting) {
      // Interrupted after the server (or the outbox) may have taken it.
      const std::optional<bool> delivered = transport_.Delivered(Envelope(letter, options_));
      if (delivered && *delivered) {
        ++stats.recovered;
        ++stats.sent;
        return Finish(letter, LetterState::kSent, "delivered (found after an interruption)",
                      "letter sent", "found delivered after an interruption");
      }
      if (!delivered) {
        ++stats.unconfirmed;
        return Finish(letter, LetterState::kUnconfirmed,
                      "interrupted while the server was taking it: check the recipient's copy",
                      "letter unconfirmed",
                      "the run sending it stopped after the server may have accepted it; "
                      "check and run dmca letters confirm|resend " + std::to_string(letter.id));
      }
      ++stats.recovered;  // not delivered: send it again, below
    }
    return Send(letter, stats);
  }

 private:
  Status Send(const Letter& letter, SendStats& stats) {
    // The letter is ours ("sending"); from BeforeCommit on it may be delivered.
    bool committed = false;
    Status sent = transport_.Send(Envelope(letter, options_), [&]() -> Status {
      Store::LetterUpdate u;
      u.id = letter.id;
      u.worker = options_.worker;
      u.state = LetterState::kCommitting;
      u.count_attempt = true;
      Status recorded = store_.UpdateLetter(u);
      committed = recorded.ok();  // not recorded: the transport abandons the send
      return recorded;
    });
    if (sent.ok()) {
      ++stats.sent;
      return Finish(letter, LetterState::kSent, "sent via " + transport_.Describe(),
                    "letter sent", "");
    }
    if (committed && sent.code() != Status::Code::kFailedPrecondition) {
      // No clear refusal after the end of the message was sent (a timeout, a dropped
      // connection, or a 4xx that may follow a delivery): ask, never guess.
      Letter interrupted = letter;
      interrupted.state = LetterState::kCommitting;
      const std::optional<bool> delivered = transport_.Delivered(Envelope(letter, options_));
      if (!delivered || *delivered) return Handle(interrupted, stats);
    }
    const bool retryable = sent.code() == Status::Code::kUnavailable &&
                           letter.attempts + 1 < options_.max_attempts;
    if (retryable) {
      ++stats.retry_later;
      Store::LetterUpdate u;
      u.id = letter.id;
      u.worker = options_.worker;
      u.state = LetterState::kQueued;
      u.result = sent.message();
      u.not_before = FormatIso8601(clock_.Now() + options_.retry_later);
      Status queued = store_.UpdateLetter(u);
      Report(Describe(letter) + ": will retry: " + sent.message());
      return queued.code() == Status::Code::kFailedPrecondition ? Status::Ok() : queued;
    }
    ++stats.failed;
    return Finish(letter, LetterState::kFailed, sent.message(), "letter failed", sent.message());
  }

  Status Finish(const Letter& letter, LetterState state, const std::string& result,
                const std::string& event, const std::string& why) {
    Store::LetterUpdate u;
    u.id = letter.id;
    u.worker = options_.worker;
    u.state = state;
    u.result = result;
    u.audit = AuditNow(clock_, "mail", event,
                       letter.kind + " to " + letter.recipient + ", Message-ID " +
                           letter.message_id + (why.empty() ? "" : ": " + why));
    Report(Describe(letter) + ": " + std::string(model::LetterStateName(state)) +
           (why.empty() ? "" : ": " + why));
    Status s = store_.UpdateLetter(u);
    // A lost claim means another run took the letter over after our lease ran out: it is
    // theirs to finish.
    return s.code() == Status::Code::kFailedPrecondition ? Status::Ok() : s;
  }

  void Report(const std::string& line) {
    if (options_.report) options_.report(line);
  }

  Store& store_;
  MailTransport& transport_;
  const Clock& clock_;
  const SendOptions& options_;
};

}  // namespace

Result<SendStats> SendDueLetters(Store& store, MailTransport& transport, const Clock& clock,
                                 const SendOptions& options) {
  auto holders = store.LetterClaimHolders();
  if (!holders.ok()) return holders.status();
  std::vector<std::string> dead;
  for (const auto& worker : *holders) {
    if (worker != options.worker && DeadLocalWorker(worker)) dead.push_back(worker);
  }
  Sender sender(store, transport, clock, options);
  SendStats stats;
  for (std::size_t n = 0; options.max_letters == 0 || n < options.max_letters; ++n) {
    auto letter = store.ClaimLetter(options.worker, options.lease, dead);
    if (!letter.ok()) return letter.status();
    if (!*letter) break;
    DMCA_RETURN_IF_ERROR(sender.Handle(**letter, stats));
  }
  return stats;
}

Status ResolveLetter(Store& store, const Clock& clock, std::int64_t letter_id, bool delivered,
                     std::string_view staff_user, std::string_view note) {
  auto letter = store.GetLetter(letter_id);
  if (!letter.ok()) return letter.status();
  if (!*letter) return Status::NotFound("no letter " + std::to_string(letter_id));
  Store::LetterUpdate u;
  u.id = letter_id;
  u.state = delivered ? LetterState::kSent : LetterState::kQueued;
  u.result = delivered ? "confirmed delivered by " + std::string(staff_user)
                       : "to be sent again (" + std::string(staff_user) + ")";
  u.audit = AuditNow(clock, std::string(staff_user),
                     delivered ? "letter confirmed" : "letter resend",
                     (*letter)->kind + " to " + (*letter)->recipient +
                         (note.empty() ? "" : ": " + std::string(note)));
  return store.UpdateLetter(u);
}

}  // namespace dmca::pipeline::notify
