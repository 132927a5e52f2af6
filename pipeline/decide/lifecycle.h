#pragma once

#include <optional>

#include "archive/render.h"
#include "pipeline/model/case.h"

namespace dmca::pipeline {

// The rules of the case lifecycle that the command line and the dashboard share (STYLE.md:
// only pipeline/ knows them).

// Whether the case's public pages exist: a takedown staff acted on (executed or published),
// and the counter-notices and retractions that answer one.
bool Publishable(const model::Case& c);

// The letter a case's sender gets: the copy of a complete counter-notice forwarded to the
// complainant (§512(g)(2)(B)), the deficiency letter of an incomplete notice
// (§512(c)(3)(B)(ii)) or counter-notice, else the acknowledgement (a complaint routed elsewhere,
// a retraction).
archive::LetterKind LetterFor(const model::Case& c);

}  // namespace dmca::pipeline
