#include "archive/wikitext.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "tests/archive/test_util.h"

namespace dmca::archive {
namespace {

using testing::Contains;
using testing::CountOf;

// Every construct that means something to MediaWiki's preprocessor, parser or pre-save
// transform, alone and nested.
const std::vector<std::string>& HostileCorpus() {
  static const std::vector<std::string> corpus = {
      "</nowiki>", "</NOWIKI>", "</nowiki >", "< /nowiki>", "</ nowiki>", "<nowiki/>",
      "<nowiki>", "<NoWiki >x</nOwIkI\t>", "{{", "}}", "{{{1}}}", "{{subst:PAGENAME}}",
      "{{#invoke:X|y}}", "[[", "]]", "[[Category:Spam]]", "[[File:X.jpg|thumb]]",
      "[https://evil.example click]", "|", "||", "{{!}}", "__NOTOC__", "__FORCETOC__",
      "___NOINDEX___", "~~~", "~~~~", "~~~~~", "<script>alert(1)</script>",
      "<span style=\"x\">", "<ref>x</ref>", "<pre>", "<!-- comment -->", "&lt;/nowiki&gt;",
      "&#60;/nowiki&#62;", "&amp;", "----", "\n----\n", "== Heading ==", "\n=H=\n",
      "'''bold''' ''it''", "* list", "\n# num", "\n: indent", "\n; def", "\n pre", "\n\tpre",
      "ISBN 0-306-40615-2", "RFC 1234", "{|\n|-\n|}", "<gallery>", "-{zh-hans:x}-",
      "\x01\x02\x7f", "\xff\xfe broken \xc3", "a\r\nb\rc",
      "{{DMCA email |message=<nowiki>x</nowiki>}}",
      "<nowiki>[[</nowiki>{{</nowiki><nowiki>}}]]__TOC__~~~~</NOWIKI  >|x=y",
      "{{{{{{[[[[||||]]]]}}}}}}", "<<nowiki>/nowiki>", "</no<nowiki/>wiki>"};
  return corpus;
}

std::string Decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const auto semi = s.find(';', i);
    const std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") out += '&';
    else if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "quot") out += '"';
    else if (ent.size() > 1 && ent[0] == '#') out += static_cast<char>(std::stoi(std::string(ent.substr(1))));
    else out += "?";
    i = semi;
  }
  return out;
}

void CheckInert(const std::string& in, const std::string& out) {
  for (char c : std::string("<>{}[]|~'\"=")) {
    BOOST_TEST(out.find(c) == std::string::npos, "raw '" << c << "' from " << in);
  }
  BOOST_TEST(!Contains(out, "__"), "magic word from " << in);
  BOOST_TEST(!Contains(out, "\r"));
  for (std::size_t i = 0; i < out.size(); ++i) {
    const bool line_start = i == 0 || out[i - 1] == '\n';
    if (line_start) {
      BOOST_TEST(std::string("*#:; -\t").find(out[i]) == std::string::npos,
                 "line starts with '" << out[i] << "' from " << in);
    }
    if (out[i] == '&') {
      const auto semi = out.find(';', i);
      BOOST_REQUIRE(semi != std::string::npos);
      const std::string ent = out.substr(i, semi - i + 1);
      BOOST_TEST((ent == "&amp;" || ent == "&lt;" || ent == "&gt;" || ent == "&quot;" ||
                  (ent.size() >= 4 && ent[1] == '#' &&
                   ent.find_first_not_of("0123456789", 2) == ent.size() - 1)),
                 "odd entity " << ent);
    }
    BOOST_TEST((static_cast<unsigned char>(out[i]) >= 0x20 || out[i] == '\n' || out[i] == '\t'));
  }
}

