#include <boost/test/unit_test.hpp>

#include "mediawiki/executor.h"

namespace dmca::mediawiki {
namespace {

BOOST_AUTO_TEST_CASE(requires_credentials) {
  auto none = HttpExecutor::Create(HttpConfig{});
  BOOST_TEST((none.status().code() == Status::Code::kInvalidArgument));
}

// An unreachable wiki (a closed loopback port) is a retryable failure after the configured
// attempts, with the backoff slept through the injected sleeper, and never leaks the password.
BOOST_AUTO_TEST_CASE(unreachable_wiki_is_unavailable) {
  HttpConfig config;
  config.user = "Bot@dmca";
  config.password = "hunter2-secret";
  config.tls = false;
  config.port = 9;  // discard: nothing listens there
  config.max_attempts = 3;
  config.timeout_seconds = 2;
  int sleeps = 0;
  config.sleep = [&sleeps](std::chrono::milliseconds) { ++sleeps; };
  auto executor = HttpExecutor::Create(config);
  BOOST_REQUIRE(executor.ok());
  ApiCall call{.site = "127.0.0.1", .method = "POST",
               .params = {{"action", "delete"}, {"title", "File:X.jpg"}, {"token", std::string(kCsrfPlaceholder)}},
               .summary = "delete File:X.jpg", .needs_token = true};
  const Status s = (*executor)->Execute(call);
  BOOST_TEST(!s.ok());
  BOOST_TEST(s.Retryable(), s.ToString());
  BOOST_TEST(sleeps == 2);
  BOOST_TEST(s.ToString().find("hunter2") == std::string::npos);
}

}  // namespace
}  // namespace dmca::mediawiki
