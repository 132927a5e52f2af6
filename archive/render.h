#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/redact.h"
#include "archive/templates.h"
#include "parsers/base/status.h"
#include "parsers/notice/understand.h"
#include "pipeline/model/case.h"

namespace dmca::archive {

// How a page is written (CONTRACT.md `dmca render --json` "mode").
enum class PageMode {
  kCreate,      // a new page; must not exist yet (action=edit&createonly=1)
  kAppend,      // added to the end of an existing page (appendtext)
  kNewSection,  // a new "== section ==" (section=new)
};
std::string_view PageModeName(PageMode mode);  // "create", "append", "new_section"

// One public page edit. Titles are in MediaWiki's underscore form ("Legal:DMCA_X_-_Y.jpg").
struct Page {
  std::string site;      // "foundation.wikimedia.org", "commons.wikimedia.org", ...
  std::string title;
  std::string wikitext;  // the whole text written; for kNewSection it starts with the heading
  PageMode mode = PageMode::kCreate;
  std::string summary;   // the edit summary
  std::string section_title;  // kNewSection only: the heading's text
  std::string section_text;   // kNewSection only: the text under the heading
  // What the page is in the publication: "notice" (the Foundation page), "list" (the Commons
  // list), "pump" (the village pump), "uploader" (a talk-page notice), "update" (a later event
  // appended to the Foundation page). Edit summaries are chosen by it (configuration).
  std::string role = {};
};

struct RenderOptions {
  RedactionOptions redaction;             // [archive] marker
  const Templates* templates = nullptr;   // nullptr: Templates::Builtin()
  std::string foundation_site = "foundation.wikimedia.org";
  std::string commons_site = "commons.wikimedia.org";
  std::string commons_list_title = "Commons:Office_actions/DMCA_notices";
  std::string village_pump_title = "Commons:Village_pump";
  std::string legal_email = "legal@wikimedia.org";  // where counter-notices go (public)
  bool village_pump = true;               // also announce a takedown on the village pump
};

// The published title of a notice (without "Legal:DMCA_"), deterministic and safe as a link
// target, heading and anchor (TitleComponent):
//   "<who> - <what>[ (<YYYY-MM-DD>)]"
//   who:  the principal, else the sender's organisation, else "Copyright holder": never a
//         natural person's name, which the public copy redacts;
//   what: the first in-scope target's title without its namespace ("Sunset.jpg"), else the
//         first work claimed, else "Takedown notice";
//   date: the notice's date (Original.date, else Fields.date_sent) when it can be read.
// Cut to 120 bytes. Example: "Example Studios LLC - Sunset.jpg (2026-11-24)".
std::string NoticeTitle(const parsers::notice::Notice& notice);

// "Legal:DMCA_" + NoticeTitle with underscores: the Foundation wiki page.
std::string FoundationPageTitle(const parsers::notice::Notice& notice);

// "YYYY" from Original.date / Fields.date_sent ("Tue, 24 Nov 2026 10:00:00 +0000",
// "2026-11-24", "November 24, 2026"); empty when none is readable.
std::string NoticeYear(const parsers::notice::Notice& notice);
// "YYYY-MM-DD" likewise; empty when the day cannot be read.
std::string NoticeDate(const parsers::notice::Notice& notice);

// The public pages publishing a case writes (DOMAIN.md "What the Foundation publishes"),
// redacted and inert, in this order:
//   takedown:  the Foundation page (create), the Commons list section (append), the village
//              pump section (new_section, when options.village_pump), then one "Notice of
//              upload removal" section (new_section) per (site, uploader) of the case's
//              targets with a known uploader;
//   counter-notice or retraction: the Foundation page only;
//   other:     nothing.
// Targets are the case's (with uploaders), else the notice's. Only rendering: no I/O.
// Fails (InvalidArgument) only when a template is missing or does not render.
Result<std::vector<Page>> RenderNotice(const model::Case& c, const RenderOptions& options = {});
// The same from a notice alone (`dmca render --json`): no uploaders are known.
Result<std::vector<Page>> RenderNotice(const parsers::notice::Notice& notice,
                                       const RenderOptions& options = {});

// The language of a wiki's uploader notice: the language subdomain of a language edition
// ("de.wikipedia.org" -> "de"), else "en" (Commons, Wikidata, the Foundation wiki). The
// notice's template is "uploader_notice_<lang>", falling back to English ("uploader_notice")
// when there is none for that language.
std::string WikiLanguage(std::string_view site);

// A later event of a published takedown (the material restored after a counter-notice, a court
// action reported, the notice retracted, a reversal), appended once to its Foundation page as
// a new section "Update: <event_title> (<date>)" holding `text` (made inert). Role "update".
Result<Page> RenderUpdate(const parsers::notice::Notice& notice, std::string_view event_title,
                          std::string_view date, std::string_view text,
                          const RenderOptions& options = {});

// Letters to the complainant, plain text for e-mail (letters.cc).
enum class LetterKind {
  kAcknowledgement,       // a complete notice was received and is being acted on
  kDeficiency,            // §512(c)(3)(B)(ii) (or §512(g)(3) for a counter-notice): what is missing
  kCounterNoticeForward,  // §512(g)(2)(B): the counter-notice copy and the restore window
  kRestoration,           // §512(g)(2)(C): the material is back (to uploader and complainant)
  kCourtAction,           // §512(g)(2)(C): a court action was reported, no restoration (uploader)
};
std::string_view LetterKindName(LetterKind kind);  // "acknowledgement", "deficiency",
                                                   // "counter_notice_forward"
std::optional<LetterKind> LetterKindFromName(std::string_view name);

struct LetterInput {
  // The notice being answered: the complainant's takedown (acknowledgement, deficiency,
  // counter-notice forward) or a deficient counter-notice (deficiency, to the uploader).
  parsers::notice::Notice notice;
  std::string reference;  // the Foundation's reference, e.g. "DMCA case 12"; may be empty
  // kCounterNoticeForward: the counter-notice received, and the §512(g)(2)(C) window from the
  // calendar ("YYYY-MM-DD"); the counter-notice text is copied as the law requires, nothing
  // else of the uploader's (no headers, no address of the mail).
  std::optional<parsers::notice::Notice> counter_notice;
  std::string counter_notice_received;
  std::string earliest_restore;
  std::string latest_restore;
  // kRestoration and kCourtAction: the material concerned (its URLs), the day it was restored,
  // whom the letter is to, and what led to the restoration.
  std::vector<std::string> material;
  std::string restored_on;
  bool to_complainant = false;
  bool after_retraction = false;  // else after a counter-notice, or a reversal when neither
  bool after_counter_notice = false;
  std::string signer = "Wikimedia Foundation Legal Department";
};

// The letter's text. Not redacted: it goes to the complainant, about their own notice. The
// deficiency letter names exactly the elements in notice.analysis.missing, each with its
// statutory wording. InvalidArgument when a template is missing or does not render, or a
// forward letter lacks its counter-notice or dates.
Result<std::string> RenderLetter(LetterKind kind, const LetterInput& input,
                                 const RenderOptions& options = {});

// The statutory wording of an element (CONTRACT.md names), e.g. "good_faith_statement" ->
// {"17 U.S.C. §512(c)(3)(A)(v)", "A statement that the complaining party has a good faith
// belief ..."}. `counter_notice` selects the §512(g)(3) list. Empty strings when unknown.
struct StatutoryElement {
  std::string citation;
  std::string label;    // "Good-faith statement"
  std::string wording;  // the statute's words
};
StatutoryElement ElementWording(std::string_view name, bool counter_notice);

}  // namespace dmca::archive
