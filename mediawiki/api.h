#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dmca::mediawiki {

// MediaWiki Action API requests (https://www.mediawiki.org/wiki/API:Main_page), built before
// anything runs so that staff (and `dmca execute --dry-run`) can see exactly what will be sent.
using Params = std::vector<std::pair<std::string, std::string>>;  // in the order sent

// Stands for the CSRF token in a planned call; the client puts the real one in its place.
inline constexpr std::string_view kCsrfPlaceholder = "<csrf-token>";

struct ApiCall {
  std::string site;             // the wiki it is about: "commons.wikimedia.org"
  std::string method = "POST";  // everything is POSTed: writes must be (API:Etiquette), and a
                                // long title never meets a URL length limit
  Params params;                // action=..., always format=json&formatversion=2
  std::string summary;          // one line for logs: "delete File:X.jpg on commons.wikimedia.org"
  bool needs_token = false;     // a write: carries ("token", kCsrfPlaceholder), last
};

// application/x-www-form-urlencoded (RFC 3986 unreserved bytes kept, the rest %XX, UTF-8).
std::string FormEncode(const Params& params);

// "POST commons.wikimedia.org action=delete&title=...": the form body with secrets
// (lgpassword, and any real token) shown as "***". Safe to log.
std::string Describe(const ApiCall& call);

// `text` with every "$1" replaced by `link` (the wording of log entries is configuration).
std::string Substitute(std::string text, std::string_view link);

// Reads. File evidence: every upload's user, time, SHA-1 and size (prop=imageinfo,
// iilimit=max; `continue_from` is the iistart ParseEvidence gave for files with more versions).
ApiCall FileEvidenceQuery(const std::string& site, const std::string& title,
                          const std::string& continue_from = {});
// A page's creator (its first revision) and its `editors` most recent revisions.
ApiCall PageCreatorQuery(const std::string& site, const std::string& title);
ApiCall PageEditorsQuery(const std::string& site, const std::string& title, int editors);
// The log of `title`, newest first: `type` "delete" (deletions and restorations) or "protect".
ApiCall LogQuery(const std::string& site, const std::string& title, const std::string& type);
// The files whose current version has these bytes, under any name (list=allimages&aisha1=):
// the re-upload watch.
ApiCall FilesBySha1Query(const std::string& site, const std::string& sha1);
// The protections on a title, existing or not (prop=info&inprop=protection).
ApiCall ProtectionQuery(const std::string& site, const std::string& title);
// The change tags the wiki defines (list=tags), to check the configured one once.
// `continue_from`: the previous reply's tgcontinue.
ApiCall TagsQuery(const std::string& site, const std::string& continue_from = {});
// Who the session is (meta=userinfo): an OAuth token's account name.
ApiCall UserInfoQuery(const std::string& site);

// Writes; `tag` empty: none. They carry the CSRF placeholder, last.
ApiCall DeleteCall(const std::string& site, const std::string& title, const std::string& reason,
                   const std::string& tag);
// protections "create=sysop" protects a deleted title from re-creation (and re-upload);
// "create=all" lifts it. expiry "infinite" or a MediaWiki expiry ("1 year", an ISO time).
ApiCall ProtectCall(const std::string& site, const std::string& title,
                    const std::string& protections, const std::string& expiry,
                    const std::string& reason, const std::string& tag);
// Without timestamps or fileids: every deleted revision and file version comes back.
ApiCall UndeleteCall(const std::string& site, const std::string& title, const std::string& reason,
                     const std::string& tag);

enum class EditMode { kCreate, kAppend, kNewSection };
struct Edit {
  std::string site;
  std::string title;
  EditMode mode = EditMode::kCreate;
  std::string text;           // the page (create), the appended text, or the section's body
  std::string section_title;  // kNewSection
  std::string summary;
};
// create -> text + createonly; append -> appendtext (after a blank line) + nocreate;
// new_section -> section=new + sectiontitle + text.
ApiCall EditCall(const Edit& edit, const std::string& tag);

}  // namespace dmca::mediawiki
