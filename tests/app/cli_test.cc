#define BOOST_TEST_MODULE app
#include <boost/test/unit_test.hpp>

#include "app/cli.h"
#include "app/context.h"

namespace dmca::app {
namespace {

std::optional<Args> Parse(std::vector<std::string> argv, std::string* error) {
  return Args::Parse(argv, {"--json", "--all"}, {"--out", "--as"}, error);
}

BOOST_AUTO_TEST_CASE(flags_options_and_positionals) {
  std::string error;
  const auto args = Parse({"--json", "a.eml", "--out", "dir", "--as=jdoe", "-"}, &error);
  BOOST_REQUIRE(args);
  BOOST_TEST(args->Has("--json"));
  BOOST_TEST(!args->Has("--all"));
  BOOST_TEST(*args->Get("--out") == "dir");
  BOOST_TEST(*args->Get("--as") == "jdoe");
  BOOST_TEST(args->positionals() == (std::vector<std::string>{"a.eml", "-"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(double_dash_ends_options) {
  std::string error;
  const auto args = Parse({"--", "--json"}, &error);
  BOOST_REQUIRE(args);
  BOOST_TEST(!args->Has("--json"));
  BOOST_TEST(args->positionals().size() == 1u);
}

BOOST_AUTO_TEST_CASE(usage_errors_name_the_problem) {
  std::string error;
  BOOST_TEST(!Parse({"--bogus"}, &error));
  BOOST_TEST(error == "unknown option --bogus");
  BOOST_TEST(!Parse({"--out"}, &error));
  BOOST_TEST(error == "--out needs a value");
  BOOST_TEST(!Parse({"--json=yes"}, &error));
  BOOST_TEST(error == "--json takes no value");
}

BOOST_AUTO_TEST_CASE(messages_and_plain_text_are_told_apart) {
  BOOST_TEST(LooksLikeMessage("From: a@example.org\nSubject: x\n\nbody"));
  BOOST_TEST(LooksLikeMessage("Received: from x\n\tby y\r\nTo: b@example.org\r\n\r\nbody"));
  BOOST_TEST(LooksLikeMessage("From jdoe@example.org Mon Nov 23 10:00:00 2026\nFrom: a\n\nb"));
  BOOST_TEST(LooksLikeMessage("Subject : obsolete syntax\n\nbody"));
  BOOST_TEST(!LooksLikeMessage("Dear Sir or Madam,\n\nI am writing about my photo.\n"));
  BOOST_TEST(!LooksLikeMessage("Re: my photo\nplease remove it"));
  BOOST_TEST(!LooksLikeMessage("Copyright: mine\nWork: a photo\n\nplease remove it"));
  BOOST_TEST(!LooksLikeMessage(""));
}

BOOST_AUTO_TEST_CASE(empty_and_missing_inputs_are_errors) {
  const auto missing = ReadInput("/nonexistent/notice.eml");
  BOOST_TEST(!missing.ok());
  BOOST_TEST(missing.status().message().find("/nonexistent/notice.eml") != std::string::npos);
}

}  // namespace
}  // namespace dmca::app
