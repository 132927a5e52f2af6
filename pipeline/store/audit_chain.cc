#include "pipeline/store/audit_chain.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace dmca::pipeline::store_internal {
namespace {

// Changing the encoding changes every hash: a new encoding gets a new tag (and a migration).
constexpr std::string_view kEncodingTag = "dmca-audit-v1";

void AppendNetstring(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ',';
}

// The reason is one line a person reads: a tampered action may hold anything.
std::string Printable(std::string_view text) {
  constexpr std::size_t kMax = 60;
  std::string out;
  for (char c : text.substr(0, kMax)) {
    out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  }
  if (text.size() > kMax) out += "...";
  return out;
}

// "entry 17 (case 4, approved)": entries are named by their place in the trail.
std::string Name(const AuditRow& row) {
  return "entry " + std::to_string(row.seq) + " (case " + std::to_string(row.case_id) + ", " +
         Printable(row.entry.action) + ")";
}

std::string Swapped(const AuditRow& first, const AuditRow& second) {
  return "entries out of order at seq " + std::to_string(first.seq) + ": " + Name(first) + " and " +
         Name(second) + " changed places";
}

// "the last entry (seq 18) was removed", "the last 2 entries (seq 17 to 18) were removed".
std::string RemovedAtEnd(std::int64_t first_missing, std::int64_t head_seq) {
  const std::int64_t count = head_seq - first_missing + 1;
  if (first_missing == 1) {
    return count == 1 ? "the only entry (seq 1) was removed"
                      : "all " + std::to_string(count) + " entries were removed";
  }
  if (count == 1) return "the last entry (seq " + std::to_string(head_seq) + ") was removed";
  return "the last " + std::to_string(count) + " entries (seq " + std::to_string(first_missing) +
         " to " + std::to_string(head_seq) + ") were removed";
}

// "entry after seq 16 is missing (removed)", "3 entries after seq 16 are missing (removed)".
std::string MissingBefore(std::int64_t first_missing, std::int64_t found) {
  const std::int64_t count = found - first_missing;
  if (first_missing == 1) {
    return count == 1 ? "the first entry is missing (removed)"
                      : "the first " + std::to_string(count) + " entries are missing (removed)";
  }
  const std::string after = "after seq " + std::to_string(first_missing - 1);
  return count == 1 ? "entry " + after + " is missing (removed)"
                    : std::to_string(count) + " entries " + after + " are missing (removed)";
}

}  // namespace

std::string AuditHashInput(std::int64_t seq, std::string_view prev_hash, std::int64_t case_id,
                           const model::AuditEntry& entry) {
  std::string out;
  out.reserve(128 + entry.at.size() + entry.actor.size() + entry.os_user.size() +
              entry.action.size() + entry.detail.size() + entry.target.size());
  AppendNetstring(out, kEncodingTag);
  AppendNetstring(out, std::to_string(seq));
  AppendNetstring(out, prev_hash);
  AppendNetstring(out, std::to_string(case_id));
  AppendNetstring(out, entry.at);
  AppendNetstring(out, entry.actor);
  AppendNetstring(out, entry.os_user);
  AppendNetstring(out, entry.action);
  AppendNetstring(out, entry.detail);
  AppendNetstring(out, entry.target);
  AppendNetstring(out, entry.log_id ? std::to_string(*entry.log_id) : "");
  return out;
}

std::string AuditHash(std::int64_t seq, std::string_view prev_hash, std::int64_t case_id,
                      const model::AuditEntry& entry) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(AuditHashInput(seq, prev_hash, case_id, entry));
  return Poco::DigestEngine::digestToHex(sha.digest());
}

bool AuditChainCheck::Fault(std::int64_t id, std::int64_t seq, std::string reason) {
  AuditCheck check;
  check.bad_id = id;
  check.bad_seq = seq;
  check.reason = std::move(reason);
  fault_ = std::move(check);
  return false;
}

