#include "pipeline/store/store.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Exception.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "pipeline/store/sql_store.h"

namespace dmca::pipeline {
namespace {

namespace fs = std::filesystem;
using store_internal::Dialect;
using store_internal::SqlStore;

// Removes what a failed first open created, so a retry starts clean and no half-made database
// is mistaken for a store later.
void RemoveCreated(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ignored);
}

Result<std::unique_ptr<Store>> OpenSqlite(const StoreOptions& options) {
  const std::string& path = options.sqlite_path;
  if (path.empty()) return Status::InvalidArgument("store path is empty");
  std::error_code error;
  const bool existed = fs::exists(path, error);
  if (existed) {
    if (fs::is_directory(path, error)) {
      return Status::InvalidArgument("store " + path + " is a directory, not a database file");
    }
    if (::access(path.c_str(), R_OK | W_OK) != 0) {
      return Status::PermissionDenied("store " + path + " is not readable and writable");
    }
  } else {
    fs::path parent = fs::path(path).parent_path();
    if (parent.empty()) parent = ".";
    if (!fs::exists(parent, error)) {
      return Status::IOError("cannot create store " + path + ": directory " + parent.string() +
                             " does not exist");
    }
    if (!fs::is_directory(parent, error)) {
      return Status::IOError("cannot create store " + path + ": " + parent.string() +
                             " is not a directory");
    }
    if (::access(parent.c_str(), W_OK | X_OK) != 0) {
      return Status::PermissionDenied("cannot create store " + path + ": directory " +
                                      parent.string() + " is not writable");
    }
  }

  const std::string describe = "SQLite " + path;
  std::unique_ptr<SqlStore> store;
  Status status;
  try {
    Poco::Data::SQLite::Connector::registerConnector();
    auto session = std::make_unique<Poco::Data::Session>("SQLite", path);
    // Durable commits (a stored case survives a power cut before the Maildir commit) with WAL
    // so readers do not block the writer; foreign keys are off by default in SQLite.
    std::string mode;
    *session << "PRAGMA journal_mode=WAL", Poco::Data::Keywords::into(mode),
        Poco::Data::Keywords::now;
    *session << "PRAGMA synchronous=FULL", Poco::Data::Keywords::now;
    *session << "PRAGMA foreign_keys=ON", Poco::Data::Keywords::now;
    int timeout = 0;
    *session << "PRAGMA busy_timeout=" + std::to_string(options.busy_timeout_ms),
        Poco::Data::Keywords::into(timeout), Poco::Data::Keywords::now;
    store =
        std::make_unique<SqlStore>(std::move(session), Dialect::kSqlite, describe, options.clock);
    status = store->Migrate(options.migrate_to);
  } catch (const std::exception& e) {
    status = store_internal::FromPocoException("cannot open store " + path, e);
  }
  if (!status.ok()) {
    store.reset();
    if (!existed) RemoveCreated(path);
    return status;
  }
  return std::unique_ptr<Store>(std::move(store));
}

Result<std::unique_ptr<Store>> OpenPostgres(const StoreOptions& options) {
  std::unique_ptr<SqlStore> store;
  try {
    Poco::Data::PostgreSQL::Connector::registerConnector();
    auto session = std::make_unique<Poco::Data::Session>("postgresql", options.postgres_url);
    store = std::make_unique<SqlStore>(std::move(session), Dialect::kPostgres, "PostgreSQL store",
                                       options.clock);
  } catch (const std::exception& e) {
    // libpq's message names the host and the reason, never the password; Poco may append the
    // connection string, which can hold one: cut it off.
    const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
    std::string why = poco ? poco->displayText() : e.what();
    if (const auto at = why.find(options.postgres_url); at != std::string::npos) why.erase(at);
    if (const auto at = why.find("password"); at != std::string::npos) why.erase(at);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return Status::Unavailable("cannot connect to the PostgreSQL store (check store.url): " + why);
  }
  DMCA_RETURN_IF_ERROR(store->Migrate(options.migrate_to));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace

std::string_view ActionKindName(ActionKind kind) {
  switch (kind) {
    case ActionKind::kDelete:
      return "delete";
    case ActionKind::kUndelete:
      return "undelete";
    case ActionKind::kEdit:
      return "edit";
  }
  return "delete";
}

std::string_view ActionStateName(ActionState state) {
  switch (state) {
    case ActionState::kPending:
      return "pending";
    case ActionState::kClaimed:
      return "claimed";
    case ActionState::kDone:
      return "done";
    case ActionState::kFailed:
      return "failed";
    case ActionState::kCancelled:
      return "cancelled";
  }
  return "failed";
}

std::optional<ActionKind> ActionKindFromName(std::string_view name) {
  for (auto kind : {ActionKind::kDelete, ActionKind::kUndelete, ActionKind::kEdit}) {
    if (ActionKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::optional<ActionState> ActionStateFromName(std::string_view name) {
  for (auto state : {ActionState::kPending, ActionState::kClaimed, ActionState::kDone,
                     ActionState::kFailed, ActionState::kCancelled}) {
    if (ActionStateName(state) == name) return state;
  }
  return std::nullopt;
}

model::AuditEntry AuditNow(const Clock& clock, std::string actor, std::string action,
                           std::string detail) {
  model::AuditEntry entry;
  entry.at = FormatIso8601(clock.Now());
  entry.actor = std::move(actor);
  entry.action = std::move(action);
  entry.detail = std::move(detail);
  return entry;
}

Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options) {
  if (!options.postgres_url.empty()) return OpenPostgres(options);
  return OpenSqlite(options);
}

}  // namespace dmca::pipeline
