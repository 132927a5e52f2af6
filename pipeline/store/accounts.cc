#include "pipeline/store/accounts.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "pipeline/store/sql_store.h"

namespace dmca::pipeline {
namespace {

using namespace Poco::Data::Keywords;  // NOLINT: into, bind, now are Poco's DSL
using Poco::Int64;
using store_internal::Dialect;
using store_internal::FromPocoException;

class SqlAccounts final : public AccountStore {
 public:
  SqlAccounts(std::unique_ptr<Poco::Data::Session> session, Dialect dialect, const Clock* clock)
      : session_(std::move(session)), dialect_(dialect), clock_(clock ? clock : &system_clock_) {}

  Status AddStaff(std::string_view name, Role role, std::string_view password_hash) override {
    return Guard("adding staff account", [&]() -> Status {
      auto found = FindStaffLocked(name);
      if (found)
        return Status::FailedPrecondition("staff account '" + std::string(name) +
                                          "' exists already");
      *session_ << Q(
          "INSERT INTO staff (name, role, password_hash, disabled, created_at) "
          "VALUES (?, ?, ?, 0, ?)"),
          bind(std::string(name)), bind(std::string(RoleName(role))),
          bind(std::string(password_hash)), bind(Now()), now;
      return Status::Ok();
    });
  }

  Status SetPassword(std::string_view name, std::string_view password_hash) override {
    return Guard("setting a password", [&]() -> Status {
      Poco::Data::Statement update(*session_);
      update << Q("UPDATE staff SET password_hash = ? WHERE name = ?"),
          bind(std::string(password_hash)), bind(std::string(name));
      if (update.execute() == 0) return NoSuchStaff(name);
      // A new password ends every session opened with the old one.
      *session_ << Q(
          "DELETE FROM web_sessions WHERE staff_id IN "
          "(SELECT id FROM staff WHERE name = ?)"),
          bind(std::string(name)), now;
      return Status::Ok();
    });
  }

  Result<std::optional<StaffAccount>> FindStaff(std::string_view name) override {
    std::optional<StaffAccount> out;
    DMCA_RETURN_IF_ERROR(Guard("reading staff account", [&]() -> Status {
      out = FindStaffLocked(name);
      return Status::Ok();
    }));
    return out;
  }

  Result<std::size_t> StaffCount() override {
    Int64 n = 0;
    DMCA_RETURN_IF_ERROR(Guard("counting staff accounts", [&]() -> Status {
      *session_ << "SELECT COUNT(*) FROM staff", into(n), now;
      return Status::Ok();
    }));
    return static_cast<std::size_t>(n);
  }

  Status AddSession(std::string_view token_hash, std::int64_t staff_id, std::string_view csrf,
                    std::string_view expires_at) override {
    return Guard("opening a session", [&]() -> Status {
      const std::string at = Now();
      // Expired sessions go as new ones come, so the table holds only live ones.
      *session_ << Q("DELETE FROM web_sessions WHERE expires_at < ?"), bind(at), now;
      *session_ << Q(
          "INSERT INTO web_sessions (token_hash, staff_id, csrf, created_at, "
          "expires_at) VALUES (?, ?, ?, ?, ?)"),
          bind(std::string(token_hash)), bind(Int64{staff_id}), bind(std::string(csrf)), bind(at),
          bind(std::string(expires_at)), now;
      return Status::Ok();
    });
  }

  Result<std::optional<WebSession>> FindSession(std::string_view token_hash,
                                                std::string_view at) override {
    std::optional<WebSession> out;
    DMCA_RETURN_IF_ERROR(Guard("reading a session", [&]() -> Status {
      Poco::Data::Statement select(*session_);
      std::vector<Int64> ids;
      std::vector<std::string> csrf, expires;
      select << Q(
          "SELECT staff_id, csrf, expires_at FROM web_sessions "
          "WHERE token_hash = ? AND expires_at > ?"),
          bind(std::string(token_hash)), bind(std::string(at)), into(ids), into(csrf),
          into(expires), now;
      if (ids.empty()) return Status::Ok();
      auto staff = StaffById(ids[0]);
      if (!staff || staff->disabled) return Status::Ok();
      out = WebSession{*staff, csrf[0], expires[0]};
      return Status::Ok();
    }));
    return out;
  }

  Status EndSession(std::string_view token_hash) override {
    return Guard("ending a session", [&]() -> Status {
      *session_ << Q("DELETE FROM web_sessions WHERE token_hash = ?"),
          bind(std::string(token_hash)), now;
      return Status::Ok();
    });
  }

  Status AddToken(std::string_view token_hash, std::int64_t staff_id,
                  std::string_view label) override {
    return Guard("adding an API token", [&]() -> Status {
      *session_ << Q(
          "INSERT INTO api_tokens (token_hash, staff_id, label, created_at) "
          "VALUES (?, ?, ?, ?)"),
          bind(std::string(token_hash)), bind(Int64{staff_id}), bind(std::string(label)),
          bind(Now()), now;
      return Status::Ok();
    });
  }

