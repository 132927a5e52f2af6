#include "parsers/notice/mail_date.h"

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <random>
#include <string>

#include "parsers/base/iso8601.h"
#include "tests/parsers/notice/forward_gen_text.h"

namespace dmca::parsers::notice {
namespace {

using namespace std::chrono;

// The wall-clock time as "2026-11-23 17:12:09".
std::string Local(const MailDate& d) {
  std::string iso = FormatIso8601(sys_seconds{d.local.time_since_epoch()});
  iso[10] = ' ';
  iso.pop_back();
  return iso;
}

// "2026-11-23 17:12:09 -0800", or without the offset when the text names no zone.
std::string Read(std::string_view text) {
  const auto d = ParseMailDate(text);
  if (!d) return "none";
  std::string out = Local(*d);
  if (d->offset) {
    const long s = static_cast<long>(d->offset->count());
    char buf[48];
    std::snprintf(buf, sizeof buf, " %c%02ld%02ld", s < 0 ? '-' : '+', std::labs(s) / 3600,
                  std::labs(s) / 60 % 60);
    out += buf;
  }
  return out;
}

BOOST_AUTO_TEST_SUITE(mail_date)

BOOST_AUTO_TEST_CASE(rfc5322_date_times) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"Mon, 23 Nov 2026 17:12:09 -0800", "2026-11-23 17:12:09 -0800"},
      {"Mon, 23 Nov 2026 17:12:09 -0800 (PST)", "2026-11-23 17:12:09 -0800"},
      {"23 Nov 2026 17:12:09 +0100", "2026-11-23 17:12:09 +0100"},  // no day of week
      {"Mon,23 Nov 2026 17:12:09 +0000", "2026-11-23 17:12:09 +0000"},
      {"Mon, 23 Nov 2026 17:12 -0800", "2026-11-23 17:12:00 -0800"},  // no seconds
      {"  Mon, 23 Nov 2026 17:12:09\r\n\t-0800", "2026-11-23 17:12:09 -0800"},  // folded
      {"Mon, 23 Nov 26 17:12:09 -0800", "2026-11-23 17:12:09 -0800"},  // obs-year, 2 digits
      {"Mon, 23 Nov 126 17:12:09 -0800", "2026-11-23 17:12:09 -0800"},  // obs-year, 3 digits
      {"Tue, 23 Nov 99 17:12:09 -0500", "1999-11-23 17:12:09 -0500"},
      {"Mon, 23 Nov 2026 17:12:09 PST", "2026-11-23 17:12:09 -0800"},  // obs-zone
      {"Mon, 23 Nov 2026 17:12:09 PDT", "2026-11-23 17:12:09 -0700"},
      {"Mon, 23 Nov 2026 17:12:09 EST", "2026-11-23 17:12:09 -0500"},
      {"Mon, 23 Nov 2026 17:12:09 EDT", "2026-11-23 17:12:09 -0400"},
      {"Mon, 23 Nov 2026 17:12:09 CST", "2026-11-23 17:12:09 -0600"},
      {"Mon, 23 Nov 2026 17:12:09 MDT", "2026-11-23 17:12:09 -0600"},
      {"Mon, 23 Nov 2026 17:12:09 GMT", "2026-11-23 17:12:09 +0000"},
      {"Mon, 23 Nov 2026 17:12:09 UT", "2026-11-23 17:12:09 +0000"},
      {"Mon, 23 Nov 2026 17:12:09 (PST)", "2026-11-23 17:12:09 -0800"},
      {"Mon, 23 Nov 2026 17:12:09 +0530", "2026-11-23 17:12:09 +0530"},
      {"Mon, 23 Nov 2026 17:12:09 -0000", "2026-11-23 17:12:09 +0000"},
      {"Mon, 23 Nov 2026 17:12:09 J", "2026-11-23 17:12:09"},  // military zones mean nothing
      {"Mon, 23 Nov 2026 17:12:09", "2026-11-23 17:12:09"},    // no zone at all
      {"Wed, 31 Dec 2025 23:59:60 +0000", "2025-12-31 23:59:59 +0000"},  // a leap second
      {"Thu, 29 Feb 2028 08:00:00 +0000", "2028-02-29 08:00:00 +0000"},
      {"2026-11-23T17:12:09Z", "2026-11-23 17:12:09 +0000"},
      {"2026-11-23T17:12:09-08:00", "2026-11-23 17:12:09 -0800"},
      {"2026-11-23 17:12:09 +0100", "2026-11-23 17:12:09 +0100"},
  };
  for (const auto& [text, want] : cases) BOOST_TEST(Read(text) == want, "'" << text << "'");
}

