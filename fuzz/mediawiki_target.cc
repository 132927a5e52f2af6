// A MediaWiki reply body, as a hostile or broken wiki (or a proxy in front of it) could send
// it, through every reader of mediawiki/reply.h and the siteinfo reader. The readers promise a
// Status for anything unexpected, never an exception (STYLE.md); Poco's JSON parser throws,
// so this checks that every throw is caught at the adapter.
#include <string>

#include "fuzz/targets.h"
#include "mediawiki/reply.h"
#include "mediawiki/siteinfo.h"

namespace dmca::fuzz {

void ExerciseMediaWikiReply(std::string_view bytes) {
  (void)mediawiki::ParseReply(bytes);
  if (auto token = mediawiki::ParseToken(bytes, "csrf"); token.ok()) {
    Require(!token->empty(), "a token read is not empty");
  }
  (void)mediawiki::ParseToken(bytes, "login");
  (void)mediawiki::ParseLogin(bytes);
  for (const char* action : {"delete", "undelete", "protect", "edit"}) {
    (void)mediawiki::ParseActionReply(action, bytes);
  }
  std::string next;
  (void)mediawiki::ParseEvidence(bytes, &next);
  (void)mediawiki::ParseRevisions(bytes);
  (void)mediawiki::ParseLogEvents(bytes);
  (void)mediawiki::ParseProtections(bytes);
  std::string tag_continue;
  (void)mediawiki::CheckChangeTag(bytes, "dmca-takedown", "commons.wikimedia.org", &tag_continue);
  (void)mediawiki::ParseSiteInfoNamespaces(bytes);
}

}  // namespace dmca::fuzz
