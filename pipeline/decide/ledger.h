#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "parsers/base/status.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline {

// One file or page removed from an uploader's account by an executed takedown.
struct Strike {
  std::int64_t case_id = 0;
  std::string site;
  std::string title;
  std::string at;  // when the wiki was asked, just before the deletion (ISO 8601 UTC)
};

// The repeat-infringer ledger of 17 U.S.C. §512(i)(1)(A): per uploader (a global account, so
// across wikis), the takedowns that removed their uploads. A removal later reversed (a
// counter-notice, a retraction or staff restored it) is not a strike; nor is a target found
// missing or already gone, where the Foundation removed nothing.
struct Infringer {
  std::string user;
  std::size_t notices = 0;      // distinct takedown cases
  std::vector<Strike> strikes;  // every removal, oldest first
  std::set<std::string> sites;
  std::string first, last;  // the oldest and newest strike's time
};

// Uploaders with at least `min_notices` takedowns, the most first.
Result<std::vector<Infringer>> RepeatInfringers(Store& store, std::size_t min_notices);

}  // namespace dmca::pipeline
