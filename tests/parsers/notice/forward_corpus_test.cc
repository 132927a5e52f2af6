// The original sender under every forward (issue 8): the generated set of forwarded notices
// (forward_gen.cc: each client and language, one and two levels, text, HTML-only and
// alternative bodies, legacy charsets, and the notice attached as a message, a .eml, Outlook's
// saved text, a TNEF winmail.dat and a .msg) must give back the original sender's address in
// at least 98% of messages, and the original date and subject in at least 95%.
#include <boost/test/unit_test.hpp>
#include <map>

#include "parsers/mime/message.h"
#include "parsers/notice/forward.h"
#include "parsers/notice/office_mail.h"
#include "tests/parsers/notice/forward_gen.h"

namespace dmca::parsers::notice {
namespace {

std::string Collapse(std::string_view s) {
  std::string out;
  for (char c : s) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

BOOST_AUTO_TEST_CASE(generated_forwards_give_back_the_original) {
  const auto mails = testing::GenerateForwards();
  const Intake intake = testing::GeneratedIntake();
  std::size_t address_ok = 0, date_ok = 0, subject_ok = 0, complete = 0, depth_ok = 0;
  std::map<std::string, int> misses;
  int shown = 0;
  for (const auto& mail : mails) {
    const Notice notice = Understand(mime::Message::Parse(mail.raw), intake);
    const std::string address = Lower(FirstAddress(notice.original.from.value_or("")));
    const bool a = address == Lower(mail.want_address);
    const bool d = Collapse(notice.original.date.value_or("")) == Collapse(mail.want_date);
    const bool s = Collapse(notice.original.subject.value_or("")) == Collapse(mail.want_subject);
    address_ok += a;
    date_ok += d;
    subject_ok += s;
    complete += notice.analysis.complete;
    depth_ok += notice.original.forward_depth == mail.want_depth;
    if ((!a || !d || !s) && shown++ < 25) {
      BOOST_TEST_MESSAGE("miss " << mail.id << ": from=" << notice.original.from.value_or("-")
                                 << " date=" << notice.original.date.value_or("-")
                                 << " subject=" << notice.original.subject.value_or("-"));
    }
  }
  const double n = static_cast<double>(mails.size());
  BOOST_TEST_MESSAGE("generated forwards: " << mails.size() << " messages; original address "
                                            << address_ok << " (" << 100.0 * address_ok / n
                                            << "%), date " << date_ok << " (" << 100.0 * date_ok / n
                                            << "%), subject " << subject_ok << " ("
                                            << 100.0 * subject_ok / n << "%); forward depth "
                                            << depth_ok << "; notice complete " << complete);
  BOOST_TEST(mails.size() >= 300u);
  BOOST_TEST(address_ok / n >= 0.98);
  BOOST_TEST(date_ok / n >= 0.95);
  BOOST_TEST(subject_ok / n >= 0.95);
  BOOST_TEST(depth_ok / n >= 0.95);
  // The notice under the forwards is the text analyzed, not the forwarder's note.
  BOOST_TEST(complete / n >= 0.95);
}

// Every address in every part, once decoded, is at a reserved domain: no real person's data.
void CheckDomains(const std::string& id, std::string_view text) {
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    std::size_t e = at + 1;
    while (e < text.size() && (std::isalnum(static_cast<unsigned char>(text[e])) ||
                               text[e] == '.' || text[e] == '-')) {
      ++e;
    }
    const std::string domain = Lower(std::string(text.substr(at + 1, e - at - 1)));
    if (domain.size() < 3) continue;  // binary bytes or UTF-16
    BOOST_TEST(domain.find("example") != std::string::npos, id << ": " << domain);
  }
}

BOOST_AUTO_TEST_CASE(generated_set_uses_only_reserved_domains) {
  for (const auto& mail : testing::GenerateForwards()) {
    const auto message = mime::Message::Parse(mail.raw);
    const std::size_t crlf = mail.raw.find("\r\n\r\n"), lf = mail.raw.find("\n\n");
    CheckDomains(mail.id, mail.raw.substr(0, std::min(crlf, lf)));
    for (const auto* leaf : message.Leaves()) {
      CheckDomains(mail.id, leaf->headers().Decoded("From").value_or(""));
      const std::string bytes = leaf->DecodedBody();
      // Outlook's containers hold compressed or UTF-16 text: check what they are read as.
      std::optional<OfficeMail> office;
      if (leaf->MimeType() == "application/ms-tnef") office = ReadTnef(bytes, nullptr, "");
      if (leaf->MimeType() == "application/vnd.ms-outlook") {
        office = ReadOutlookMsg(bytes, nullptr, "");
      }
      if (office) {
        CheckDomains(mail.id, office->from.value_or("") + " " + office->to.value_or("") + " " +
                                  office->body);
      } else {
        CheckDomains(mail.id, bytes);
      }
    }
  }
}

}  // namespace
}  // namespace dmca::parsers::notice
