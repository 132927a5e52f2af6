// SqlStore's audit trail: appending to the hash chain, chaining the entries of older schemas,
// verifying and listing (pipeline/store/audit_chain.h has the rules).

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>
#include <pwd.h>
#include <unistd.h>

#include <limits>
#include <vector>

#include "pipeline/store/audit_chain.h"
#include "pipeline/store/sql_store.h"

namespace dmca::pipeline::store_internal {
namespace {

using namespace Poco::Data::Keywords;  // NOLINT: into, bind, now are Poco's DSL
using Poco::Int64;
using Poco::Nullable;
using Poco::Data::Statement;

constexpr int kFirstChainedVersion = 4;
constexpr std::size_t kBatch = 500;

// The columns FetchAuditRows reads, in its order. The chain's columns are NULL only on a row
// written behind the store's back (or by a dmca older than version 4 still running).
constexpr std::string_view kAuditColumns =
    "id, COALESCE(seq, 0), case_id, COALESCE(prev_hash, ''), COALESCE(hash, ''), at, actor, "
    "os_user, action, detail, target, log_id";

// Runs `select` (kAuditColumns, bound already) and returns its rows.
std::vector<AuditRow> FetchAuditRows(Statement& select) {
  std::vector<Int64> ids, seqs, case_ids;
  std::vector<std::string> prev_hashes, hashes, at, actor, os_user, action, detail, target;
  std::vector<Nullable<Int64>> log_ids;
  select, into(ids), into(seqs), into(case_ids), into(prev_hashes), into(hashes), into(at),
      into(actor), into(os_user), into(action), into(detail), into(target), into(log_ids);
  select.execute();
  std::vector<AuditRow> rows(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    AuditRow& row = rows[i];
    row.id = ids[i];
    row.seq = seqs[i];
    row.case_id = case_ids[i];
    row.prev_hash = std::move(prev_hashes[i]);
    row.hash = std::move(hashes[i]);
    row.entry = {std::move(at[i]),     std::move(actor[i]),   std::move(action[i]),
                 std::move(detail[i]), std::move(os_user[i]), std::move(target[i])};
    if (!log_ids[i].isNull()) row.entry.log_id = log_ids[i].value();
  }
  return rows;
}

// A NUL byte cannot round-trip through a text column (SQLite reads the text back cut at it,
// PostgreSQL refuses it), and an entry must read back exactly as it was hashed, or the chain
// would report an untouched entry as changed: NUL is stored as U+FFFD, like other undecodable
// input.
void ReplaceNul(std::string& text) {
  for (auto at = text.find('\0'); at != std::string::npos; at = text.find('\0', at + 3)) {
    text.replace(at, 1, "\xEF\xBF\xBD");
  }
}

Nullable<Int64> FromOptional(const std::optional<std::int64_t>& value) {
  return value ? Nullable<Int64>(static_cast<Int64>(*value)) : Nullable<Int64>();
}

// The effective user's login name, or its number when it has none (a container's uid without a
// passwd entry). getpwuid_r: several stores may append from several threads.
std::string CurrentOsUser() {
  const uid_t uid = ::geteuid();
  long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(size > 0 ? static_cast<std::size_t>(size) : 16384);
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr &&
      found->pw_name != nullptr && *found->pw_name != '\0') {
    return found->pw_name;
  }
  return std::to_string(uid);
}

}  // namespace

const std::string& SqlStore::OsUser() {
  if (os_user_.empty()) os_user_ = CurrentOsUser();
  return os_user_;
}

