#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dmca::archive {

// Archive text is data, never markup (DOMAIN.md "Redaction of public copies"). These make any
// UTF-8 text inert where it is placed; each is pure and total.

// Text that renders literally anywhere in wikitext, including a template parameter and a
// heading: every character that can start markup is written as an HTML character reference,
// which MediaWiki (and a browser) displays as the character itself:
//   & < > { } [ ] | ~ = ' " as &amp; &lt; &gt; &#123; &#125; &#91; &#93; &#124; &#126; &#61;
//   &#39; &quot;  (so no </nowiki>, tag, template, link, pipe, ~~~~ signature, heading,
//   bold or entity survives); "_" as &#95; when doubled (no __NOTOC__ magic word); and at a
//   line start * # : ; - and a space (no list, rule "----" or preformatted block).
// C0 controls other than tab and newline are dropped, "\r\n" becomes "\n", and invalid UTF-8
// becomes U+FFFD, which MediaWiki would otherwise refuse to save.
//
// `keep` (the redaction marker) is left as written wherever it occurs when it is inert by
// itself: letters, digits, spaces, "." and "-", optionally in one pair of square brackets
// ("[redacted]": a bracket pair without a URL is not a link, and two markers side by side
// make "][", never "[[" or "]]"). Any other `keep` is escaped like the rest.
std::string WikiInert(std::string_view text, std::string_view keep = {});

// `<nowiki>` + WikiInert(text) + `</nowiki>`: the form of a notice inside {{DMCA email}}.
// Pipes are escaped even within nowiki: the parameter must not split however a wiki's
// preprocessor treats nowiki inside template arguments.
std::string NowikiParam(std::string_view text, std::string_view keep = {});

// HTML text escaping for the previews: & < > " ' as character references.
std::string HtmlEscape(std::string_view text);

// A page-title component safe in a link target, a section heading and its anchor without
// further escaping: letters and digits in any script, spaces and . , - ( ) ! + are kept;
// every other character (including the MediaWiki-illegal # < > [ ] | { } and "%", ":", "/",
// "_", "~", "=", "&", quotes) becomes a space; spaces are collapsed and trimmed; the result is
// cut to `max_bytes` on a UTF-8 boundary. Empty when nothing is left.
std::string TitleComponent(std::string_view text, std::size_t max_bytes = 120);

// "A b c" -> "A_b_c" (MediaWiki's URL/title form).
std::string Underscores(std::string_view title);

// Replaces invalid UTF-8 sequences by U+FFFD.
std::string ValidUtf8(std::string_view text);

}  // namespace dmca::archive
