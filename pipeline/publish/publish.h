#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "archive/render.h"
#include "archive/site.h"
#include "archive/stats.h"
#include "mediawiki/client.h"
#include "parsers/base/status.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline {

// Publishing: the public pages onto the wikis, the Lumen submissions, the archive and the
// statistics (DOMAIN.md "What the Foundation publishes").

// The edit summaries of each page's role ("$1": the notice's title): configuration
// ([publish]), not code. Empty: the renderer's own.
struct PublishSummaries {
  std::string notice;    // the Foundation page
  std::string list;      // the Commons list ("new takedown", DOMAIN.md)
  std::string pump;      // the village pump section
  std::string uploader;  // the uploader's talk page
  std::string update;    // a later event on the Foundation page
};

// Lumen (lumendatabase.org): submitted only when both are set.
struct LumenOptions {
  std::string url;    // "https://lumendatabase.org": POST <url>/notices
  std::string token;  // X-Authentication-Token; never logged
  std::string ca_file;
  std::string user_agent;
  int timeout_seconds = 60;
};

struct PublishOptions {
  archive::RenderOptions render;  // templates, marker, the titles of the list and the pump
  PublishSummaries summaries;
  std::string change_tag;           // on every edit; empty: none
  std::string actor = "publisher";  // names the audit entries
  LumenOptions lumen;
  // The Action API endpoint template ([mediawiki] api), for the report's page URLs only.
  std::string api;
  std::function<void(const std::string&)> report;  // one line per page written or found
};

struct PublishReport {
  std::size_t cases = 0;      // cases considered (publishable)
  std::size_t written = 0;    // pages written now
  std::size_t found = 0;      // pages already on the wiki (a crash between the edit and its
                              // record): recorded, not written again
  std::size_t already = 0;    // pages recorded before: nothing sent
  std::size_t failed = 0;     // pages the wiki refused (the next run tries again)
  std::size_t published = 0;  // cases that moved to published
  std::size_t lumen_queued = 0;
  std::size_t lumen_sent = 0;
  std::size_t lumen_retry = 0;    // failed for now: queued for the next run
  std::size_t lumen_failed = 0;   // refused for good (4xx) or fate unknown: staff look
  std::vector<std::string> urls;  // the wiki pages written or found, as index.php?title= URLs
                                  // when the client's endpoint is known, else site|title
  std::vector<std::string> errors;
};

// The case as its public copies show it: only the targets actually removed (deleted, already
// gone, or removed and later restored: the record says they were taken down), so a partial
// action lists only what it removed.
model::Case PublicView(const model::Case& c);

// Whether Lumen's "action_taken" is "Yes" (every actionable target removed), "Partial" or
// "No".
std::string ActionTaken(const model::Case& c);

// The render options for case `c`: `base` with staff's redaction decisions applied.
archive::RenderOptions CaseRenderOptions(const archive::RenderOptions& base,
                                         const std::vector<RedactionDecision>& decisions);

// The events after publication that its Foundation page gets an update section for, once
// each: "restored" (the takedown's material was put back: counter-notice, retraction or
// reversal), "retracted" (a retraction answers it), "court_action" (the complainant reported a
// court action on a counter-notice). `answers` are the cases linked as answering `c`.
struct PublishedEvent {
  std::string event;  // the publications table's key
  std::string title;  // "material restored"
  std::string date;   // YYYY-MM-DD
  std::string text;
};
std::vector<PublishedEvent> EventsOf(const model::Case& c, const std::vector<model::Case>& answers);

// Every page publishing `c` writes now (the notice's pages, then one update per event), with
// the configured summaries; `events` from EventsOf.
Result<std::vector<std::pair<std::string, archive::Page>>> PagesFor(
    const model::Case& c, const std::vector<PublishedEvent>& events,
    const archive::RenderOptions& render, const PublishSummaries& summaries);

// Publishes everything publishable (pipeline::Publishable) that is not yet published, and
// retries the pending Lumen submissions. `dmca archive publish` and `dmca tick` call it.
//  * Each page is keyed (case, site, title, event) in the store; one already recorded is not
//    sent again. Before writing, the wiki is read: a created page already holding our text, or
//    a section already there (its heading, and for a talk page the link to this notice), is
//    recorded with its revision id instead of written twice (a crash between the edit and the
//    record). The Foundation page is created with createonly; a page there with other text is a
//    failure, never overwritten.
//  * Each page written is one transaction: its record (site, title, event, revision id) and an
//    audit entry; the last of the notice's pages also moves an executed takedown to published.
//  * A takedown with nothing removed is not published; an approved, unexecuted one is not
//    publishable at all.
//  * Lumen (when options.lumen is set): a published takedown's LumenJson is queued once, then
//    every pending submission is sent: 201 records the Location (sent); 5xx, 429 or a refused
//    connection leave it pending for the next run; another 4xx fails it; no answer after the
//    request went out marks it uncertain (never sent again by itself: Lumen cannot be asked
//    whether it arrived). A submission is marked sending before it goes out, so two publishers
//    never send the same one.
// A wiki's refusal of one page is counted in `report` and the next page goes on; a Status is
// returned for a store failure, a template error, or a wiki that is unavailable (retryable:
// `dmca tick` tries again later).
Status PublishDue(Store& store, mediawiki::Client& client, const PublishOptions& options,
                  const Clock& clock, PublishReport* report);

// Sends the pending Lumen submissions only (PublishDue's last step).
Status SendLumen(Store& store, const LumenOptions& options, const Clock& clock,
                 const std::string& actor, PublishReport* report);

// What `dmca archive build` writes into `dir` (archive::WriteSite: unchanged files are not
// rewritten, leftovers removed): the staff site (index by year and month, a page per case,
// statistics as HTML with SVG charts, CSV and JSON), every publishable case's pages as
// wikitext ("wikitext/<case>-<n>-<site>-<title>.wikitext"), its Lumen JSON
// ("lumen/<case>.json"), index.json listing the pages, an export-0.11 XML dump per wiki
// ("export-<site>.xml", the pages created) and preview.html.
struct ArchiveBuildReport {
  std::size_t cases = 0;      // cases on the site
  std::size_t published = 0;  // publishable cases rendered
  std::size_t pages = 0;
  archive::SiteReport files;
};
Status BuildArchive(Store& store, const archive::RenderOptions& render, const std::string& dir,
                    ArchiveBuildReport* report);

// BuildArchive's work once the store has been read: `cases` sorted by id, with the pages
// recorded and staff's redaction decisions (by case). bench/archive times it.
struct ArchiveInput {
  std::vector<Publication> publications;
  std::map<std::int64_t, std::vector<RedactionDecision>> redactions;
};
Status BuildArchiveFrom(const std::vector<model::Case>& cases, const ArchiveInput& input,
                        const archive::RenderOptions& render, const std::string& dir,
                        ArchiveBuildReport* report);

// The statistics of every case in the store (what BuildArchive writes as stats.*).
Result<archive::Stats> StoreStats(Store& store);

// The transparency report's facts of a case (archive::ComputeStats counts them); `answers`
// as in EventsOf.
archive::CaseFacts FactsOf(const model::Case& c, const std::vector<model::Case>& answers);

}  // namespace dmca::pipeline
