#pragma once

#include <string>
#include <string_view>

namespace dmca::parsers::notice {

// The text of an RTF document (Outlook's PR_RTF_COMPRESSED body, once decompressed), UTF-8:
// paragraphs and line breaks as "\n", "\'hh" read in windows-1252, "\uN" as the character,
// destinations that hold no text (font and colour tables, pictures, "\*" groups) dropped.
// Not a renderer: enough to read a notice whose only body is RTF. Never fails.
std::string RtfToText(std::string_view rtf);

}  // namespace dmca::parsers::notice
