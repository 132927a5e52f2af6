#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>

#include "parsers/mime/message.h"
#include "parsers/notice/understand.h"

namespace dmca::parsers::notice {
namespace {

constexpr std::string_view kNoticeBody =
    "I have a good faith belief that the use of my photograph at "
    "https://commons.wikimedia.org/wiki/File:Example.jpg is not authorized by the copyright "
    "owner, its agent, or the law.\n";

Notice FromMessage(const std::string& raw) {
  return Understand(mime::Message::Parse(raw));
}

std::string Outer(const std::string& body, const std::string& charset = "utf-8") {
  return "From: Staff <staff@wikimedia.example>\r\nTo: intake@wikimedia.example\r\n"
         "Subject: Fwd: notice\r\nContent-Type: text/plain; charset=" + charset +
         "\r\n\r\n" + body;
}

struct Form {
  const char* client;
  std::string text;
};

BOOST_AUTO_TEST_CASE(inline_forwards_of_every_common_client_and_language) {
  const std::string body(kNoticeBody);
  const Form forms[] = {
      {"Gmail", "FYI\n\n---------- Forwarded message ---------\nFrom: Owner <owner@example.org>\n"
                "Date: Mon, Nov 23, 2026 at 9:00 AM\nSubject: Takedown\nTo: <legal@example.org>\n\n" + body},
      {"Outlook", "Please handle.\n\n-----Original Message-----\nFrom: Owner <owner@example.org>\n"
                  "Sent: Monday, November 23, 2026 9:00 AM\nTo: legal@example.org\nSubject: Takedown\n\n" + body},
      {"Apple Mail", "Begin forwarded message:\n\n> From: Owner <owner@example.org>\n"
                     "> Subject: Takedown\n> Date: November 23, 2026 at 9:00:00 AM PST\n"
                     "> To: legal@example.org\n>\n> " + body},
      {"Thunderbird", "-------- Forwarded Message --------\nSubject: \tTakedown\n"
                      "Date: \tMon, 23 Nov 2026 09:00:00 +0000\nFrom: \tOwner <owner@example.org>\n"
                      "To: \tlegal@example.org\n\n" + body},
      {"German Outlook", "-----Ursprüngliche Nachricht-----\nVon: Owner <owner@example.org>\n"
                         "Gesendet: Montag, 23. November 2026 09:00\nAn: legal@example.org\n"
                         "Betreff: Takedown\n\n" + body},
      {"German Thunderbird", "-------- Weitergeleitete Nachricht --------\nBetreff: Takedown\n"
                             "Datum: Mon, 23 Nov 2026 09:00:00 +0000\nVon: Owner <owner@example.org>\n"
                             "An: legal@example.org\n\n" + body},
      {"French", "-------- Message transféré --------\nDe : Owner <owner@example.org>\n"
                 "Envoyé : lundi 23 novembre 2026 09:00\nÀ : legal@example.org\n"
                 "Objet : Takedown\n\n" + body},
      {"Spanish", "---------- Mensaje reenviado ---------\nDe: Owner <owner@example.org>\n"
                  "Fecha: lun, 23 nov 2026 a las 9:00\nAsunto: Takedown\nPara: legal@example.org\n\n" + body},
      {"Japanese", "---------- 転送されたメッセージ ---------\n差出人: Owner <owner@example.org>\n"
                   "送信日時: 2026年11月23日 9:00\n件名: Takedown\n宛先: legal@example.org\n\n" + body},
  };
  for (const Form& form : forms) {
    const Notice notice = FromMessage(Outer(form.text));
    BOOST_TEST(notice.original.from.value_or("") == "Owner <owner@example.org>", form.client);
    BOOST_TEST(notice.original.subject.value_or("") == "Takedown", form.client);
    BOOST_TEST(notice.original.forward_depth == 1, form.client);
    BOOST_TEST(notice.body.find("good faith belief") != std::string::npos, form.client);
    BOOST_TEST(notice.body.find("Forwarded") == std::string::npos, form.client);
    BOOST_REQUIRE_MESSAGE(notice.targets.size() == 1u, form.client);
    BOOST_TEST(notice.targets[0].title.value_or("") == "File:Example.jpg", form.client);
  }
}

BOOST_AUTO_TEST_CASE(forward_of_a_forward) {
  const std::string text =
      "---------- Forwarded message ---------\nFrom: Press <press@example.org>\n"
      "Date: Tue, Nov 24, 2026\nSubject: Fwd: Takedown\nTo: <legal@example.org>\n\n"
      "see below\n\n-----Original Message-----\nFrom: Owner <owner@example.org>\n"
      "Sent: Monday, November 23, 2026\nTo: press@example.org\nSubject: Takedown\n\n" +
      std::string(kNoticeBody);
  const Notice notice = FromMessage(Outer(text));
  BOOST_TEST(notice.original.from.value_or("") == "Owner <owner@example.org>");
  BOOST_TEST(notice.original.forward_depth == 2);
}

BOOST_AUTO_TEST_CASE(attached_message_inside_an_inline_forward) {
  const std::string raw =
      "From: Staff <staff@wikimedia.example>\r\nSubject: Fwd: notice\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
      "Content-Type: text/plain\r\n\r\nforwarding the attached\r\n--b1\r\n"
      "Content-Type: message/rfc822\r\n\r\n"
      "From: Owner <owner@example.org>\r\nSubject: Takedown\r\nDate: Mon, 23 Nov 2026\r\n"
      "Content-Type: text/plain\r\n\r\n" + std::string(kNoticeBody) + "\r\n--b1--\r\n";
  const Notice notice = FromMessage(raw);
  BOOST_TEST(notice.original.from.value_or("") == "Owner <owner@example.org>");
  BOOST_TEST(notice.original.subject.value_or("") == "Takedown");
  BOOST_TEST(notice.original.forward_depth == 1);
  BOOST_TEST(notice.body.find("forwarding the attached") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(html_only_notice_keeps_its_links) {
  const std::string raw =
      "From: Owner <owner@example.org>\r\nSubject: Takedown\r\n"
      "Content-Type: text/html; charset=utf-8\r\n\r\n"
      "<p>My photo is copied <a href=\"https://commons.wikimedia.org/wiki/File:Example.jpg\">"
      "here</a>.</p><script>alert(1)</script>";
  const Notice notice = FromMessage(raw);
  BOOST_TEST(notice.body.find("alert") == std::string::npos);
  BOOST_REQUIRE_EQUAL(notice.targets.size(), 1u);
  BOOST_TEST(notice.targets[0].title.value_or("") == "File:Example.jpg");
}

BOOST_AUTO_TEST_CASE(a_message_without_text_is_a_critical_finding) {
  const Notice notice = FromMessage(
      "From: a@example.org\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
      "\r\niVBORw0KGgo=\r\n");
  BOOST_TEST(HasCritical(notice.findings));
}

BOOST_AUTO_TEST_CASE(the_original_is_the_innermost_sender_outside_the_staff) {
  // A staff member forwards what legal@ forwarded: both are staff under the default intake.
  const std::string text =
      "FYI\n\n________________________________\nFrom: Legal <legal@wikimedia.org>\n"
      "Sent: Tuesday, November 24, 2026 3:41 PM\nTo: Robin <robin@wikimediafoundation.org>\n"
      "Subject: FW: Takedown\n\nsee below\n\n________________________________\n"
      "From: owner@example.org\nSent: Monday, November 23, 2026 9:05 AM\n"
      "To: legal@wikimedia.org\nSubject: Takedown\n\n" +
      std::string(kNoticeBody);
  const Notice notice = FromMessage(
      "From: Robin <robin@wikimediafoundation.org>\r\nSubject: FW: FW: Takedown\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
      text);
  BOOST_TEST(notice.original.from.value_or("") == "owner@example.org");
  BOOST_TEST(notice.original.date.value_or("") == "Monday, November 23, 2026 9:05 AM");
  BOOST_TEST(notice.original.forward_depth == 2);
  BOOST_TEST(!HasCritical(notice.findings));
}

BOOST_AUTO_TEST_CASE(no_outside_sender_is_a_finding_not_the_forwarder) {
  const Notice notice = FromMessage(
      "From: Robin <robin@wikimediafoundation.org>\r\nSubject: Fwd: Takedown\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n\r\nThe notice is below, I lost the "
      "headers.\n\n" +
      std::string(kNoticeBody));
  BOOST_TEST(!notice.original.from.has_value());
  BOOST_TEST(HasCritical(notice.findings));
  const bool named =
      std::any_of(notice.findings.begin(), notice.findings.end(),
                  [](const Finding& f) { return f.code == "notice.original_unknown"; });
  BOOST_TEST(named);
}

BOOST_AUTO_TEST_CASE(configured_staff_addresses_are_staff) {
  Intake intake;
  intake.staff_domains = {"staff.example.net"};
  intake.staff_addresses = {"desk@example.com"};
  const std::string raw =
      "From: Desk <desk@example.com>\r\nSubject: Fwd: notice\r\n"
      "Content-Type: text/plain\r\n\r\n---------- Forwarded message ---------\n"
      "From: Ana <ana@mail.staff.example.net>\nDate: Mon, Nov 23, 2026 at 9:00 AM\n"
      "Subject: Fwd: Takedown\nTo: desk@example.com\n\n---------- Forwarded message ---------\n"
      "From: Owner <owner@example.org>\nDate: Sun, Nov 22, 2026 at 8:00 AM\nSubject: Takedown\n"
      "To: ana@mail.staff.example.net\n\n" +
      std::string(kNoticeBody);
  const Notice notice = Understand(mime::Message::Parse(raw), intake);
  BOOST_TEST(notice.original.from.value_or("") == "Owner <owner@example.org>");
  BOOST_TEST(notice.original.subject.value_or("") == "Takedown");
}

BOOST_AUTO_TEST_CASE(an_unreadable_msg_goes_to_review) {
  const Notice notice = FromMessage(
      "From: Robin <robin@wikimedia.org>\r\nSubject: FW: notice\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
      "attached\r\n--b\r\nContent-Type: application/vnd.ms-outlook; name=\"n.msg\"\r\n"
      "Content-Disposition: attachment; filename=\"n.msg\"\r\n\r\nnot an OLE2 file\r\n--b--\r\n");
  const bool unreadable =
      std::any_of(notice.findings.begin(), notice.findings.end(),
                  [](const Finding& f) { return f.code == "notice.msg_unreadable"; });
  BOOST_TEST(unreadable);
  BOOST_TEST(HasCritical(notice.findings));
}

BOOST_AUTO_TEST_CASE(an_unreadable_winmail_dat_goes_to_review) {
  const Notice notice = FromMessage(
      "From: Robin <robin@wikimedia.org>\r\nSubject: FW: notice\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
      "see attached\r\n--b\r\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\r\n"
      "Content-Disposition: attachment; filename=\"winmail.dat\"\r\n\r\n\x78\x9f\x3e\x22\x01\x00"
      "\x01\xff\xff\xff\xff\r\n--b--\r\n");
  BOOST_TEST(HasCritical(notice.findings));
  BOOST_TEST(!notice.original.from.has_value());
}

BOOST_AUTO_TEST_CASE(a_saved_outlook_message_keeps_its_sent_date) {
  const Notice as_message = FromMessage(
      "From:\tJane Owner <jane@example.org>\r\nSent:\tMonday, November 23, 2026 9:05 AM\r\n"
      "To:\tlegal@wikimedia.org\r\nSubject:\tDMCA notice\r\n\r\n" + std::string(kNoticeBody));
  BOOST_TEST(as_message.original.date.value_or("") == "Monday, November 23, 2026 9:05 AM");
  const Notice as_text = UnderstandText(
      "From:\tJane Owner <jane@example.org>\r\nSent:\tMonday, November 23, 2026 9:05 AM\r\n"
      "To:\tlegal@wikimedia.org\r\nSubject:\tDMCA notice\r\n\r\n" + std::string(kNoticeBody));
  BOOST_TEST(as_text.original.from.value_or("") == "Jane Owner <jane@example.org>");
  BOOST_TEST(as_text.original.date.value_or("") == "Monday, November 23, 2026 9:05 AM");
}

BOOST_AUTO_TEST_CASE(a_block_flattened_onto_one_line) {
  // Yahoo's text part, and poor HTML-to-text converters, lose the header lines' breaks.
  const Notice notice = FromMessage(Outer(
      "   ----- Weitergeleitete Nachricht ----- Von: Owner <owner@example.org>An: "
      "\"legal@example.org\" <legal@example.org>Gesendet: Montag, 23. November 2026, 09:26:50 "
      "MEZBetreff: Takedown\n" + std::string(kNoticeBody)));
  BOOST_TEST(notice.original.from.value_or("") == "Owner <owner@example.org>");
  BOOST_TEST(notice.original.date.value_or("") == "Montag, 23. November 2026, 09:26:50 MEZ");
  BOOST_TEST(notice.original.subject.value_or("") == "Takedown");
  BOOST_TEST(notice.original.to.value_or("") == "legal@example.org");
}

BOOST_AUTO_TEST_CASE(a_long_subject_does_not_swallow_the_body) {
  // New Outlook starts the body right under the headers.
  const Notice notice = FromMessage(Outer(
      "From: Owner <owner@example.org>\nDate: Monday, 23 November 2026 at 09:00\n"
      "To: legal@example.org\nSubject: A very long subject line about a photograph on Commons x\n"
      "Dear Foundation,\nmy photograph is copied.\n\n" + std::string(kNoticeBody)));
  BOOST_TEST(notice.original.subject.value_or("") ==
             "A very long subject line about a photograph on Commons x");
}

BOOST_AUTO_TEST_CASE(an_attribution_under_a_staff_forward_names_the_original) {
  // Outlook for Mac forwards under "On …, Name <address> wrote:" with the message indented.
  const std::string quoted =
      "FYI\n\nOn 23/11/2026 09:05, \"Owner\" <owner@example.org> wrote:\n\n    " +
      std::string(kNoticeBody);
  const Notice by_staff = FromMessage(
      "From: Robin <robin@wikimedia.org>\r\nSubject: FW: Takedown\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n\r\n" + quoted);
  BOOST_TEST(by_staff.original.from.value_or("") == "Owner <owner@example.org>");
  BOOST_TEST(by_staff.original.date.value_or("") == "23/11/2026 09:05");
  BOOST_TEST(by_staff.original.subject.value_or("") == "Takedown");
  BOOST_TEST(by_staff.body.find("    I have") == std::string::npos);
  // A sender quoting someone else is not forwarding that person's notice.
  const Notice by_sender = FromMessage(
      "From: Sender <sender@example.net>\r\nSubject: Takedown\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n\r\n" + quoted);
  BOOST_TEST(by_sender.original.from.value_or("") == "Sender <sender@example.net>");
}

BOOST_AUTO_TEST_CASE(plain_text_is_a_body) {
  const Notice notice = UnderstandText(kNoticeBody);
  BOOST_TEST(!notice.original.from);
  BOOST_TEST(notice.targets.size() == 1u);
}

}  // namespace
}  // namespace dmca::parsers::notice
