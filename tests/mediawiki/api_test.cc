#include "mediawiki/api.h"

#include <boost/test/unit_test.hpp>

#include "mediawiki/client.h"

namespace dmca::mediawiki {
namespace {

const std::string kCommons = "commons.wikimedia.org";

// The value of `key` in `params`, or "<absent>".
std::string Get(const Params& params, const std::string& key) {
  for (const auto& [k, v] : params) {
    if (k == key) return v;
  }
  return "<absent>";
}

BOOST_AUTO_TEST_SUITE(api)

BOOST_AUTO_TEST_CASE(form_encoding_keeps_unreserved_bytes_and_escapes_the_rest) {
  // RFC 3986 §2.3 unreserved: ALPHA DIGIT - . _ ~ stay; everything else is %XX of its UTF-8.
  BOOST_TEST(FormEncode({{"title", "File:Café & co.png"}, {"reason", "a+b=c/d~e_f.g-h"}}) ==
             "title=File%3ACaf%C3%A9%20%26%20co.png&reason=a%2Bb%3Dc%2Fd~e_f.g-h");
  BOOST_TEST(FormEncode({{"q", "?#%[]@!$'()*,;"}}) ==
             "q=%3F%23%25%5B%5D%40%21%24%27%28%29%2A%2C%3B");
  // Four-byte UTF-8 (U+1F600) and a right-to-left title: every byte escaped, upper-case hex.
  BOOST_TEST(FormEncode({{"t", "\xF0\x9F\x98\x80"}}) == "t=%F0%9F%98%80");
  BOOST_TEST(FormEncode({{"t", "ملف:شمس.jpg"}}) == "t=%D9%85%D9%84%D9%81%3A%D8%B4%D9%85%D8%B3.jpg");
  // Line breaks of wikitext and the token's "+\" survive the round trip.
  BOOST_TEST(FormEncode({{"text", "a\r\nb"}, {"token", "ab+\\"}}) ==
             "text=a%0D%0Ab&token=ab%2B%5C");
  BOOST_TEST(FormEncode({{"empty", ""}, {"k y", "v"}}) == "empty=&k%20y=v");
  BOOST_TEST(FormEncode({}).empty());
}

BOOST_AUTO_TEST_CASE(file_evidence_asks_for_every_upload) {
  const ApiCall call = FileEvidenceQuery(kCommons, "File:Sunset over the Bay.jpg");
  BOOST_TEST(call.site == kCommons);
  BOOST_TEST(call.method == "POST");
  BOOST_TEST(!call.needs_token);
  BOOST_TEST(FormEncode(call.params) ==
             "action=query&prop=imageinfo%7Cinfo&titles=File%3ASunset%20over%20the%20Bay.jpg"
             "&iiprop=user%7Cuserid%7Ctimestamp%7Csha1%7Csize&iilimit=max"
             "&format=json&formatversion=2");
  BOOST_TEST(call.summary == "evidence of File:Sunset over the Bay.jpg on commons.wikimedia.org");
}

BOOST_AUTO_TEST_CASE(file_evidence_continues_from_the_next_older_version) {
  // What ParseEvidence gave from the previous reply: the iistart of its "continue".
  const ApiCall call = FileEvidenceQuery(kCommons, "File:A.jpg", "2026-12-01T20:52:37Z");
  BOOST_TEST(FormEncode(call.params) ==
             "action=query&prop=imageinfo%7Cinfo&titles=File%3AA.jpg"
             "&iiprop=user%7Cuserid%7Ctimestamp%7Csha1%7Csize&iilimit=max"
             "&iistart=2026-12-01T20%3A52%3A37Z&format=json&formatversion=2");
}

BOOST_AUTO_TEST_CASE(reads_carry_their_parameters_in_order) {
  BOOST_TEST(FormEncode(PageCreatorQuery("en.wikipedia.org", "Sunset").params) ==
             "action=query&prop=revisions%7Cinfo&titles=Sunset&rvprop=ids%7Cuser%7Ctimestamp"
             "&rvdir=newer&rvlimit=1&format=json&formatversion=2");
  BOOST_TEST(FormEncode(PageEditorsQuery("en.wikipedia.org", "Sunset", 10).params) ==
             "action=query&prop=revisions&titles=Sunset&rvprop=ids%7Cuser%7Ctimestamp"
             "&rvdir=older&rvlimit=10&format=json&formatversion=2");
  BOOST_TEST(FormEncode(LogQuery(kCommons, "File:A.jpg", "delete").params) ==
             "action=query&list=logevents&letype=delete&letitle=File%3AA.jpg"
             "&leprop=ids%7Ctitle%7Ctype%7Cuser%7Ctimestamp%7Ccomment%7Ctags&lelimit=50"
             "&format=json&formatversion=2");
  BOOST_TEST(FormEncode(ProtectionQuery(kCommons, "File:A.jpg").params) ==
             "action=query&prop=info&inprop=protection&titles=File%3AA.jpg"
             "&format=json&formatversion=2");
  BOOST_TEST(FormEncode(TagsQuery(kCommons).params) ==
             "action=query&list=tags&tgprop=defined%7Cactive&tglimit=max"
             "&format=json&formatversion=2");
  BOOST_TEST(FormEncode(UserInfoQuery(kCommons).params) ==
             "action=query&meta=userinfo&format=json&formatversion=2");
  for (const ApiCall& read : {PageCreatorQuery(kCommons, "X"), PageEditorsQuery(kCommons, "X", 3),
                              LogQuery(kCommons, "X", "protect"), ProtectionQuery(kCommons, "X"),
                              TagsQuery(kCommons), UserInfoQuery(kCommons)}) {
    BOOST_TEST(!read.needs_token, read.summary);
    BOOST_TEST(Get(read.params, "token") == "<absent>", read.summary);
    BOOST_TEST(read.site == kCommons);
    BOOST_TEST(!read.summary.empty());
  }
  BOOST_TEST(LogQuery(kCommons, "X", "protect").summary == "protect log of X on " + kCommons);
}

BOOST_AUTO_TEST_CASE(delete_carries_the_tag_only_when_set_and_the_token_last) {
  const ApiCall tagged =
      DeleteCall(kCommons, "File:A.jpg", "Office action: see [[wmf:X]]", "dmca-takedown");
  BOOST_TEST(tagged.needs_token);
  BOOST_TEST(FormEncode(tagged.params) ==
             "action=delete&title=File%3AA.jpg&reason=Office%20action%3A%20see%20%5B%5Bwmf%3AX"
             "%5D%5D&tags=dmca-takedown&format=json&formatversion=2&token=%3Ccsrf-token%3E");
  BOOST_TEST(tagged.summary == "delete File:A.jpg on commons.wikimedia.org");
  const ApiCall untagged = DeleteCall(kCommons, "File:A.jpg", "r", "");
  BOOST_TEST(FormEncode(untagged.params) ==
             "action=delete&title=File%3AA.jpg&reason=r&format=json&formatversion=2"
             "&token=%3Ccsrf-token%3E");
  BOOST_TEST(Get(untagged.params, "tags") == "<absent>");
}

BOOST_AUTO_TEST_CASE(protect_and_undelete_parameters) {
  const ApiCall protect =
      ProtectCall(kCommons, "File:A.jpg", "create=sysop", "infinite", "r", "dmca-takedown");
  BOOST_TEST(FormEncode(protect.params) ==
             "action=protect&title=File%3AA.jpg&protections=create%3Dsysop&expiry=infinite"
             "&reason=r&tags=dmca-takedown&format=json&formatversion=2&token=%3Ccsrf-token%3E");
  BOOST_TEST(protect.summary == "protect (create=sysop) File:A.jpg on commons.wikimedia.org");
  BOOST_TEST(protect.needs_token);
  const ApiCall lift = ProtectCall(kCommons, "File:A.jpg", "create=all", "infinite", "r", "");
  BOOST_TEST(Get(lift.params, "protections") == "create=all");
  BOOST_TEST(Get(lift.params, "tags") == "<absent>");

  const ApiCall undelete = UndeleteCall(kCommons, "File:A.jpg", "restored, see $1", "t");
  // Neither timestamps nor fileids: every deleted revision and file version comes back.
  BOOST_TEST(FormEncode(undelete.params) ==
             "action=undelete&title=File%3AA.jpg&reason=restored%2C%20see%20%241&tags=t"
             "&format=json&formatversion=2&token=%3Ccsrf-token%3E");
  BOOST_TEST(undelete.needs_token);
}

BOOST_AUTO_TEST_CASE(edits_for_each_mode) {
  Edit create{.site = "foundation.wikimedia.org",
              .title = "Legal:DMCA X",
              .mode = EditMode::kCreate,
              .text = "page",
              .section_title = "",
              .summary = "new notice"};
  BOOST_TEST(FormEncode(EditCall(create, "").params) ==
             "action=edit&title=Legal%3ADMCA%20X&text=page&createonly=1&summary=new%20notice"
             "&watchlist=nochange&format=json&formatversion=2&token=%3Ccsrf-token%3E");
  BOOST_TEST(EditCall(create, "").summary == "create Legal:DMCA X on foundation.wikimedia.org");

  Edit append = create;
  append.mode = EditMode::kAppend;
  append.text = "* line";
  const ApiCall appended = EditCall(append, "dmca-takedown");
  BOOST_TEST(Get(appended.params, "appendtext") == "\n\n* line");
  BOOST_TEST(Get(appended.params, "nocreate") == "1");
  BOOST_TEST(Get(appended.params, "text") == "<absent>");
  BOOST_TEST(Get(appended.params, "createonly") == "<absent>");
  BOOST_TEST(Get(appended.params, "tags") == "dmca-takedown");

  Edit section = create;
  section.mode = EditMode::kNewSection;
  section.section_title = "DMCA takedown";
  section.text = "Your upload was removed.";
  const ApiCall talk = EditCall(section, "");
  BOOST_TEST(FormEncode(talk.params) ==
             "action=edit&title=Legal%3ADMCA%20X&section=new&sectiontitle=DMCA%20takedown"
             "&text=Your%20upload%20was%20removed.&summary=new%20notice&watchlist=nochange"
             "&format=json&formatversion=2&token=%3Ccsrf-token%3E");
  for (const ApiCall& call : {EditCall(create, "t"), appended, talk}) {
    BOOST_TEST(call.needs_token);
    BOOST_TEST(call.params.back().first == "token");
    BOOST_TEST(call.params.back().second == std::string(kCsrfPlaceholder));
  }
}

BOOST_AUTO_TEST_CASE(describe_hides_passwords_and_real_tokens) {
  const ApiCall login{.site = kCommons,
                      .method = "POST",
                      .params = {{"action", "login"},
                                 {"lgname", "DMCA-Bot@dmca"},
                                 {"lgpassword", "hunter2secret"},
                                 {"lgtoken", "9ed1499d99c0+\\"}},
                      .summary = "login",
                      .needs_token = false};
  BOOST_TEST(Describe(login) ==
             "POST commons.wikimedia.org action=login&lgname=DMCA-Bot%40dmca&lgpassword=%2A%2A%2A"
             "&lgtoken=%2A%2A%2A");

  ApiCall planned = DeleteCall(kCommons, "File:A.jpg", "r", "");
  // A planned call shows its placeholder: nothing secret in it yet.
  BOOST_TEST(Describe(planned) ==
             "POST commons.wikimedia.org action=delete&title=File%3AA.jpg&reason=r&format=json"
             "&formatversion=2&token=%3Ccsrf-token%3E");
  planned.params = PrepareParams(planned, "d41d8cd98f00b204+\\", 5);
  const std::string shown = Describe(planned);
  BOOST_TEST(shown.find("d41d8cd98f00b204") == std::string::npos);
  BOOST_TEST(shown.ends_with("&maxlag=5&token=%2A%2A%2A"));

  const ApiCall account{.site = kCommons,
                        .method = "POST",
                        .params = {{"action", "createaccount"}, {"password", "pw-secret"}},
                        .summary = "",
                        .needs_token = false};
  BOOST_TEST(Describe(account).find("pw-secret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(prepare_puts_maxlag_before_the_token_of_a_write) {
  const ApiCall call = DeleteCall(kCommons, "File:A.jpg", "r", "dmca-takedown");
  const Params p = PrepareParams(call, "tok+\\", 5);
  BOOST_TEST(FormEncode(p) ==
             "action=delete&title=File%3AA.jpg&reason=r&tags=dmca-takedown&format=json"
             "&formatversion=2&maxlag=5&token=tok%2B%5C");
  // The planned call itself is left as it was (it may be described or sent again).
  BOOST_TEST(call.params.back().second == std::string(kCsrfPlaceholder));
  // maxlag 0: not sent.
  BOOST_TEST(FormEncode(PrepareParams(call, "tok", 0)) ==
             "action=delete&title=File%3AA.jpg&reason=r&tags=dmca-takedown&format=json"
             "&formatversion=2&token=tok");
}

BOOST_AUTO_TEST_CASE(prepare_puts_maxlag_at_the_end_of_a_read) {
  const ApiCall read = ProtectionQuery(kCommons, "File:A.jpg");
  BOOST_TEST(FormEncode(PrepareParams(read, "unused", 7)) ==
             "action=query&prop=info&inprop=protection&titles=File%3AA.jpg&format=json"
             "&formatversion=2&maxlag=7");
  BOOST_TEST((PrepareParams(read, "unused", 0) == read.params));
}

BOOST_AUTO_TEST_CASE(substitute_replaces_every_placeholder) {
  BOOST_TEST(Substitute("Office action: DMCA takedown, see $1", "[[wmf:Legal:DMCA_X]]") ==
             "Office action: DMCA takedown, see [[wmf:Legal:DMCA_X]]");
  BOOST_TEST(Substitute("$1 and $1", "L") == "L and L");
  BOOST_TEST(Substitute("no placeholder", "L") == "no placeholder");
  BOOST_TEST(Substitute("$1", "") == "");
  // A link that itself holds "$1" is put in once, not expanded again.
  BOOST_TEST(Substitute("see $1.", "[[a$1b]]") == "see [[a$1b]].");
  BOOST_TEST(Substitute("$12", "L") == "L2");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::mediawiki
