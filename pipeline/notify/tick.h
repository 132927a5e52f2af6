#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "mediawiki/client.h"
#include "parsers/base/status.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/decide/workflow.h"
#include "pipeline/execute/execute.h"
#include "pipeline/notify/sender.h"
#include "pipeline/notify/transport.h"
#include "pipeline/store/store.h"

namespace dmca::pipeline::notify {

struct TickOptions {
  CounterNoticePolicy policy;  // letters, time zone
  ExecuteOptions execute;
  SendOptions send;
  int remind_days = 3;  // staff hear of restorations due within this many business days
  bool reupload_watch = true;
  mediawiki::Client* client = nullptr;  // nullptr: no wiki configured (nothing is executed)
  MailTransport* transport = nullptr;   // nullptr: letters stay queued
  std::function<void(const std::string&)> report;  // one line per thing done or found
  // After the restorations: the public pages' updates (pipeline/publish's PublishDue: the
  // "restored" sections, the Commons list, Lumen retries). Empty: none.
  std::function<Status()> publish;
};

struct TickStats {
  ExecuteStats execute;
  SendStats letters;
  std::size_t restored_cases = 0;  // counter-notices and retractions whose material is back
  std::size_t reminders = 0;       // restorations due soon that staff were told of
  std::size_t overdue = 0;         // restorations past their 14th business day
  std::size_t reuploads = 0;       // review cases opened for a deleted file seen again
  std::size_t watch_errors = 0;    // sites the re-upload watch could not ask
  std::size_t publish_errors = 0;  // publishing failed this time (retried by the next tick)
  std::size_t wiki_unavailable = 0;  // the wiki could not be reached: nothing was executed
};

// What is due at clock.Now() (`dmca tick`), in order: the queued restorations whose day has
// come (and any other due action) are executed; a counter-notice or retraction whose material is
// all back becomes restored and its restoration letters are queued; staff get the day's reminder
// of restorations due in the next business days, and an alarm for each restoration past the
// 14th business day after receipt; the re-upload watch asks each wiki for the bytes of every
// deleted file and opens a review case for each copy found; then the letters due are sent
// (failed sends are retried). Every step is idempotent: a second tick at the same instant does
// nothing (letters are keyed by purpose and day, review cases by what they report).
Result<TickStats> Tick(Store& store, const Clock& clock, const TickOptions& options);

}  // namespace dmca::pipeline::notify
