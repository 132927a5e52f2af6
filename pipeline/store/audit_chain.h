#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/model/case.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline::store_internal {

// The hash chain over the audit trail (schema version 4), apart from SQL so that the rules can
// be read in one place.

// What the first entry's prev_hash is: there is nothing before it.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// One stored audit row: the hashed fields, the hashes, and the row id (not hashed: PostgreSQL
// numbers the row only as it is inserted; the order of ids is checked instead).
struct AuditRow {
  std::int64_t id = 0;
  std::int64_t seq = 0;
  std::int64_t case_id = 0;
  std::string prev_hash;
  std::string hash;
  model::AuditEntry entry;
};

// The bytes an entry's hash covers: a version tag, then seq, prev_hash, case_id, at, actor,
// os_user, action, detail, target, log_id, each as a netstring ("<decimal byte count>:<bytes>,"),
// integers in decimal and an absent log_id as the empty string (an id never is). A length prefix
// on every field makes the encoding unambiguous: no choice of texts makes two different entries
// encode alike.
std::string AuditHashInput(std::int64_t seq, std::string_view prev_hash, std::int64_t case_id,
                           const model::AuditEntry& entry);
// Lower-case hex SHA-256 of AuditHashInput.
std::string AuditHash(std::int64_t seq, std::string_view prev_hash, std::int64_t case_id,
                      const model::AuditEntry& entry);

// Checks a trail fed to it row by row in (seq, id) order against the head (audit_head). Stops at
// the first fault. Not thread-safe; one per walk.
class AuditChainCheck {
 public:
  AuditChainCheck(std::int64_t head_seq, std::string head_hash)
      : head_seq_(head_seq), head_hash_(std::move(head_hash)) {}

  // Checks `row`; `next` is the row after it when there is one: with it a swap of two entries is
  // told from an edit. False once a fault is found (feed no more).
  bool Add(const AuditRow& row, const AuditRow* next);
  // After the last row: the trail must end where the head says. `unchained` is a row outside
  // the chain (no seq or hashes), if the store found one.
  AuditCheck Finish(const AuditRow* unchained);

 private:
  bool Fault(std::int64_t id, std::int64_t seq, std::string reason);

  std::int64_t head_seq_;
  std::string head_hash_;
  std::int64_t checked_ = 0;
  std::optional<AuditRow> last_;  // the last row found good
  std::optional<AuditCheck> fault_;
};

}  // namespace dmca::pipeline::store_internal