Status SqlStore::InsertAudit(std::int64_t id, const model::AuditEntry& given) {
  model::AuditEntry entry = given;
  if (entry.at.empty()) entry.at = Now();
  for (std::string* text :
       {&entry.at, &entry.actor, &entry.os_user, &entry.action, &entry.detail, &entry.target}) {
    ReplaceNul(*text);
  }
  if (schema_version_ < kFirstChainedVersion) {
    // A store held at an older schema (tests of upgrades) has neither the columns nor the chain.
    *session_ << Q("INSERT INTO audit (case_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)"),
        bind(static_cast<Int64>(id)), bind(entry.at), bind(entry.actor), bind(entry.action),
        bind(entry.detail), now;
    return Status::Ok();
  }
  if (entry.os_user.empty()) entry.os_user = OsUser();
  // The head first: the UPDATE takes PostgreSQL's row lock (SQLite's write lock is held since
  // BEGIN IMMEDIATE) until the commit, so the next appender, on any machine, waits and then reads
  // the end this one wrote. The chain never forks, and seq has no gaps (a rollback undoes both).
  // Every transaction takes the head after its other row locks (the audit entry comes last), so
  // waiting for it cannot deadlock.
  Statement claim(*session_);
  claim << "UPDATE audit_head SET seq = seq + 1";
  if (const std::size_t heads = claim.execute(); heads != 1) {
    return Status::Corruption(describe_ + ": the audit head has " + std::to_string(heads) +
                              " rows instead of one; 'dmca audit verify' checks the trail");
  }
  Int64 seq = 0;
  std::string prev_hash;
  *session_ << "SELECT seq, hash FROM audit_head", into(seq), into(prev_hash), now;
  const std::string hash = AuditHash(seq, prev_hash, id, entry);
  *session_ << Q(
      "INSERT INTO audit (case_id, at, actor, os_user, action, detail, target, log_id, "
      "seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      bind(static_cast<Int64>(id)), bind(entry.at), bind(entry.actor), bind(entry.os_user),
      bind(entry.action), bind(entry.detail), bind(entry.target), bind(FromOptional(entry.log_id)),
      bind(seq), bind(prev_hash), bind(hash), now;
  *session_ << Q("UPDATE audit_head SET hash = ?"), bind(hash), now;
  return Status::Ok();
}

Status SqlStore::ChainAudit() {
  // In id order, the order the entries were written in, and in batches: a large trail is not
  // read into memory at once.
  Int64 seq = 0;
  std::string prev_hash(kAuditGenesisHash);
  for (Int64 after = 0;;) {
    Statement select(*session_);
    select << Q("SELECT " + std::string(kAuditColumns) +
                " FROM audit WHERE id > ? ORDER BY id "
                "LIMIT " +
                std::to_string(kBatch)),
        bind(after);
    const std::vector<AuditRow> rows = FetchAuditRows(select);
    if (rows.empty()) break;
    for (const AuditRow& row : rows) {
      const std::string hash = AuditHash(++seq, prev_hash, row.case_id, row.entry);
      *session_ << Q("UPDATE audit SET seq = ?, prev_hash = ?, hash = ? WHERE id = ?"), bind(seq),
          bind(prev_hash), bind(hash), bind(static_cast<Int64>(row.id)), now;
      prev_hash = hash;
    }
    after = rows.back().id;
  }
  *session_ << Q("INSERT INTO audit_head (seq, hash) VALUES (?, ?)"), bind(seq), bind(prev_hash),
      now;
  return Status::Ok();
}

AuditCheck SqlStore::CheckAuditChain() {
  std::vector<Int64> head_seq;
  std::vector<std::string> head_hash;
  *session_ << "SELECT seq, hash FROM audit_head", into(head_seq), into(head_hash), now;
  if (head_seq.size() != 1) {
    AuditCheck broken;
    broken.reason =
        "the audit head has " + std::to_string(head_seq.size()) + " rows instead of one";
    return broken;
  }
  AuditChainCheck chain(head_seq[0], head_hash[0]);
  // Keyset batches on seq (indexed, unique). Each starts at the last seq fed, so that a second
  // row with that seq (the index dropped) is seen wherever a batch ends.
  std::optional<std::pair<std::int64_t, std::int64_t>> last;  // (seq, id) of the last row fed
  for (bool more = true; more;) {
    const std::size_t limit = kBatch + 2;
    Statement select(*session_);
    select << Q("SELECT " + std::string(kAuditColumns) +
                " FROM audit WHERE seq >= ? "
                "ORDER BY seq, id LIMIT " +
                std::to_string(limit)),
        bind(last ? static_cast<Int64>(last->first) : std::numeric_limits<Int64>::min());
    const std::vector<AuditRow> rows = FetchAuditRows(select);
    std::size_t begin = 0;
    while (begin < rows.size() && last && std::pair(rows[begin].seq, rows[begin].id) <= *last) {
      ++begin;
    }
    // A full batch keeps its last row back: it is the next row of the one before it, and is fed
    // with the next batch.
    more = rows.size() == limit;
    const std::size_t end = more ? rows.size() - 1 : rows.size();
    for (std::size_t i = begin; i < end; ++i) {
      const AuditRow* next = i + 1 < rows.size() ? &rows[i + 1] : nullptr;
      if (!chain.Add(rows[i], next)) return chain.Finish(nullptr);
      last = std::pair(rows[i].seq, rows[i].id);
    }
  }
  // Rows with no place in the chain: written behind the store's back (or by a dmca older than
  // schema version 4 that was still running when the store was upgraded).
  Statement stray(*session_);
  stray << "SELECT " + std::string(kAuditColumns) +
               " FROM audit WHERE seq IS NULL OR "
               "prev_hash IS NULL OR hash IS NULL ORDER BY id LIMIT 1";
  const std::vector<AuditRow> unchained = FetchAuditRows(stray);
  return chain.Finish(unchained.empty() ? nullptr : &unchained[0]);
}

Result<AuditCheck> SqlStore::VerifyAudit() {
  if (schema_version_ < kFirstChainedVersion) {
    return Status::FailedPrecondition(describe_ + " is at schema version " +
                                      std::to_string(schema_version_) +
                                      ", before the audit trail was chained (version 4)");
  }
  try {
    // One snapshot for the whole walk: an append that commits meanwhile is not half seen (a head
    // read before it and its row read after would look like a row added behind the store's back).
    Exec(dialect_ == Dialect::kSqlite ? "BEGIN"
                                      : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    AuditCheck check = CheckAuditChain();
    Exec("COMMIT");
    return check;
  } catch (const std::exception& e) {
    try {
      Exec("ROLLBACK");
    } catch (const std::exception&) {  // the transaction may already be gone with the error
    }
    return FromPocoException(describe_ + ": verifying the audit trail", e);
  }
}

Result<std::vector<AuditRecord>> SqlStore::AuditTrail(std::optional<std::int64_t> case_id,
                                                      std::int64_t after_seq, std::size_t limit) {
  if (schema_version_ < kFirstChainedVersion) {
    return Status::FailedPrecondition(describe_ + " is at schema version " +
                                      std::to_string(schema_version_) +
                                      ", before the audit trail was chained (version 4)");
  }
  try {
    Statement select(*session_);
    select << Q("SELECT " + std::string(kAuditColumns) + " FROM audit WHERE seq > ?" +
                (case_id ? " AND case_id = ?" : "") + " ORDER BY seq LIMIT ?"),
        bind(static_cast<Int64>(after_seq));
    if (case_id) select, bind(static_cast<Int64>(*case_id));
    select, bind(static_cast<Int64>(limit));
    std::vector<AuditRow> rows = FetchAuditRows(select);
    if (rows.empty() && case_id) {
      Int64 cases = 0;
      *session_ << Q("SELECT COUNT(*) FROM cases WHERE id = ?"), bind(static_cast<Int64>(*case_id)),
          into(cases), now;
      if (cases == 0) return Status::NotFound("no case " + std::to_string(*case_id));
    }
    std::vector<AuditRecord> out;
    out.reserve(rows.size());
    for (AuditRow& row : rows) {
      out.push_back({row.id, row.seq, row.case_id, std::move(row.entry)});
    }
    return out;
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": reading the audit trail", e);
  }
}

}  // namespace dmca::pipeline::store_internal
