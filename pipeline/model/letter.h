#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dmca::model {

// A letter's way out (pipeline/notify). It is queued in the same transaction as the decision
// that calls for it, so it cannot be lost; every later step is committed before the next, so
// that after a crash it is neither lost nor sent twice:
//   queued -> sending (claimed; nothing has reached the server yet)
//          -> committing (all but the final "." is with the server: it may be delivered)
//          -> sent | queued (a retryable failure: tried again after not_before) | failed
//   committing, found after a crash -> sent or queued where the transport can tell (the outbox),
//          else unconfirmed: staff check the recipient's copy and confirm or resend it.
enum class LetterState { kQueued, kSending, kCommitting, kSent, kFailed, kUnconfirmed };
std::string_view LetterStateName(LetterState state);  // "queued", "sending", ...
std::optional<LetterState> LetterStateFromName(std::string_view name);

struct Letter {
  std::int64_t id = 0;  // 0 until stored
  std::int64_t case_id = 0;
  // What the letter is for, once: queuing a letter whose key exists is a no-op, so a decision
  // or a tick that runs twice writes it once.
  std::string dedupe_key;
  std::string kind;       // "counter_notice_copy", "restoration", "court_action", ...
  std::string recipient;  // the address it goes to
  std::string subject;
  std::string message_id;  // "<...>", also in `data`
  std::string data;        // the whole RFC 5322 message, CRLF line ends
  LetterState state = LetterState::kQueued;
  int attempts = 0;
  std::string claimed_by;
  std::string claimed_at;
  std::string not_before;  // ISO 8601 UTC; empty: at once
  std::string created_at;
  std::string sent_at;
  std::string result;  // the server's last answer, or why it failed
};

}  // namespace dmca::model