bool AuditChainCheck::Add(const AuditRow& row, const AuditRow* next) {
  if (fault_) return false;
  const std::int64_t expected = last_ ? last_->seq + 1 : 1;
  if (row.seq < expected) {  // in (seq, id) order: a place already taken, or none at all
    return Fault(row.id, row.seq,
                 Name(row) + " was added outside the store: " +
                     (row.seq < 1 ? "the trail starts at seq 1" : "its seq is already taken"));
  }
  const std::string_view expected_prev = last_ ? std::string_view(last_->hash) : kAuditGenesisHash;
  if (row.seq > head_seq_) {
    if (expected <= head_seq_) return Fault(0, expected, RemovedAtEnd(expected, head_seq_));
    const std::string head = "the trail's head is at seq " + std::to_string(head_seq_);
    // A row that chains on is as the store wrote it: then it is the head that was set back.
    if (row.seq == expected && row.prev_hash == expected_prev &&
        AuditHash(row.seq, row.prev_hash, row.case_id, row.entry) == row.hash) {
      return Fault(row.id, row.seq,
                   Name(row) + " lies beyond the head: " + head +
                       " (the head was set back, or the entry added outside the store)");
    }
    return Fault(row.id, row.seq, Name(row) + " was added outside the store: " + head);
  }
  if (row.seq > expected) return Fault(0, expected, MissingBefore(expected, row.seq));
  // The store numbers rows and places in the trail under the same lock, so both rise together;
  // the row id is what orders a case's entries when it is shown.
  if (last_ && row.id <= last_->id) return Fault(last_->id, last_->seq, Swapped(*last_, row));
  if (AuditHash(row.seq, row.prev_hash, row.case_id, row.entry) != row.hash) {
    // A row that hashes right one place on, or whose fields hash right in the next row's place,
    // was moved rather than edited.
    if (next != nullptr &&
        (AuditHash(next->seq, row.prev_hash, row.case_id, row.entry) == row.hash ||
         AuditHash(next->seq, next->prev_hash, row.case_id, row.entry) == next->hash)) {
      return Fault(row.id, row.seq, Swapped(row, *next));
    }
    return Fault(row.id, row.seq, Name(row) + " was changed");
  }
  if (row.prev_hash != expected_prev) {
    // Each row is consistent in itself: one of the two was rewritten with a hash computed anew.
    if (!last_) {
      return Fault(row.id, row.seq,
                   Name(row) +
                       " does not start the chain: it was rewritten, or the entries "
                       "before it were removed and the rest renumbered");
    }
    return Fault(last_->id, last_->seq,
                 Name(*last_) + " and " + Name(row) +
                     " do not chain: one of them was rewritten with a new hash");
  }
  last_ = row;
  ++checked_;
  return true;
}

AuditCheck AuditChainCheck::Finish(const AuditRow* unchained) {
  if (!fault_) {
    const std::int64_t last_seq = last_ ? last_->seq : 0;
    const std::string_view tail_hash = last_ ? std::string_view(last_->hash) : kAuditGenesisHash;
    if (head_seq_ > last_seq) {
      Fault(0, last_seq + 1, RemovedAtEnd(last_seq + 1, head_seq_));
    } else if (head_hash_ != tail_hash) {
      if (last_) {
        Fault(last_->id, last_seq, Name(*last_) + " was replaced: the head records another hash");
      } else {
        Fault(0, 0, "the audit head was changed: the trail is empty but the head is not");
      }
    } else if (unchained != nullptr) {
      Fault(unchained->id, 0,
            "an entry outside the chain (row " + std::to_string(unchained->id) + ", case " +
                std::to_string(unchained->case_id) + ", " + Printable(unchained->entry.action) +
                ") was added outside the store");
    }
  }
  AuditCheck check;
  if (fault_) check = *fault_;
  check.ok = !fault_;
  check.entries = checked_;
  check.head_hash = head_hash_;
  return check;
}

}  // namespace dmca::pipeline::store_internal
