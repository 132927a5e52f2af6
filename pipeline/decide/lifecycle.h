#pragma once

#include <optional>

#include "archive/render.h"
#include "pipeline/model/case.h"

#include <cstddef>
#include <vector>

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

// The targets of `takedown` (0-based positions) that a counter-notice or retraction `answer`
// concerns: the deleted ones it names by site and title. A retraction that names none withdraws
// the whole notice: every deleted target. A counter-notice that names none concerns none: the
// uploader must identify the material (§512(g)(3)(B)).
std::vector<std::size_t> AnsweredTargets(const model::Case& takedown, const model::Case& answer,
                                         model::TargetState state = model::TargetState::kDeleted);

}  // namespace dmca::pipeline
