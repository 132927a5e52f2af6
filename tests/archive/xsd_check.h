#pragma once

#include <string>
#include <vector>

namespace dmca::testing {

// Validates a MediaWiki XML export against archive/schema/export-0.11.xsd (as MediaWiki ships
// it) with libxml2; its import of W3C's xml.xsd is served from archive/schema/xml.xsd. Returns
// libxml2's messages: empty when the document is valid.
std::vector<std::string> ValidateExport(const std::string& xml);

}  // namespace dmca::testing
