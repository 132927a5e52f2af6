#include "parsers/notice/receipt.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace dmca::parsers::notice {
namespace {

using namespace std::chrono;

constexpr std::string_view kCounterNotice =
    "I am the uploader of https://commons.wikimedia.org/wiki/File:Harbour_at_dawn.jpg, which was\n"
    "removed. I swear, under penalty of perjury, that I have a good faith belief the material was\n"
    "removed as a result of mistake or misidentification of the material to be removed.\n"
    "I consent to the jurisdiction of the Federal District Court for the judicial district in\n"
    "which my address is located, and I will accept service of process from the person who\n"
    "provided the notification.\n\n"
    "A. Uploader, 1 Example Street, Exampletown, +1 555 0100\n/s/ A. Uploader\n";

// The Foundation's clock for dates written without a zone: Pacific Standard Time, which is in
// force on every date these tests use (November 7 to 24, 2026). The real one is
// pipeline::TimeZone::FromLocal.
sys_seconds Pacific(local_seconds t) { return sys_seconds{t.time_since_epoch() + hours{8}}; }

// Received headers as Google's mail servers write them for the Foundation's mailboxes. The
// relay's hop below keeps one date whatever `date` is, so a test reading it would show.
std::string ReceivedBy(std::string_view mailbox, std::string_view date) {
  return "Received: by 2002:a05:7010:3c4b:b0:4a1:5f2e:9d0c with SMTP id x11csp2155013mdb;\r\n"
         "        " + std::string(date) + "\r\n"
         "X-Received: by 2002:a17:907:1c0a:b0:9a5:c9a4:3d2b with SMTP id\r\n"
         " nc10-20020a1709071c0a00b009a5c9a43d2bmr1.32.1700000000000; " + std::string(date) +
         "\r\n"
         "Received: from mail.example.net (mail.example.net. [192.0.2.25])\r\n"
         "        by mx.google.com with ESMTPS id e9si123.2026.11.20.23.29.58\r\n"
         "        for <" + std::string(mailbox) + ">\r\n"
         "        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\r\n"
         "        Fri, 20 Nov 2026 23:29:58 -0800 (PST)\r\n";
}

// A counter-notice as the uploader sent it, with the headers it arrived with.
std::string Original(std::string_view received_date, std::string_view date) {
  return ReceivedBy("legal@wikimedia.org", received_date) +
         "From: A. Uploader <uploader@example.net>\r\n"
         "To: legal@wikimedia.org\r\n"
         "Subject: Counter-notice: File:Harbour at dawn.jpg\r\n"
         "Date: " + std::string(date) + "\r\n"
         "Message-ID: <c0ffee.1@mail.example.net>\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=utf-8\r\n\r\n" + std::string(kCounterNotice);
}

// `inner` forwarded by a staff member as an attachment (message/rfc822), as Gmail does.
std::string AttachedBy(std::string_view staff, std::string_view to, std::string_view received,
                       const std::string& inner, std::string_view boundary) {
  return ReceivedBy(to, received) +
         "From: " + std::string(staff) + "\r\n"
         "To: " + std::string(to) + "\r\n"
         "Subject: Fwd: Counter-notice: File:Harbour at dawn.jpg\r\n"
         "Date: " + std::string(received) + "\r\n"
         "Message-ID: <fwd." + std::string(boundary) + "@wikimedia.org>\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=\"" + std::string(boundary) + "\"\r\n\r\n"
         "--" + std::string(boundary) + "\r\n"
         "Content-Type: text/plain; charset=utf-8\r\n\r\n"
         "Counter-notice attached, please process.\r\n\r\n"
         "--" + std::string(boundary) + "\r\n"
         "Content-Type: message/rfc822\r\n"
         "Content-Disposition: attachment; filename=\"Counter-notice.eml\"\r\n\r\n" + inner +
         "\r\n--" + std::string(boundary) + "--\r\n";
}

struct Read {
  std::optional<Receipt> receipt;
  Notice notice;
};

Read Receive(std::string raw, const WallClock& unzoned = Pacific) {
  const mime::Message message = mime::Message::Parse(std::move(raw));
  Read out;
  out.notice = Understand(message);
  out.receipt = FoundationReceipt(message, out.notice, unzoned);
  return out;
}

BOOST_AUTO_TEST_SUITE(receipt)

BOOST_AUTO_TEST_CASE(direct_message_counts_from_its_topmost_received) {
  // Sent straight to the intake mailbox: the last hop, into the mailbox, stamps the receipt.
  // 23:30:12 PST on Friday is 07:30:12Z on Saturday; the lower hops are earlier.
  const Read r = Receive(Original("Fri, 20 Nov 2026 23:30:12 -0800 (PST)",
                                  "Fri, 20 Nov 2026 23:29:55 -0800"));
  BOOST_TEST(r.notice.original.forward_depth == 0);
  BOOST_TEST_REQUIRE(r.receipt.has_value());
  BOOST_TEST(r.receipt->at == "2026-11-21T07:30:12Z");
  BOOST_TEST(r.receipt->source == kSourceReceived);
}

BOOST_AUTO_TEST_CASE(without_received_headers_the_date_header) {
  const Read r = Receive(
      "From: A. Uploader <uploader@example.net>\r\nTo: legal@wikimedia.org\r\n"
      "Subject: Counter-notice\r\nDate: Fri, 20 Nov 2026 23:30 PST\r\n\r\n" +
      std::string(kCounterNotice));
  BOOST_TEST_REQUIRE(r.receipt.has_value());
  BOOST_TEST(r.receipt->at == "2026-11-21T07:30:00Z");
  BOOST_TEST(r.receipt->source == kSourceDate);
}

BOOST_AUTO_TEST_CASE(attached_original_counts_from_its_own_received) {
  // Legal forwarded the counter-notice on Monday; it reached the Foundation on Friday night.
  const std::string inner =
      Original("Fri, 20 Nov 2026 23:30:12 -0800 (PST)", "Fri, 20 Nov 2026 23:29:55 -0800");
  const Read r = Receive(AttachedBy("Robin Legal <robin@wikimedia.org>", "dmca-intake@wikimedia.org",
                                    "Mon, 23 Nov 2026 09:15:40 -0800", inner, "b1"));
  BOOST_TEST(r.notice.original.forward_depth == 1);
  BOOST_TEST(r.notice.original.from.value_or("") == "A. Uploader <uploader@example.net>");
  BOOST_TEST_REQUIRE(r.receipt.has_value());
  BOOST_TEST(r.receipt->at == "2026-11-21T07:30:12Z");
  BOOST_TEST(r.receipt->source == kSourceOriginalReceived);
}

BOOST_AUTO_TEST_CASE(forward_of_a_forward_reaches_the_original) {
  // The uploader wrote to legal@ on Friday; Robin forwarded it as an attachment to Sam on
  // Saturday; Sam forwarded that, again as an attachment, to the intake mailbox on Tuesday.
  const std::string original =
      Original("Fri, 20 Nov 2026 23:30:12 -0800 (PST)", "Fri, 20 Nov 2026 23:29:55 -0800");
  const std::string first = AttachedBy("Robin Legal <robin@wikimedia.org>", "sam@wikimedia.org",
                                       "Sat, 21 Nov 2026 10:02:00 -0800", original, "b1");
  const Read r = Receive(AttachedBy("Sam Counsel <sam@wikimedia.org>", "dmca-intake@wikimedia.org",
                                    "Tue, 24 Nov 2026 08:00:00 -0800", first, "b2"));
  BOOST_TEST(r.notice.original.forward_depth == 2);
  BOOST_TEST_REQUIRE(r.receipt.has_value());
  BOOST_TEST(r.receipt->at == "2026-11-21T07:30:12Z");
  BOOST_TEST(r.receipt->source == kSourceOriginalReceived);
}

BOOST_AUTO_TEST_CASE(attached_original_without_received_gives_its_date) {
  // A client that saved the original without its trace fields (a draft-like .eml).
  const std::string inner =
      "From: A. Uploader <uploader@example.net>\r\nTo: legal@wikimedia.org\r\n"
      "Subject: Counter-notice\r\nDate: Thu, 19 Nov 2026 16:45:00 -0500\r\n"
      "Content-Type: text/plain\r\n\r\n" + std::string(kCounterNotice);
  const Read r = Receive(AttachedBy("Robin Legal <robin@wikimedia.org>", "dmca-intake@wikimedia.org",
                                    "Mon, 23 Nov 2026 09:15:40 -0800", inner, "b1"));
  BOOST_TEST(r.notice.original.forward_depth == 1);
  BOOST_TEST_REQUIRE(r.receipt.has_value());
  BOOST_TEST(r.receipt->at == "2026-11-19T21:45:00Z");
  BOOST_TEST(r.receipt->source == kSourceOriginalDate);
}

// Staff forwarding inline: the original's headers are gone, the forward block's date stays.
std::string InlineForward(std::string_view block) {
  return ReceivedBy("dmca-intake@wikimedia.org", "Mon, 23 Nov 2026 09:15:40 -0800") +
         "From: Robin Legal <robin@wikimedia.org>\r\nTo: dmca-intake@wikimedia.org\r\n"
         "Subject: FW: Counter-notice\r\nDate: Mon, 23 Nov 2026 09:15:38 -0800\r\n"
         "Content-Type: text/plain; charset=utf-8\r\n\r\n"
         "Please process.\r\n\r\n" + std::string(block) + "\r\n\r\n" + std::string(kCounterNotice);
}

BOOST_AUTO_TEST_CASE(inline_outlook_forward_reads_sent_in_the_foundations_zone) {
  const Read r = Receive(InlineForward(
      "________________________________\r\n"
      "From: A. Uploader <uploader@example.net>\r\n"
      "Sent: Friday, November 20, 2026 11:30 PM\r\n"
      "To: legal@wikimedia.org\r\n"
      "Subject: Counter-notice"));
  BOOST_TEST(r.notice.original.forward_depth == 1);
  BOOST_TEST(r.notice.original.date.value_or("") == "Friday, November 20, 2026 11:30 PM");
  BOOST_TEST_REQUIRE(r.receipt.has_value());
  BOOST_TEST(r.receipt->at == "2026-11-21T07:30:00Z");
  BOOST_TEST(r.receipt->source == kSourceOriginalDate);
}

BOOST_AUTO_TEST_CASE(inline_forward_without_a_clock_falls_back_to_received) {
  // No way to read a zoneless time: the forward's own arrival is the best left.
  const std::string raw = InlineForward(
      "________________________________\r\n"
      "From: A. Uploader <uploader@example.net>\r\n"
      "Sent: Friday, November 20, 2026 11:30 PM\r\n"
      "To: legal@wikimedia.org\r\n"
      "Subject: Counter-notice");
  const Read r = Receive(raw, WallClock{});
  BOOST_TEST_REQUIRE(r.receipt.has_value());
  BOOST_TEST(r.receipt->at == "2026-11-23T17:15:40Z");
  BOOST_TEST(r.receipt->source == kSourceReceived);
}

BOOST_AUTO_TEST_CASE(inline_thunderbird_forward_names_its_zone) {
  const Read r = Receive(InlineForward(
      "-------- Forwarded Message --------\r\n"
      "Subject: \tCounter-notice\r\n"
      "Date: \tSat, 21 Nov 2026 08:30:00 +0100\r\n"
      "From: \tA. Uploader <uploader@example.net>\r\n"
      "To: \tlegal@wikimedia.org\r\n"), WallClock{});
  BOOST_TEST_REQUIRE(r.receipt.has_value());
  BOOST_TEST(r.receipt->at == "2026-11-21T07:30:00Z");
  BOOST_TEST(r.receipt->source == kSourceOriginalDate);
}

BOOST_AUTO_TEST_CASE(inline_forward_of_an_inline_forward) {
  // Sam forwarded Robin's Gmail forward of the uploader's message: the innermost block is the
  // original's.
  const Read r = Receive(InlineForward(
      "---------- Forwarded message ---------\r\n"
      "From: Robin Legal <robin@wikimedia.org>\r\n"
      "Date: Sat, Nov 21, 2026 at 10:02 AM\r\n"
      "Subject: Fwd: Counter-notice\r\n"
      "To: <sam@wikimedia.org>\r\n\r\n"
      "For you.\r\n\r\n"
      "---------- Forwarded message ---------\r\n"
      "From: A. Uploader <uploader@example.net>\r\n"
      "Date: Fri, Nov 20, 2026 at 11:30 PM\r\n"
      "Subject: Counter-notice\r\n"
      "To: <legal@wikimedia.org>\r\n"));
  BOOST_TEST(r.notice.original.forward_depth == 2);
  BOOST_TEST(r.notice.original.from.value_or("") == "A. Uploader <uploader@example.net>");
  BOOST_TEST_REQUIRE(r.receipt.has_value());
  BOOST_TEST(r.receipt->at == "2026-11-21T07:30:00Z");
  BOOST_TEST(r.receipt->source == kSourceOriginalDate);
}

BOOST_AUTO_TEST_CASE(french_attribution_forward) {
  // Outlook for Mac forwards as a quotation under "Le …, … a écrit :".
  const Read r = Receive(InlineForward(
      "Le ven. 20 nov. 2026 à 23:30, A. Uploader <uploader@example.net> a écrit :\r\n"
      "> Bonjour,"));
  BOOST_TEST(r.notice.original.forward_depth == 1);
  BOOST_TEST_REQUIRE(r.receipt.has_value());
  BOOST_TEST(r.receipt->at == "2026-11-21T07:30:00Z");
  BOOST_TEST(r.receipt->source == kSourceOriginalDate);
}

BOOST_AUTO_TEST_CASE(unreadable_dates_give_nothing) {
  const Read r = Receive(
      "Received: from somewhere; not a date at all\r\nReceived: no semicolon here\r\n"
      "From: A. Uploader <uploader@example.net>\r\nDate: yesterday-ish\r\n\r\n" +
      std::string(kCounterNotice));
  BOOST_TEST(!r.receipt.has_value());
  BOOST_TEST(!Receive("").receipt.has_value());
  BOOST_TEST(!Receive("\r\n\r\n\xff\xfe garbage").receipt.has_value());
  // The first readable Received wins when the topmost is broken.
  const Read s = Receive(
      "Received: by mx.example; Fri, 99 Nov 2026 25:00:00 +0000\r\n"
      "Received: from relay; Fri, 20 Nov 2026 23:30:12 -0800\r\n"
      "From: A. Uploader <uploader@example.net>\r\n\r\n" + std::string(kCounterNotice));
  BOOST_TEST_REQUIRE(s.receipt.has_value());
  BOOST_TEST(s.receipt->at == "2026-11-21T07:30:12Z");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::parsers::notice
