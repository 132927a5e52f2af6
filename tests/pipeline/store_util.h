#pragma once

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <string>

#include "pipeline/store/store.h"
#include "tests/pipeline/store_test_util.h"
#include "tests/pipeline/test_util.h"

namespace dmca::pipeline::testing {

// Store options naming a new, empty database on the PostgreSQL test server.
inline StoreOptions FreshPostgres(const std::string& url, const Clock* clock = nullptr) {
  static std::atomic<int> counter{0};
  const std::string name =
      "t" + std::to_string(::getpid()) + "_" +
      std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "_" +
      std::to_string(counter++);
  Poco::Data::PostgreSQL::Connector::registerConnector();
  {
    Poco::Data::Session admin("postgresql", url);
    admin << "CREATE DATABASE " + name, Poco::Data::Keywords::now;
  }
  StoreOptions options;
  // Poco splits the connection string on blanks, so a later dbname= is the simplest override.
  options.postgres_url = url + " dbname=" + name;
  options.clock = clock;
  return options;
}

inline std::unique_ptr<Store> MustOpenStore(const StoreOptions& options) {
  auto store = OpenStore(options);
  BOOST_TEST_REQUIRE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

// Runs `body` on a fresh SQLite store and, when the test server is given, on a fresh
// PostgreSQL database: the same SQL must mean the same on both.
inline void ForEachStore(const Clock* clock, const std::function<void(Store&)>& body) {
  {
    TempDir dir;
    StoreOptions options;
    options.sqlite_path = dir.File("dmca.db");
    options.clock = clock;
    auto store = MustOpenStore(options);
    BOOST_TEST_CONTEXT("SQLite") { body(*store); }
  }
  if (const std::string url = TestPostgresUrl(); !url.empty()) {
    auto store = MustOpenStore(FreshPostgres(url, clock));
    BOOST_TEST_CONTEXT("PostgreSQL") { body(*store); }
  }
}

}  // namespace dmca::pipeline::testing
