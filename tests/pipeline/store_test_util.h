#pragma once

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "pipeline/store/store.h"

namespace dmca::pipeline::testing {

// The libpq connection string of the test server: $DMCA_TEST_POSTGRES_URL, or the first line of
// the file $DMCA_TEST_POSTGRES_URL_FILE (written by scripts/postgres-test-server.sh, which the
// CTest fixture "postgres" runs before the store suites).
inline std::string TestPostgresUrl() {
  if (const char* url = std::getenv("DMCA_TEST_POSTGRES_URL"); url && *url) return url;
  if (const char* file = std::getenv("DMCA_TEST_POSTGRES_URL_FILE"); file && *file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
  }
  return {};
}

// Options naming a new, empty database on the test server (named after `tag`, the process and
// the time, so that runs never share one); nullopt when no server is given (a suite run by hand
// outside ctest).
inline std::optional<StoreOptions> FreshPostgresStore(const std::string& tag) {
  const std::string url = TestPostgresUrl();
  if (url.empty()) return std::nullopt;
  const std::string name =
      tag + "_" + std::to_string(::getpid()) + "_" +
      std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  Poco::Data::PostgreSQL::Connector::registerConnector();
  {
    Poco::Data::Session admin("postgresql", url);
    admin << "CREATE DATABASE " + name, Poco::Data::Keywords::now;
  }
  StoreOptions options;
  // Poco splits the connection string on blanks, so a later dbname= is the simplest override.
  options.postgres_url = url + " dbname=" + name;
  return options;
}

}  // namespace dmca::pipeline::testing
