// The IMAP protocol layer without a server: tokenizing, quoting, mailbox names.
#include "pipeline/sources/imap_client.h"

#include <boost/test/unit_test.hpp>

namespace dmca::pipeline::imap {
namespace {

BOOST_AUTO_TEST_CASE(tokenize_fetch_with_literal) {
  Response r;
  r.tag = "*";
  r.segments = {"12 FETCH (FLAGS (\\Seen $X) UID 7 BODY[] ", " INTERNALDATE \"17-Jul-1996\")"};
  r.literals = {"a)\r\n\"b\" {3}\r\n"};
  std::vector<Token> t = Tokenize(r);
  BOOST_REQUIRE(t.size() == 15u);
  BOOST_TEST(t[0].value == "12");
  BOOST_TEST(t[1].value == "FETCH");
  BOOST_TEST((t[2].kind == Token::Kind::kOpen));
  BOOST_TEST(t[4].value == "(");
  BOOST_TEST(t[5].value == "\\Seen");
  BOOST_TEST(t[9].value == "7");
  BOOST_TEST(t[10].value == "BODY[]");
  BOOST_TEST((t[11].kind == Token::Kind::kString));
  BOOST_TEST(t[11].value == "a)\r\n\"b\" {3}\r\n");
  BOOST_TEST(t[13].value == "17-Jul-1996");
  BOOST_TEST((t[14].kind == Token::Kind::kClose));
}

BOOST_AUTO_TEST_CASE(tokenize_quoted_nil_and_sections) {
  Response r;
  r.segments = {"OK [UIDVALIDITY 3857529045] \"a \\\"q\\\" \\\\\" nil BODY[HEADER.FIELDS (FROM)]"};
  std::vector<Token> t = Tokenize(r);
  BOOST_REQUIRE(t.size() == 5u);
  BOOST_TEST(t[1].value == "[UIDVALIDITY 3857529045]");
  BOOST_TEST(t[2].value == "a \"q\" \\");
  BOOST_TEST((t[3].kind == Token::Kind::kNil));
  BOOST_TEST(t[4].value == "BODY[HEADER.FIELDS (FROM)]");
  // An unterminated quoted string stops the tokens, it does not throw.
  r.segments = {"SEARCH \"open"};
  BOOST_TEST(Tokenize(r).size() == 1u);
}

BOOST_AUTO_TEST_CASE(quote_or_literal) {
  BOOST_TEST(*Quote("s3cret word") == "\"s3cret word\"");
  BOOST_TEST(*Quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  BOOST_TEST(!Quote("line\r\nbreak").has_value());
  BOOST_TEST(!Quote("gr\xc3\xbc\xc3\x9f").has_value());
}

BOOST_AUTO_TEST_CASE(modified_utf7_mailbox_names) {
  // RFC 3501 §5.1.3's examples and the '&' escape.
  BOOST_TEST(EncodeMailboxName("INBOX") == "INBOX");
  BOOST_TEST(EncodeMailboxName("Entw\xc3\xbcrfe") == "Entw&APw-rfe");
  BOOST_TEST(EncodeMailboxName(
                 "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e") ==
             "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
  BOOST_TEST(EncodeMailboxName("R&D") == "R&-D");
  BOOST_TEST(EncodeMailboxName("\xf0\x9f\x93\xa7") == "&2D3c5w-");  // U+1F4E7, a surrogate pair
}

BOOST_AUTO_TEST_CASE(response_codes) {
  BOOST_TEST(*ResponseCode("OK [UIDVALIDITY 42] UIDs valid", "UIDVALIDITY") == "42");
  BOOST_TEST(*ResponseCode("NO [TRYCREATE] Mailbox doesn't exist", "trycreate") == "");
  BOOST_TEST(!ResponseCode("NO [AUTHENTICATIONFAILED] no", "UNAVAILABLE").has_value());
}

}  // namespace
}  // namespace dmca::pipeline::imap