BOOST_AUTO_TEST_CASE(forward_header_dates_of_the_common_clients) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"Monday, November 23, 2026 5:12 PM", "2026-11-23 17:12:00"},      // Outlook
      {"Monday, November 23, 2026 12:05:09 AM", "2026-11-23 00:05:09"},  // Outlook classic
      {"Mon, Nov 23, 2026 at 12:30 PM", "2026-11-23 12:30:00"},          // Gmail
      {"November 23, 2026 at 5:12:09 PM PST", "2026-11-23 17:12:09 -0800"},  // Apple Mail
      {"Montag, 23. November 2026 17:12", "2026-11-23 17:12:00"},
      {"Mo., 23. Nov. 2026 um 17:12 Uhr", "2026-11-23 17:12:00"},
      {"23. November 2026 um 17:12:09 MEZ", "2026-11-23 17:12:09 +0100"},
      {"lundi 23 novembre 2026 17:12", "2026-11-23 17:12:00"},
      {"mar. 24 nov. 2026 à 17:12", "2026-11-24 17:12:00"},  // "mar." is Tuesday, not March
      {"23 novembre 2026 à 17:12:09 UTC+1", "2026-11-23 17:12:09 +0100"},
      {"mer. 19 févr. 2025 à 09:03", "2025-02-19 09:03:00"},
      {"lunes, 23 de noviembre de 2026 17:12", "2026-11-23 17:12:00"},
      {"mar, 24 nov 2026 a las 17:12", "2026-11-24 17:12:00"},
      {"23 de noviembre de 2026, 17:12:09 CET", "2026-11-23 17:12:09 +0100"},
      {"martes, 24 de noviembre de 2026 5:12 p. m.", "2026-11-24 17:12:00"},
      {"2026年11月23日(月) 17:12", "2026-11-23 17:12:00"},
      {"2026年11月23日 17:12:09 JST", "2026-11-23 17:12:09 +0900"},
      {"2026年11月23日 午後5:12", "2026-11-23 17:12:00"},
      {"23.11.2026 17:12", "2026-11-23 17:12:00"},
      {"2026/11/23 17:12", "2026-11-23 17:12:00"},
      {"23/11/2026 17:12", "2026-11-23 17:12:00"},
      {"11/23/2026 5:12 PM", "2026-11-23 17:12:00"},
      {"Fri, Nov 20, 2026 at 11:30 PM Jan Novak <jan@example.org>", "2026-11-20 23:30:00"},
      {"Tuesday, 1 December 2026 09:00 GMT-08:00", "2026-12-01 09:00:00 -0800"},
  };
  for (const auto& [text, want] : cases) BOOST_TEST(Read(text) == want, "'" << text << "'");
}

BOOST_AUTO_TEST_CASE(what_is_not_a_date_is_refused) {
  for (std::string_view bad : {
           "", "garbage", "Mon, 23 Nov 2026", "17:12:09", "Mon, 32 Nov 2026 17:12:09 +0000",
           "Mon, 30 Feb 2026 17:12:09 +0000", "Mon, 23 Nov 2026 25:12:09 +0000",
           "Mon, 23 Nov 2026 17:75:09 +0000", "Mon, 23 Nov 2026 17:12:09 +9999",
           "Mon, 23 Nov 2026 17:12:09 +123456", "Mon, 23 Foo 2026 17:12:09 +0000",
           "03/04/2026 17:12",  // 3 April or March 4: not guessed
           "Mon, 23 Jui 2026 17:12",  // juin or juillet
           "Monday, November 23, 2026 13:12 PM", "Mon, 23 Nov 99999999999 17:12 +0000",
           ";;;;", "(((((", "+-+-+-0800", "\xff\xfe\x00\x01"}) {
    BOOST_TEST(Read(bad) == "none", "'" << bad << "'");
  }
}

// The date lines the forward generator writes (forward_gen_text.cc) for every client and
// language, read back to the wall-clock time they were written from.
BOOST_AUTO_TEST_CASE(every_generated_forward_date_reads_back) {
  using testing::Client;
  using testing::Lang;
  const testing::When whens[] = {{2026, 11, 23, 17, 12, 9}, {2026, 1, 1, 0, 5, 0},
                                 {2027, 12, 31, 12, 0, 59}, {2024, 2, 29, 9, 30, 1},
                                 {2026, 3, 8, 23, 59, 0},   {2026, 7, 4, 12, 30, 0}};
  for (const testing::When& w : whens) {
    for (Client client : testing::kClients) {
      for (Lang lang : testing::kLangs) {
        const std::string text = testing::DateText(client, lang, w);
        const auto d = ParseMailDate(text);
        BOOST_TEST_REQUIRE(d.has_value(), testing::ClientName(client)
                                              << "/" << testing::LangName(lang) << ": " << text);
        char want[32];
        // Gmail, Outlook and a few Apple wordings leave the seconds out.
        const bool has_seconds = text.find(std::to_string(w.minute / 10) +
                                           std::to_string(w.minute % 10) + ":") !=
                                 std::string::npos;
        std::snprintf(want, sizeof want, "%04d-%02d-%02d %02d:%02d:%02d", w.year, w.month, w.day,
                      w.hour, w.minute, has_seconds ? w.second : 0);
        BOOST_TEST(Local(*d) == want, testing::ClientName(client)
                                          << "/" << testing::LangName(lang) << ": " << text);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(hostile_text_never_crashes) {
  std::mt19937 rng(20261202);
  const std::string seed = "Mon, 23 Nov 2026 17:12:09 -0800 (PST) 2026年11月23日 午後5:12 p. m.";
  const std::string alphabet = "0123456789:+-./,() ajmnopstuvzAMP\xe5\xb9\xb4\xe6\x9c\x88\xff";
  for (int round = 0; round < 20000; ++round) {
    std::string text = seed;
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text.erase(at, 1 + rng() % 4); break;
        case 1: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        default: text[at] = alphabet[rng() % alphabet.size()]; break;
      }
    }
    if (const auto d = ParseMailDate(text)) {
      const year_month_day ymd{sys_days{floor<days>(d->local).time_since_epoch()}};
      BOOST_TEST(ymd.ok());
    }
  }
  BOOST_TEST(!ParseMailDate(std::string(100000, '1')).has_value());
  BOOST_TEST(!ParseMailDate(std::string(100000, ':')).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::parsers::notice
