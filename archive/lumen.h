#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>

#include "archive/render.h"
#include "pipeline/model/case.h"

namespace dmca::archive {

// A takedown as Lumen's `POST /notices` body (DOMAIN.md "Lumen submissions"), redacted like
// every public copy: {"notice": {"type": "DMCA", "title", "subject", "body", "date_sent",
// "date_received", "language", "action_taken", "jurisdiction_list", "works_attributes":
// [{"description", "copyrighted_urls_attributes": [{"url"}], "infringing_urls_attributes":
// [{"url"}]}], "entity_notice_roles_attributes": [{"name": "sender"|"principal"|"recipient",
// "entity_attributes": {"name", "country_code"?}}]}}. No token: Lumen takes it in the
// X-Authentication-Token header, so the archive's copy is byte for byte what was sent.
//  * `c` lists the targets to report as infringing: the caller passes only those removed;
//    the copyrighted URLs are the notice's URLs off the Wikimedia wikis (the original works).
//  * `action_taken`: "Yes" (every target removed), "Partial", "No" (lifecycle's call).
//  * the sender is named by its organisation, never a natural person (the marker instead);
//    a country code only when the sender's address names a country.
// Keys are spelt as Lumen's NoticesController permits them: a misspelt key is silently dropped.
Poco::JSON::Object::Ptr LumenNotice(const model::Case& c, std::string_view action_taken,
                                    const RenderOptions& options = {});

// LumenNotice as compact JSON text.
std::string LumenJson(const model::Case& c, std::string_view action_taken,
                      const RenderOptions& options = {});

}  // namespace dmca::archive
