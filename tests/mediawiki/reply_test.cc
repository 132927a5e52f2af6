#include "mediawiki/reply.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace dmca::mediawiki {
namespace {

// Replies recorded from MediaWiki's Action API, in tests/mediawiki/data/.
std::string Recorded(const std::string& name) {
  std::ifstream in(std::filesystem::path(DMCA_SOURCE_DIR) / "tests/mediawiki/data" / name);
  BOOST_REQUIRE_MESSAGE(in, name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

BOOST_AUTO_TEST_CASE(tokens) {
  auto login = ParseToken(Recorded("login_token.json"), "login");
  BOOST_REQUIRE(login.ok());
  BOOST_TEST(*login == "9ed1499d99c0c34c73faa07157b3b6075b427365+\\");
  auto csrf = ParseToken(Recorded("csrf_token.json"), "csrf");
  BOOST_REQUIRE(csrf.ok());
  BOOST_TEST(*csrf == "d41d8cd98f00b204e9800998ecf8427e5b4fa4c7+\\");
  auto anonymous = ParseToken(Recorded("csrf_token_anonymous.json"), "csrf");
  BOOST_TEST((anonymous.status().code() == Status::Code::kPermissionDenied));
  BOOST_TEST(!ParseToken(Recorded("csrf_token.json"), "login").ok());
}

BOOST_AUTO_TEST_CASE(login) {
  BOOST_TEST(ParseLogin(Recorded("login_success.json")).ok());
  const Status failed = ParseLogin(Recorded("login_failed.json"));
  BOOST_TEST((failed.code() == Status::Code::kPermissionDenied));
  BOOST_TEST(failed.message() == "login Failed: Incorrect username or password entered. Please try again.");
}

BOOST_AUTO_TEST_CASE(action_replies) {
  BOOST_TEST(ParseActionReply("delete", Recorded("delete_success.json")).ok());
  BOOST_TEST(ParseActionReply("undelete", Recorded("undelete_success.json")).ok());
  BOOST_TEST(ParseActionReply("edit", Recorded("edit_success.json")).ok());
  BOOST_TEST((ParseActionReply("edit", Recorded("edit_captcha.json")).status().code() ==
              Status::Code::kFailedPrecondition));
  BOOST_TEST((ParseActionReply("delete", Recorded("edit_success.json")).status().code() ==
              Status::Code::kInternal));
}

BOOST_AUTO_TEST_CASE(errors_map_to_status) {
  struct Case {
    const char* file;
    Status::Code code;
    bool retryable;
  };
  for (const Case& c : {Case{"error_maxlag.json", Status::Code::kUnavailable, true},
                        Case{"error_ratelimited.json", Status::Code::kUnavailable, true},
                        Case{"error_html.html", Status::Code::kUnavailable, true},
                        Case{"error_badtoken.json", Status::Code::kFailedPrecondition, false},
                        Case{"error_permissiondenied.json", Status::Code::kPermissionDenied, false},
                        Case{"error_missingtitle.json", Status::Code::kNotFound, false},
                        Case{"error_articleexists.json", Status::Code::kAlreadyExists, false}}) {
    const Status s = ParseActionReply("delete", Recorded(c.file)).status();
    BOOST_TEST((s.code() == c.code), c.file << ": " << s.ToString());
    BOOST_TEST(s.Retryable() == c.retryable, c.file);
  }
  BOOST_TEST(ParseActionReply("delete", Recorded("error_maxlag.json")).status().message() ==
             "maxlag: Waiting for 10.64.48.35: 7 seconds lagged.");
}

BOOST_AUTO_TEST_CASE(hostile_bodies_never_throw) {
  for (std::string_view body : {"", "null", "[]", "42", "{", "{\"error\":5}", "{\"error\":{}}",
                                "{\"login\":[]}", "{\"query\":{\"tokens\":7}}",
                                "{\"edit\":{\"result\":7}}", "\xff\xfe"}) {
    BOOST_TEST(!ParseActionReply("edit", body).ok());
    BOOST_TEST(!ParseLogin(body).ok());
    BOOST_TEST(!ParseToken(body, "csrf").ok());
  }
}

BOOST_AUTO_TEST_CASE(retry_backoff) {
  const Status lag = Status::Unavailable("maxlag");
  BOOST_TEST(RetryDelay(1, 5, lag, std::nullopt)->count() == 1000);
  BOOST_TEST(RetryDelay(2, 5, lag, std::nullopt)->count() == 2000);
  BOOST_TEST(RetryDelay(4, 5, lag, std::nullopt)->count() == 8000);
  BOOST_TEST(!RetryDelay(5, 5, lag, std::nullopt).has_value());
  BOOST_TEST(RetryDelay(1, 9, lag, 7)->count() == 7000);       // Retry-After wins
  BOOST_TEST(RetryDelay(1, 9, lag, 100000)->count() == 120000);  // capped
  BOOST_TEST(RetryDelay(8, 20, lag, std::nullopt)->count() == 60000);
  BOOST_TEST(!RetryDelay(1, 5, Status::PermissionDenied("no"), std::nullopt).has_value());
}

}  // namespace
}  // namespace dmca::mediawiki