  Result<std::optional<StaffAccount>> FindToken(std::string_view token_hash) override {
    std::optional<StaffAccount> out;
    DMCA_RETURN_IF_ERROR(Guard("reading an API token", [&]() -> Status {
      std::vector<Int64> ids;
      *session_ << Q("SELECT staff_id FROM api_tokens WHERE token_hash = ?"),
          bind(std::string(token_hash)), into(ids), now;
      if (ids.empty()) return Status::Ok();
      out = StaffById(ids[0]);
      if (out && out->disabled) out.reset();
      return Status::Ok();
    }));
    return out;
  }

  Status AddSubmission(std::string_view reference, std::int64_t case_id) override {
    return Guard("recording a receipt", [&]() -> Status {
      *session_ << Q("INSERT INTO submissions (reference, case_id, submitted_at) VALUES (?, ?, ?)"),
          bind(std::string(reference)), bind(Int64{case_id}), bind(Now()), now;
      return Status::Ok();
    });
  }

  Result<std::optional<std::int64_t>> FindSubmission(std::string_view reference) override {
    std::optional<std::int64_t> out;
    DMCA_RETURN_IF_ERROR(Guard("reading a receipt", [&]() -> Status {
      std::vector<Int64> ids;
      *session_ << Q("SELECT case_id FROM submissions WHERE reference = ?"),
          bind(std::string(reference)), into(ids), now;
      if (!ids.empty()) out = ids[0];
      return Status::Ok();
    }));
    return out;
  }

 private:
  std::string Q(const std::string& sql) const {
    return store_internal::Placeholders(sql, dialect_);
  }
  std::string Now() const { return FormatIso8601(clock_->Now()); }

  // Poco::Data throws: every call goes through here, so none escapes as an exception.
  template <typename Body>
  Status Guard(std::string_view what, Body&& body) {
    try {
      return body();
    } catch (const std::exception& e) {
      return FromPocoException(what, e);
    }
  }

  static Status NoSuchStaff(std::string_view name) {
    return Status::NotFound("no staff account '" + std::string(name) + "'");
  }

  std::optional<StaffAccount> Select(const std::string& where, const std::string& key,
                                     std::optional<Int64> id) {
    Poco::Data::Statement select(*session_);
    std::vector<Int64> ids, disabled;
    std::vector<std::string> names, roles, hashes;
    select << Q("SELECT id, name, role, password_hash, disabled FROM staff WHERE " + where),
        into(ids), into(names), into(roles), into(hashes), into(disabled);
    if (id) {
      select, bind(*id);
    } else {
      select, bind(key);
    }
    select.execute();
    if (ids.empty()) return std::nullopt;
    StaffAccount a;
    a.id = ids[0];
    a.name = names[0];
    a.role = RoleFromName(roles[0]).value_or(Role::kReviewer);
    a.password_hash = hashes[0];
    a.disabled = disabled[0] != 0;
    return a;
  }
  std::optional<StaffAccount> FindStaffLocked(std::string_view name) {
    return Select("name = ?", std::string(name), std::nullopt);
  }
  std::optional<StaffAccount> StaffById(Int64 id) { return Select("id = ?", "", id); }

  std::unique_ptr<Poco::Data::Session> session_;
  Dialect dialect_;
  const Clock* clock_;
  SystemClock system_clock_;
};

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReviewer:
      return "reviewer";
    case Role::kApprover:
      return "approver";
    case Role::kAdmin:
      return "admin";
  }
  return "reviewer";
}

std::optional<Role> RoleFromName(std::string_view name) {
  for (Role role : {Role::kReviewer, Role::kApprover, Role::kAdmin}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

bool MayDecide(Role role) { return role == Role::kApprover || role == Role::kAdmin; }

Result<std::unique_ptr<AccountStore>> OpenAccountStore(const StoreOptions& options) {
  // OpenStore checks the path and brings the schema to version 8 first.
  auto store = OpenStore(options);
  if (!store.ok()) return store.status();
  store->reset();
  try {
    std::unique_ptr<Poco::Data::Session> session;
    Dialect dialect = Dialect::kSqlite;
    if (!options.postgres_url.empty()) {
      Poco::Data::PostgreSQL::Connector::registerConnector();
      session = std::make_unique<Poco::Data::Session>("postgresql", options.postgres_url);
      dialect = Dialect::kPostgres;
    } else {
      Poco::Data::SQLite::Connector::registerConnector();
      session = std::make_unique<Poco::Data::Session>("SQLite", options.sqlite_path);
      int timeout = 0;
      *session << "PRAGMA busy_timeout=" + std::to_string(options.busy_timeout_ms), into(timeout),
          now;
    }
    return std::unique_ptr<AccountStore>(
        std::make_unique<SqlAccounts>(std::move(session), dialect, options.clock));
  } catch (const std::exception& e) {
    return FromPocoException("opening the staff accounts", e);
  }
}

}  // namespace dmca::pipeline
