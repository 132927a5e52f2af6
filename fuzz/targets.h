#pragma once

#include <string_view>
#include <vector>

namespace dmca::fuzz {

// Every fuzz target: a name (its folder under fuzz/corpus/ and its harness, <name>_fuzzer) and
// the one entry function that both libFuzzer (fuzzer.cc) and the corpus replay in CTest
// (tests/fuzz/corpus_test.cc) call, so a crash found by either is replayed by both. Each entry
// checks the invariants that must hold for any input and aborts when one breaks, so that a
// fuzzer reports it; none may throw, hang or leak.
struct Target {
  std::string_view name;
  void (*run)(std::string_view bytes);
};

const std::vector<Target>& Targets();
// nullptr for an unknown name.
const Target* FindTarget(std::string_view name);

void ExerciseMail(std::string_view bytes);          // mail_target.cc
void ExerciseRedaction(std::string_view bytes);     // archive_target.cc: inert, no canary left
void ExerciseImapReplies(std::string_view bytes);   // mail_server_target.cc: a hostile server
void ExercisePop3Replies(std::string_view bytes);   // mail_server_target.cc
void ExerciseMediaWikiReply(std::string_view bytes);  // mediawiki_target.cc
void ExerciseUrl(std::string_view bytes);           // parser_targets.cc
void ExerciseNotice(std::string_view bytes);        // parser_targets.cc
void ExerciseDate(std::string_view bytes);          // parser_targets.cc

// Aborts with `what` unless `holds`: an invariant of a target (not an assert: kept in every
// build, the fuzzers run optimized).
void Require(bool holds, const char* what);

}  // namespace dmca::fuzz
