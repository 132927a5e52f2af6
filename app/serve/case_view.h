#pragma once

#include <kainjow/mustache.hpp>
#include <string>
#include <vector>

#include "pipeline/model/case.h"
#include "pipeline/store/store.h"

namespace dmca::app::serve {

// The template data of a case for the dashboard: the notice text cut into segments with each
// element's evidence marked, the elements in plain words, the numbered targets with what the
// wiki reported, the links, the letters and the audit trail, and for a counter-notice the
// restoration window of §512(g)(2)(C). Only reads the case; escaping is the template's.
kainjow::mustache::data CaseView(const model::Case& c,
                                 const std::vector<pipeline::AuditRecord>& trail);

// One line of plain words for a §512 element name ("mistake_statement" -> "A statement under
// penalty of perjury that the material was removed by mistake or misidentification").
std::string ElementInPlainWords(const std::string& name);

// "https://commons.wikimedia.org/wiki/File:A_b.jpg" for a target with a site and title, else
// the URL as written (only http and https, so a "javascript:" URL never becomes a link).
std::string TargetLink(const parsers::wikiurl::Target& target);

// The counter-notice clock for a case received at `received_at` (ISO 8601): the 10th and 14th
// business days after, as "YYYY-MM-DD"; empty strings when the date cannot be read.
std::pair<std::string, std::string> RestoreWindowOf(const std::string& received_at);

}  // namespace dmca::app::serve
