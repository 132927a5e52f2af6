#pragma once

#include <cstddef>
#include <string_view>

#include "parsers/notice/notice.h"
#include "parsers/notice/text_scan.h"

namespace dmca::parsers::notice {

// True when the line holding `pos` is something the sender asserts, false when it only names
// or asks for a statement: a heading ("6. Good-Faith Belief Statement"), a web form's question
// or instruction ("Do you have a good faith belief…?", "Type (or copy and paste) the following
// statement: …", "Please type your full name for your signature"), or a quotation of the
// statute ("A statement that the complaining party has a good faith belief…",
// 17 U.S.C. §512(c)(3)(A)(v)). A form's question asserts it when its answer does ("Yes", "I
// agree"); then `answer_end`, when given, is set to where that answer ends.
bool IsAssertedAt(const ScanText& text, std::size_t pos, std::size_t* answer_end = nullptr);

// §512(c)(3)(A)(i) / §512(g)(3)(A): the signature is a name closing the notice (after a closing
// formula, or opening the last block), "/s/ Name", a "Signed:"/"Signature:" line with its name,
// or the answer to a form's signature question. A question asking for one is not a signature.
Element SignatureElement(const ScanText& text, const Fields& fields);

}  // namespace dmca::parsers::notice
