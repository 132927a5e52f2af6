#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dmca::archive {

// What the transparency report counts of one case (pipeline/publish/stats_facts.cc derives it
// from the lifecycle: only pipeline/ knows what "acted on" means). No personal data.
struct CaseFacts {
  std::string received;               // "YYYY-MM-DD": the case is counted in this month and year
  std::string kind;                   // "takedown", "counter_notice", "retraction", "other"
  std::string verdict;                // "complete", "deficient", "not_a_notice"
  bool acted = false;                 // takedown: some material removed
  bool acted_partially = false;       // removed, but not every target named
  bool rejected = false;              // staff declined to act
  bool counter_noticed = false;       // a counter-notice answered it
  bool restored = false;              // its material was put back
  bool retracted = false;             // the complainant withdrew it
  std::optional<int> days_to_action;  // receipt to removal, in days
};

// One period's counts (a month "2026-11" or a year "2026").
struct PeriodStats {
  std::string period;
  int received = 0;  // takedown notices received
  int complete = 0;
  int deficient = 0;
  int not_a_notice = 0;
  int acted_fully = 0;
  int acted_partially = 0;
  int rejected = 0;
  int counter_noticed = 0;
  int restored = 0;
  int retracted = 0;
  std::optional<double> median_days_to_action;
};

struct Stats {
  std::vector<PeriodStats> months;  // oldest first, only months with cases
  std::vector<PeriodStats> years;
};

// Counts of takedowns by the month and year they were received (counter-notices and
// retractions are counted on the takedown they answer, through its facts).
Stats ComputeStats(const std::vector<CaseFacts>& facts);

// "period,received,complete,...,median_days_to_action" then the months, then the years.
std::string StatsCsv(const Stats& stats);
// {"months": [{...}], "years": [{...}]} with the CSV's column names.
std::string StatsJson(const Stats& stats);
// A self-contained HTML page: per-year and per-month tables, and bar charts as inline SVG
// (no JavaScript, no external resource).
std::string StatsHtml(const Stats& stats);

}  // namespace dmca::archive
