#include "pipeline/calendar/clock.h"

#include <boost/test/unit_test.hpp>
#include <chrono>

namespace dmca::pipeline {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

BOOST_AUTO_TEST_SUITE(clock)

BOOST_AUTO_TEST_CASE(iso8601_parses_what_format_writes) {
  const auto when = ParseIso8601("2026-11-24T10:00:00Z");
  BOOST_TEST_REQUIRE(when.has_value());
  BOOST_TEST(when->time_since_epoch() == seconds(1'795'514'400));
  BOOST_TEST(FormatIso8601(*when) == "2026-11-24T10:00:00Z");
  BOOST_TEST(ParseIso8601("1970-01-01T00:00:00Z")->time_since_epoch() == seconds(0));
  BOOST_TEST(ParseIso8601("2028-02-29T23:59:59Z").has_value());  // a leap day
  // Round trips over a spread of instants, fractions of a second dropped.
  for (std::int64_t s : {0LL, 951'782'400LL, 1'700'000'000LL, 1'795'514'400LL, 4'102'444'799LL}) {
    const auto t = system_clock::time_point(seconds(s)) + std::chrono::milliseconds(250);
    const auto back = ParseIso8601(FormatIso8601(t));
    BOOST_TEST_REQUIRE(back.has_value(), FormatIso8601(t));
    BOOST_TEST(back->time_since_epoch() == seconds(s));
  }
}

BOOST_AUTO_TEST_CASE(iso8601_refuses_anything_else) {
  for (const char* bad :
       {"", "2026-11-24", "2026-11-24T10:00:00", "2026-11-24 10:00:00Z", "2026-11-24T10:00Z",
        "2026-11-24T10:00:00.5Z", "2026-11-24T10:00:00+00:00", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-02-30T00:00:00Z", "2027-02-29T00:00:00Z",
        "2026-11-24T24:00:00Z", "2026-11-24T10:60:00Z", "2026-11-24T10:00:61Z",
        "2026-11-2aT10:00:00Z", "+026-11-24T10:00:00Z", "2026-11-24t10:00:00z",
        "2026-11-24T10:00:00Z "}) {
    BOOST_TEST(!ParseIso8601(bad).has_value(), "'" << bad << "'");
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::pipeline
