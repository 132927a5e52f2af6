#include "archive/redact.h"

#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/archive/test_util.h"

namespace dmca::archive {
namespace {

using testing::Contains;
using testing::CountOf;

parsers::notice::Notice StudioNotice() {
  parsers::notice::Notice notice;
  auto& fields = notice.analysis.fields;
  fields.sender.name = "Jane Doe";
  fields.sender.organisation = "Example Studios LLC";
  fields.sender.emails = {"jane.doe@mail.example", "legal@studio.example"};
  fields.sender.phones = {"(555) 555-0100"};
  fields.sender.addresses = {"123 Main Street, Suite 400\nSpringfield, IL 62701"};
  fields.signature = "/s/ Jane Doe";
  return notice;
}

constexpr std::string_view kStudioText =
    "Dear Wikimedia Foundation,\n"
    "\n"
    "I write on behalf of Example Studios LLC, owner of the photograph \"Sunset over the Bay\"\n"
    "(registration VA 1-234-567). It is copied without permission at:\n"
    "https://commons.wikimedia.org/wiki/File:Sunset_2019-05-12_555-123-4567.jpg\n"
    "<https://upload.wikimedia.org/wikipedia/commons/a/ab/Sunset_5551234567.jpg>\n"
    "en.wikipedia.org/wiki/Sunset_(555_555_0100)\n"
    "\n"
    "I have a good faith belief that the use is not authorized. Date: 2026-11-24.\n"
    "Case No. 2:23-cv-01234, ISBN 978-3-16-148410-0, 17 U.S.C. 512(c)(3)(A), $1,500,000.\n"
    "\n"
    "Sincerely,\n"
    "\n"
    "Jane Doe\n"
    "Example Studios LLC\n"
    "123 Main Street, Suite 400\n"
    "Springfield, IL 62701\n"
    "Phone: (555) 555-0100\n"
    "Tel. +1 555 555 0199\n"
    "Mobile: +44 20 7946 0958\n"
    "Cell 555.555.0142\n"
    "E-mail: jane.doe@mail.example, also jdoe+dmca@gmail.com\n"
    "Contact: legal@studio.example\n"
    "/s/ Jane Doe\n";

BOOST_AUTO_TEST_CASE(removes_every_kind_of_personal_data) {
  const std::string out = Redact(kStudioText, StudioNotice());
  BOOST_TEST_MESSAGE(out);
  for (std::string_view personal :
       {"jane.doe@mail.example", "jdoe", "555-0100", "555 555 0199", "7946 0958",
        "555.555.0142", "123 Main", "Suite 400", "62701", "Springfield", "Jane Doe"}) {
    BOOST_TEST(!Contains(out, personal), "still shows " << personal);
  }
  BOOST_TEST(CountOf(out, "[redacted]") >= 9u);
}

BOOST_AUTO_TEST_CASE(keeps_organisations_claims_urls_and_role_addresses) {
  const std::string out = Redact(kStudioText, StudioNotice());
  for (std::string_view kept :
       {"Example Studios LLC, owner", "\nExample Studios LLC\n", "\"Sunset over the Bay\"",
        "https://commons.wikimedia.org/wiki/File:Sunset_2019-05-12_555-123-4567.jpg\n",
        "<https://upload.wikimedia.org/wikipedia/commons/a/ab/Sunset_5551234567.jpg>",
        "en.wikipedia.org/wiki/Sunset_(555_555_0100)", "legal@studio.example",
        "Date: 2026-11-24", "2:23-cv-01234", "ISBN 978-3-16-148410-0", "512(c)(3)(A)",
        "$1,500,000", "VA 1-234-567", "good faith belief", "Sincerely,"}) {
    BOOST_TEST(Contains(out, kept), "lost " << kept);
  }
  BOOST_TEST(Contains(out, "/s/ [redacted]"));
  BOOST_TEST(Contains(out, "Phone: [redacted]"));
}

BOOST_AUTO_TEST_CASE(marker_is_configurable) {
  archive::RedactionOptions options;
  options.marker = "█";
  const std::string out = Redact("Call me at (555) 555-0100.", {}, options);
  BOOST_TEST(out == "Call me at █.");
}

BOOST_AUTO_TEST_CASE(detects_without_known_fields) {
  const parsers::notice::Notice none;
  struct Case {
    std::string_view in;
    std::string_view out;
  };
  for (const Case& c : {
           Case{"write to jane@mail.example today", "write to [redacted] today"},
           Case{"mail dmca@gmail.com", "mail [redacted]"},
           Case{"mail copyright@label.example", "mail copyright@label.example"},
           Case{"call 555-555-0100 now", "call [redacted] now"},
           Case{"call +49 30 1234567", "call [redacted]"},
           Case{"call 1-800-555-0199", "call [redacted]"},
           Case{"Tel: 030 12345678", "Tel: [redacted]"},
           Case{"ring 01 23 45 67 89", "ring [redacted]"},
           Case{"Telephone: 5550100123", "Telephone: [redacted]"},
           Case{"on 2026-11-24 at 10:00", "on 2026-11-24 at 10:00"},
           Case{"Hauptstraße 5\n10115 Berlin", "[redacted]\n[redacted]"},
           Case{"12 rue de Rivoli\n75001 Paris", "[redacted]\n[redacted]"},
           Case{"221B Baker Street\nLondon NW1 6XE", "[redacted]\n[redacted]"},
           Case{"P.O. Box 1234", "[redacted]"},
           Case{"PALO ALTO, CALIFORNIA 94301", "[redacted]"},
           Case{"City, State, and Zip: Palo Alto CA 94301", "City, State, and Zip: [redacted]"},
           Case{"Address:\n1 Infinite Loop\nCupertino\n\nThanks", "Address:\n[redacted]\n[redacted]\n\nThanks"},
           Case{"Signature: Jane Q. Public", "Signature: [redacted]"},
           Case{"Best regards,\nJohn Roe\nRights Manager", "Best regards,\n[redacted]\nRights Manager"},
           Case{"Regards,\nACME Pictures Inc.", "Regards,\nACME Pictures Inc."},
           Case{"Sincerely, John Roe", "Sincerely, [redacted]"},
           Case{"Mit freundlichen Grüßen\nErika Mustermann", "Mit freundlichen Grüßen\n[redacted]"},
           Case{"chapter 3 of the book", "chapter 3 of the book"},
           Case{"see https://example.org/555-555-0100/x?tel=5555550100", "see https://example.org/555-555-0100/x?tel=5555550100"},
       }) {
    BOOST_TEST(Redact(c.in, none) == c.out, "input: " << c.in);
  }
}

BOOST_AUTO_TEST_CASE(redacts_headers) {
  const auto notice = StudioNotice();
  BOOST_TEST(RedactHeader("Jane Doe <jane.doe@mail.example>", notice) ==
             "[redacted] <[redacted]>");
  BOOST_TEST(RedactHeader("Example Studios LLC <legal@studio.example>", notice) ==
             "Example Studios LLC <legal@studio.example>");
  BOOST_TEST(RedactHeader("\"Roe, John\" <john@mail.example>, legal@wikimedia.org", {}) ==
             "[redacted] <[redacted]>, legal@wikimedia.org");
  BOOST_TEST(RedactHeader("john@mail.example (John Roe)", {}) == "[redacted] ([redacted])");
  BOOST_TEST(RedactHeader("DMCA notice from Jane Doe", notice) == "DMCA notice from [redacted]");
}

BOOST_AUTO_TEST_CASE(role_addresses_and_organisations) {
  BOOST_TEST(IsRoleAddress("legal@wikimedia.org"));
  BOOST_TEST(IsRoleAddress("DMCA+ref@Studio.Example"));
  BOOST_TEST(!IsRoleAddress("legal@gmail.com"));
  BOOST_TEST(!IsRoleAddress("jane@studio.example"));
  BOOST_TEST(LooksLikeOrganisation("ACME GmbH"));
  BOOST_TEST(LooksLikeOrganisation("Example Studios"));
  BOOST_TEST(!LooksLikeOrganisation("Jane Doe"));
}

// Every URL the labelled corpus names survives redaction byte for byte.
BOOST_AUTO_TEST_CASE(corpus_urls_survive) {
  const std::filesystem::path dir = std::filesystem::path(DMCA_CORPUS_DIR) / "notices";
  std::ifstream labels_file(dir / "labels.json");
  BOOST_REQUIRE(labels_file);
  std::stringstream labels_text;
  labels_text << labels_file.rdbuf();
  const auto labels = Poco::JSON::Parser().parse(labels_text.str()).extract<Poco::JSON::Array::Ptr>();
  std::size_t urls = 0;
  for (std::size_t i = 0; i < labels->size(); ++i) {
    const auto entry = labels->getObject(static_cast<unsigned>(i));
    const std::string path = entry->getValue<std::string>("path");
    std::ifstream in(dir / "texts" / std::filesystem::path(path).filename());
    BOOST_REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    const std::string out = Redact(text.str(), {});
    const auto list = entry->getArray("urls");
    for (std::size_t k = 0; k < list->size(); ++k) {
      const std::string url = list->getElement<std::string>(static_cast<unsigned>(k));
      ++urls;
      BOOST_TEST(Contains(out, url), path << " lost " << url);
    }
  }
  BOOST_TEST_MESSAGE("corpus URLs kept: " << urls);
  BOOST_TEST(urls > 100u);
}

}  // namespace
}  // namespace dmca::archive

namespace dmca::archive {
namespace {

BOOST_AUTO_TEST_CASE(obfuscated_addresses) {
  const parsers::notice::Notice none;
  BOOST_TEST(Redact("write jane [at] mail [dot] example now", none) == "write [redacted] now");
  BOOST_TEST(Redact("write jane(at)mail.example.", none) == "write [redacted].");
  BOOST_TEST(Redact("meet me [at] noon", none) == "meet me [at] noon");
}

// Hostile sizes stay fast: thousands of URLs, numbers and addresses in one notice.
BOOST_AUTO_TEST_CASE(large_hostile_input_is_linear_enough) {
  std::string text;
  for (int i = 0; i < 20000; ++i) {
    text += "https://x.example/" + std::to_string(i) + " 555-555-" + std::to_string(1000 + i % 9000) +
            " a" + std::to_string(i) + "@mail.example @@@ /s/\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const std::string out = Redact(text, {});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST_MESSAGE("redacted " << text.size() << " bytes in " << seconds << " s");
  BOOST_TEST(seconds < 5.0);
  BOOST_TEST(!Contains(out, "@mail.example"));
  BOOST_TEST(Contains(out, "https://x.example/19999 [redacted]"));
}

}  // namespace
}  // namespace dmca::archive