BOOST_AUTO_TEST_CASE(hostile_corpus_comes_out_inert) {
  std::string nested;
  for (const auto& item : HostileCorpus()) {
    CheckInert(item, WikiInert(item));
    nested = "<nowiki>" + item + nested + item + "</nowiki>";
  }
  CheckInert(nested, WikiInert(nested));
  std::string all;
  for (const auto& item : HostileCorpus()) all += item + "\n";
  CheckInert(all, WikiInert(all));
}

BOOST_AUTO_TEST_CASE(inert_text_reads_back_as_written) {
  for (std::string_view in : {"{{a|b}} [[c]] ~~~~ __NOTOC__ <x> & 'q' \"d\" =e",
                              "----\n* item\n# n\n: i\n; d\n pre", "plain text, Café 東京 ✓"}) {
    BOOST_TEST(Decode(WikiInert(in)) == in);
  }
}

BOOST_AUTO_TEST_CASE(urls_stay_readable) {
  const std::string url = "https://commons.wikimedia.org/wiki/File:Sunset_1.jpg?a=1&b=2";
  BOOST_TEST(WikiInert(url) == "https://commons.wikimedia.org/wiki/File:Sunset_1.jpg?a&#61;1&amp;b&#61;2");
}

BOOST_AUTO_TEST_CASE(nowiki_param_has_exactly_one_pair) {
  for (const auto& item : HostileCorpus()) {
    const std::string out = NowikiParam(item);
    BOOST_TEST(out.rfind("<nowiki>", 0) == 0u);
    BOOST_TEST(out.ends_with("</nowiki>"));
    BOOST_TEST(CountOf(out, "<") == 2u);
    BOOST_TEST(CountOf(out, ">") == 2u);
    BOOST_TEST(!Contains(out, "|"));
  }
}

BOOST_AUTO_TEST_CASE(html_escape) {
  BOOST_TEST(HtmlEscape("<a href=\"x\">T&amp;'s</a>") ==
             "&lt;a href=&quot;x&quot;&gt;T&amp;amp;&#39;s&lt;/a&gt;");
  BOOST_TEST(HtmlEscape("\xff") == "\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(title_component) {
  BOOST_TEST(TitleComponent("Example Studios LLC") == "Example Studios LLC");
  BOOST_TEST(TitleComponent("File:Sunset_[1]{x}|#<y>.jpg") == "File Sunset 1 x y .jpg");
  BOOST_TEST(TitleComponent("  ..Tōkyō 東京 50% ~~~~ a&b  ") == "Tōkyō 東京 50 a b");
  BOOST_TEST(TitleComponent("<<>>").empty());
  const std::string long_title(300, 'x');
  BOOST_TEST(TitleComponent(long_title).size() == 120u);
  BOOST_TEST(TitleComponent(std::string(50, 'x') + "é", 51) == std::string(50, 'x'));
  BOOST_TEST(Underscores("Legal:DMCA Example - A.jpg") == "Legal:DMCA_Example_-_A.jpg");
}

}  // namespace
}  // namespace dmca::archive

namespace dmca::archive {
namespace {

BOOST_AUTO_TEST_CASE(inert_marker_is_kept_literally) {
  BOOST_TEST(WikiInert("[redacted] <[redacted]>", "[redacted]") == "[redacted] &lt;[redacted]&gt;");
  BOOST_TEST(WikiInert("[x][redacted][[y]]", "[redacted]") == "&#91;x&#93;[redacted]&#91;&#91;y&#93;&#93;");
  BOOST_TEST(WikiInert("a\n[redacted]\n- b", "[redacted]") == "a\n[redacted]\n&#45; b");
  // A marker that is markup itself is escaped like any text.
  BOOST_TEST(WikiInert("x {{r}} y", "{{r}}") == "x &#123;&#123;r&#125;&#125; y");
  BOOST_TEST(WikiInert("x [[r]] y", "[[r]]") == "x &#91;&#91;r&#93;&#93; y");
  BOOST_TEST(NowikiParam("a [redacted]", "[redacted]") == "<nowiki>a [redacted]</nowiki>");
}

}  // namespace
}  // namespace dmca::archive
