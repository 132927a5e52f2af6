#include <boost/test/unit_test.hpp>
#include <random>

#include "parsers/mime/base64_blocks.h"
#include "parsers/mime/decoders.h"
#include "parsers/mime/message.h"

namespace dmca::parsers::mime {
namespace {

bool HasFinding(const Findings& findings, std::string_view code) {
  for (const auto& f : findings) {
    if (f.code == code) return true;
  }
  return false;
}

BOOST_AUTO_TEST_CASE(rfc2047_words_are_joined_before_conversion) {
  // "é" (C3 A9) split across two adjacent encoded words (RFC 2047 §6.2).
  BOOST_TEST(DecodeEncodedWords("=?UTF-8?B?Y2Fmww==?= =?UTF-8?B?qQ==?=") == "café");
  BOOST_TEST(DecodeEncodedWords("=?iso-8859-1?q?caf=E9_cr=E8me?=") == "café crème");
  BOOST_TEST(DecodeEncodedWords("plain =?utf-8?q?x?= text") == "plain x text");
  BOOST_TEST(DecodeEncodedWords("=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=") == "テスト");
  Findings findings;
  BOOST_TEST(DecodeEncodedWords("=?x-unknown?q?caf=C3=A9?=", &findings) == "café");
  BOOST_TEST(HasFinding(findings, "charset.unknown"));
}

BOOST_AUTO_TEST_CASE(rfc2231_parameters_with_continuations_and_charsets) {
  const Message m = Message::Parse(
      "Content-Type: application/pdf;\r\n name*0*=UTF-8''Gr%C3%BC%C3%9Fe;\r\n name*1=\" aus Berlin.pdf\"\r\n"
      "Content-Disposition: attachment; filename*=iso-8859-1''%E9t%E9.pdf\r\n\r\nx");
  BOOST_TEST(m.root().Filename().value_or("") == "été.pdf");
  BOOST_TEST(*m.root().content_type().Param("name") == "Grüße aus Berlin.pdf");
}

BOOST_AUTO_TEST_CASE(forgiving_decoders_report_what_they_repair) {
  Findings findings;
  BOOST_TEST(DecodeBase64("aGVs*bG8=\r\n", &findings, "1") == "hello");
  BOOST_TEST(HasFinding(findings, "mime.base64_invalid"));
  BOOST_TEST(DecodeBase64("aGVsbG8", nullptr, "1") == "hello");  // missing padding
  findings.clear();
  BOOST_TEST(DecodeQuotedPrintable("caf=c3=a9 =\r\nsoft=ZZ", &findings, "1") == "café soft=ZZ");
  BOOST_TEST(HasFinding(findings, "mime.qp_invalid"));
  BOOST_TEST(DecodeUuencode("begin 644 x.txt\n#0V%T\n`\nend\n", nullptr, "1") == "Cat");
}

// The bit-at-a-time decoder the fast paths must agree with: alphabet characters (with
// base64url's) accumulate, anything else is skipped, "=" ends a block.
std::string ReferenceBase64(std::string_view in) {
  const std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  bool padded = false;
  for (const char c : in) {
    std::size_t v = alphabet.find(c);
    if (c == '-') v = 62;
    if (c == '_') v = 63;
    if (v == std::string_view::npos) {
      padded = padded || c == '=';
      continue;
    }
    if (padded) padded = false, bits = 0;
    buffer = buffer << 6 | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) bits -= 8, out += static_cast<char>(buffer >> bits & 0xFF);
  }
  return out;
}

BOOST_AUTO_TEST_CASE(base64_fast_paths_agree_with_the_reference_on_random_mail) {
  std::mt19937 random(2045);
  const std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string_view odd = "\r\n \t=-_*.\x80\xff";
  for (int round = 0; round < 2000; ++round) {
    // Lines of a random length (76 is what encoders write), sometimes with a stray character.
    const std::size_t line = 1 + random() % 100;
    const std::size_t length = random() % 600;
    std::string encoded;
    for (std::size_t i = 0; i < length; ++i) {
      encoded += random() % 200 == 0 ? odd[random() % odd.size()] : alphabet[random() % 64];
      if ((i + 1) % line == 0) encoded += round % 2 ? "\r\n" : "\n";
    }
    BOOST_TEST_CONTEXT("round " << round << ": " << encoded) {
      BOOST_TEST(DecodeBase64(encoded, nullptr, "1") == ReferenceBase64(encoded));
    }
  }
}

BOOST_AUTO_TEST_CASE(base64_blocks_stop_at_the_first_character_outside_the_alphabet) {
  std::string encoded(96, 'Q');  // "QQQQ" is 0x41 0x04 0x10
  encoded[70] = '\n';
  std::string out(96, '\0');
  const std::size_t done = DecodeBase64Blocks(
      reinterpret_cast<const unsigned char*>(encoded.data()), encoded.size(), out.data());
  BOOST_TEST((done == 64 || done == 0));  // 0 on a CPU without AVX2
  for (std::size_t i = 0; i + 3 <= done / 4 * 3; i += 3) {
    BOOST_TEST(out.substr(i, 3) == std::string("\x41\x04\x10"));
  }
}

BOOST_AUTO_TEST_CASE(nested_multipart_and_message_rfc822_paths) {
  const Message m = Message::Parse(
      "Content-Type: multipart/mixed; boundary=outer\r\n\r\n--outer\r\n"
      "Content-Type: text/plain\r\n\r\nfirst\r\n--outer\r\nContent-Type: message/rfc822\r\n\r\n"
      "Subject: inner\r\nContent-Type: multipart/alternative; boundary=in\r\n\r\n--in\r\n"
      "Content-Type: text/plain\r\n\r\ninner text\r\n--in\r\nContent-Type: text/html\r\n\r\n"
      "<p>inner</p>\r\n--in--\r\n--outer--\r\n");
  const auto leaves = m.Leaves();
  BOOST_REQUIRE_EQUAL(leaves.size(), 3u);
  BOOST_TEST(leaves[0]->path() == "1.1");
  BOOST_TEST(leaves[1]->path() == "1.2.1.1");
  BOOST_TEST(leaves[2]->path() == "1.2.1.2");
  BOOST_TEST(leaves[1]->Text().value_or("") == "inner text");
  BOOST_TEST(m.root().children()[1].children()[0].headers().Decoded("Subject").value_or("") ==
             "inner");
}

BOOST_AUTO_TEST_CASE(lenient_boundaries) {
  // Trailing white space on a delimiter, no close delimiter, a boundary that prefixes another.
  const Message m = Message::Parse(
      "Content-Type: multipart/mixed; boundary=\"ab\"\r\n\r\n--ab  \r\n"
      "Content-Type: multipart/mixed; boundary=\"abc\"\r\n\r\n--abc\r\n\r\ninner\r\n--abc--\r\n"
      "--ab\r\n\r\nlast part, never closed\r\n");
  const auto leaves = m.Leaves();
  BOOST_REQUIRE_EQUAL(leaves.size(), 2u);
  BOOST_TEST(leaves[0]->Text().value_or("") == "inner");
  BOOST_TEST(leaves[1]->Text().value_or("").rfind("last part", 0) == 0u);
  BOOST_TEST(HasFinding(m.findings(), "mime.close_delimiter_missing"));
}

BOOST_AUTO_TEST_CASE(charsets_and_invalid_bytes) {
  const Message koi8 = Message::Parse(
      "Content-Type: text/plain; charset=koi8-r\r\n\r\n\xf0\xd2\xc9\xd7\xc5\xd4");
  BOOST_TEST(koi8.root().Text().value_or("") == "Привет");
  const Message sjis = Message::Parse(
      "Content-Type: text/plain; charset=Shift_JIS\r\n\r\n\x83\x65\x83\x58\x83\x67");
  BOOST_TEST(sjis.root().Text().value_or("") == "テスト");
  Findings findings;
  const Message bad = Message::Parse("Content-Type: text/plain; charset=utf-8\r\n\r\nok \xff!");
  BOOST_TEST(bad.root().Text(&findings).value_or("") == "ok \xEF\xBF\xBD!");
  BOOST_TEST(HasFinding(findings, "charset.invalid_bytes"));
}

BOOST_AUTO_TEST_CASE(every_limit_is_a_finding_not_a_crash) {
  std::string deep;
  for (int i = 0; i < 50; ++i) {
    deep += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" +
            std::to_string(i) + "\r\n";
  }
  deep += "\r\nbottom\r\n";
  const Message nested = Message::Parse(deep);
  BOOST_TEST(HasFinding(nested.findings(), "mime.depth_limit"));

  std::string many = "Content-Type: multipart/mixed; boundary=x\r\n\r\n";
  for (int i = 0; i < 50; ++i) many += "--x\r\n\r\npart\r\n";
  Limits limits;
  limits.max_parts = 10;
  BOOST_TEST(HasFinding(Message::Parse(many, limits).findings(), "mime.part_limit"));

  limits = Limits{};
  limits.max_header_bytes = 100;
  BOOST_TEST(HasFinding(Message::Parse("Subject: " + std::string(500, 'x') + "\r\n\r\nb", limits)
                            .findings(),
                        "mime.header_size_limit"));
  limits = Limits{};
  limits.max_headers = 3;
  BOOST_TEST(HasFinding(Message::Parse("A: 1\nB: 2\nC: 3\nD: 4\n\nbody", limits).findings(),
                        "mime.header_count_limit"));
  limits = Limits{};
  limits.max_line_length = 50;
  BOOST_TEST(HasFinding(Message::Parse("X-Long: " + std::string(80, 'y') + "\n\nb", limits)
                            .findings(),
                        "mime.line_length_limit"));
}

BOOST_AUTO_TEST_CASE(garbage_never_crashes) {
  std::string junk;
  for (int i = 0; i < 20000; ++i) junk += static_cast<char>((i * 131) % 256);
  const Message m = Message::Parse(junk);
  BOOST_TEST(m.Leaves().size() >= 1u);
  BOOST_TEST(Message::Parse("").Leaves().size() == 1u);
}

}  // namespace
}  // namespace dmca::parsers::mime
