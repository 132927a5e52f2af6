#include "parsers/notice/rtf_text.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace dmca::parsers::notice {
namespace {

BOOST_AUTO_TEST_CASE(rtf_text_reads_what_outlook_writes) {
  const std::string rtf =
      "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Calibri;}}{\\colortbl;\\red0\\green0\\blue0;}"
      "{\\*\\generator Msftedit;}\\f0 Caf\\'e9 \\u8220?quoted\\u8221?\\par second\\tab line "
      "\\{braces\\}\\par}";
  BOOST_TEST(RtfToText(rtf) ==
             "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D\nsecond\tline {braces}\n");
}

BOOST_AUTO_TEST_CASE(rtf_text_survives_hostile_input) {
  BOOST_TEST(RtfToText("").empty());
  BOOST_TEST(RtfToText("\\").empty());
  BOOST_TEST(RtfToText("\\'zz\\u").empty());
  BOOST_TEST(RtfToText(std::string(100000, '{') + "x" + std::string(100000, '}')) == "x");
  BOOST_TEST(RtfToText("\\u-3913?x") == "\xEF\x82\xB7x");
}

}  // namespace
}  // namespace dmca::parsers::notice
