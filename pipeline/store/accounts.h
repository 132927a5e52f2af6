#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/base/status.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline {

// Who may do what on the web service and its API (README "dmca serve"). A reviewer reads and
// classifies; an approver also decides (approve, reject, accept a counter-notice, record a court
// action); an admin also manages accounts. Reviewers cannot approve: the two-person rule of
// office actions.
enum class Role { kReviewer, kApprover, kAdmin };
std::string_view RoleName(Role role);  // "reviewer", "approver", "admin"
std::optional<Role> RoleFromName(std::string_view name);
bool MayDecide(Role role);  // approver or admin

struct StaffAccount {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::kReviewer;
  std::string password_hash;  // libsodium's crypto_pwhash_str (argon2id), never the password
  bool disabled = false;
};

// A logged-in browser session: whose, and the CSRF token its forms must carry.
struct WebSession {
  StaffAccount staff;
  std::string csrf;
  std::string expires_at;  // ISO 8601 UTC
};

// The staff accounts, sessions, API tokens and form receipts of schema version 8, in the same
// database as the cases. Secrets arrive here already hashed (sessions and tokens as SHA-256 of
// the random value the client holds), so nothing in the database opens a session. Like Store,
// not thread-safe: one per thread. Errors as Store's.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // kFailedPrecondition when the name is taken.
  virtual Status AddStaff(std::string_view name, Role role, std::string_view password_hash) = 0;
  virtual Status SetPassword(std::string_view name, std::string_view password_hash) = 0;
  virtual Result<std::optional<StaffAccount>> FindStaff(std::string_view name) = 0;
  virtual Result<std::size_t> StaffCount() = 0;

  virtual Status AddSession(std::string_view token_hash, std::int64_t staff_id,
                            std::string_view csrf, std::string_view expires_at) = 0;
  // The session whose token hashes to `token_hash`, unless it expired by `now` or its account
  // is disabled.
  virtual Result<std::optional<WebSession>> FindSession(std::string_view token_hash,
                                                        std::string_view now) = 0;
  virtual Status EndSession(std::string_view token_hash) = 0;

  virtual Status AddToken(std::string_view token_hash, std::int64_t staff_id,
                          std::string_view label) = 0;
  virtual Result<std::optional<StaffAccount>> FindToken(std::string_view token_hash) = 0;

  // The receipt of a form submission: `reference` names case `case_id` on the status page.
  virtual Status AddSubmission(std::string_view reference, std::int64_t case_id) = 0;
  virtual Result<std::optional<std::int64_t>> FindSubmission(std::string_view reference) = 0;
};

// Opens the accounts of the store `options` names, migrating it first as OpenStore does.
Result<std::unique_ptr<AccountStore>> OpenAccountStore(const StoreOptions& options);

}  // namespace dmca::pipeline
