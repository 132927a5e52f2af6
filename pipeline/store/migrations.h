#pragma once

#include <string>
#include <vector>

namespace dmca::pipeline::store_internal {

enum class Dialect { kSqlite, kPostgres };

// The schema as an ordered list of versions. A database records the versions applied in its
// schema_version table; opening it applies the missing ones in order, each in one transaction.
// Never edit a released version: append a new one.
constexpr int kLatestSchemaVersion = 8;

// The statements of schema version `version` (1..kLatestSchemaVersion) for `dialect`.
std::vector<std::string> MigrationStatements(int version, Dialect dialect);

// Rewrites "?" placeholders as "$1", "$2"... for PostgreSQL (libpq's syntax); unchanged for
// SQLite. Question marks inside single-quoted literals are left alone.
std::string Placeholders(const std::string& sql, Dialect dialect);

}  // namespace dmca::pipeline::store_internal
