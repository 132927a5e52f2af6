#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/base/finding.h"

namespace dmca::parsers::wikiurl {

// A URL named in a notice, resolved to the Wikimedia page or file it designates
// (DOMAIN.md "Wikimedia URLs"): site is the wiki host without "m." (en.wikipedia.org,
// commons.wikimedia.org); title is MediaWiki's normal form (percent-decoded UTF-8, spaces,
// canonical English namespace, first letter upper-cased where the wiki capitalizes).
struct Target {
  std::string url;                   // as written in the notice (trimmed of prose punctuation)
  std::optional<std::string> site;   // set when the host is a Wikimedia wiki (or upload host)
  std::optional<std::string> title;  // nullopt when the URL names no page (a search, ?curid=)
  bool in_scope = false;             // a Wikimedia host with a resolvable title
  bool spoof = false;                // a look-alike of a Wikimedia host: never in scope
  std::optional<std::int64_t> oldid; // index.php?oldid=
  std::optional<std::int64_t> curid; // ?curid=N: needs an API lookup to get the title
  Findings findings;                 // why a URL is not in scope, bad encodings...
};

// Resolves one URL. Never fails: a bad URL gives a Target with in_scope false and a finding.
Target Resolve(std::string_view url);

// Every http(s) URL in prose, in order of appearance, each once: angle brackets and trailing
// punctuation removed, a URL broken across lines by a mail client re-joined, bare
// "xx.wikipedia.org/wiki/..." forms without a scheme recognized.
std::vector<std::string> ExtractUrls(std::string_view text);

// Localized namespace names and aliases of one wiki, each mapped to its canonical English name
// ("Fitxer" -> "File"), as the API's siteinfo lists them (mediawiki/siteinfo.h reads a reply).
// They take precedence over the built-in table for `site` from then on. Thread-safe.
void RegisterNamespaces(const std::string& site,
                        const std::vector<std::pair<std::string, std::string>>& aliases);

}  // namespace dmca::parsers::wikiurl
