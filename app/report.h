#pragma once

#include <string>

#include "parsers/notice/understand.h"

namespace dmca::app {

// The `dmca check` report for a lawyer: the verdict, each element with the words that satisfied
// it, the targets grouped by wiki, and what to do next.
std::string FormatCheckReport(const parsers::notice::Notice& notice);

}  // namespace dmca::app
