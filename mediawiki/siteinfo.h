#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/base/status.h"

namespace dmca::mediawiki {

// The namespace names of a wiki from the Action API's siteinfo reply
// (action=query&meta=siteinfo&siprop=namespaces|namespacealiases&format=json, either format
// version): every local name, canonical name and alias, each mapped to the canonical English
// name ("Fitxer" -> "File", "Imatge" -> "File"). The main namespace has no name and is left
// out. InvalidArgument when the reply is not such a JSON object.
Result<std::vector<std::pair<std::string, std::string>>> ParseSiteInfoNamespaces(
    std::string_view json);

// Reads every "<site>.json" siteinfo reply in `dir` (e.g. ca.wikipedia.org.json) and registers
// its namespaces for that site with parsers::wikiurl::RegisterNamespaces. Returns how many
// sites were loaded; a file that does not parse is an error naming it.
Result<int> LoadSiteInfoDir(const std::string& dir);

}  // namespace dmca::mediawiki
