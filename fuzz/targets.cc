#include "fuzz/targets.h"

#include <cstdio>
#include <cstdlib>

namespace dmca::fuzz {

const std::vector<Target>& Targets() {
  static const std::vector<Target> kTargets = {
      {"mail", ExerciseMail},
      {"redaction", ExerciseRedaction},
      {"imap", ExerciseImapReplies},
      {"pop3", ExercisePop3Replies},
      {"mediawiki_reply", ExerciseMediaWikiReply},
      {"url", ExerciseUrl},
      {"notice", ExerciseNotice},
      {"date", ExerciseDate},
  };
  return kTargets;
}

const Target* FindTarget(std::string_view name) {
  for (const Target& target : Targets()) {
    if (target.name == name) return &target;
  }
  return nullptr;
}

void Require(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

}  // namespace dmca::fuzz
