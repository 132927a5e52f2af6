#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "archive/render.h"
#include "pipeline/model/case.h"

namespace dmca::archive::testing {

// A golden fixture: tests/data/archive/render/<name>/input.json, a Case written by hand.
//   {"original": {from,to,date,subject}, "kind": "takedown", "body": str,
//    "fields": {"sender": {name, organisation, emails[], phones[], addresses[]},
//               "principal", "works"[], "signature", "date_sent"},
//    "missing": [..], "attachments": [filename..],
//    "targets": [{url, site, title, in_scope, spoof, uploader, state}],
//    "must_not_contain": [..], "must_contain": [..]}
struct Fixture {
  std::string name;
  std::filesystem::path dir;
  model::Case c;
  std::vector<std::string> must_not_contain;
  std::vector<std::string> must_contain;
};

Fixture LoadFixture(const std::filesystem::path& dir);
std::vector<Fixture> LoadFixtures(const std::string& area);  // every dir under tests/data/archive/<area>
// Every page the render fixtures' cases publish, in fixture order.
std::vector<Page> AllFixturePages();
std::string ReadFile(const std::filesystem::path& path);
void WriteFile(const std::filesystem::path& path, const std::string& text);
// Set DMCA_UPDATE_GOLDEN=1 to rewrite expected files instead of comparing.
bool UpdateGolden();

}  // namespace dmca::archive::testing
