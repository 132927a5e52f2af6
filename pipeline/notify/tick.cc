#include "pipeline/notify/tick.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <set>

#include "mediawiki/api.h"
#include "mediawiki/reply.h"
#include "pipeline/calendar/time_zone.h"
#include "pipeline/decide/lifecycle.h"
#include "pipeline/notify/letters.h"

namespace dmca::pipeline::notify {
namespace {

using model::Case;
using model::CaseState;
using model::TargetState;
using parsers::notice::Kind;

constexpr std::size_t kAllCases = 1'000'000;

std::string Sha256(std::string_view text) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(text.data(), static_cast<unsigned>(text.size()));
  return Poco::DigestEngine::digestToHex(sha.digest());
}

std::string PageUrl(const std::string& site, const std::string& title) {
  std::string path = title;
  std::replace(path.begin(), path.end(), ' ', '_');
  return "https://" + site + "/wiki/" + path;
}

class Ticker {
 public:
  Ticker(Store& store, const Clock& clock, const TickOptions& options, const TimeZone& zone)
      : store_(store),
        clock_(clock),
        options_(options),
        zone_(zone),
        today_(zone.LocalDate(clock.Now())) {}

  Result<TickStats> Run() {
    if (options_.client) {
      auto executed = ExecuteQueued(store_, *options_.client, clock_, options_.execute);
      if (executed.ok()) {
        stats_.execute = *executed;
      } else if (executed.status().code() == Status::Code::kUnavailable) {
        // The wiki is down: what is due stays queued for the next tick, and the rest of this
        // one (the alarms above all) still runs.
        ++stats_.wiki_unavailable;
        Report("the wiki is unavailable, restorations wait for the next tick: " +
               executed.status().message());
      } else {
        return executed.status();
      }
    } else {
      Report("no wiki configured ([mediawiki] api): nothing was executed");
    }
    auto scheduled = store_.List({CaseState::kRestoreScheduled, std::nullopt, kAllCases, false});
    if (!scheduled.ok()) return scheduled.status();
    std::vector<Case> waiting;
    for (auto& answer : *scheduled) {
      auto finished = FinishRestoration(answer);
      if (!finished.ok()) return finished.status();
      if (!*finished) waiting.push_back(std::move(answer));
    }
    if (options_.publish && stats_.wiki_unavailable == 0) {
      // A page the wiki refuses now is written by the next tick; it never stops this one.
      if (Status published = options_.publish(); !published.ok()) {
        ++stats_.publish_errors;
        Report("publishing: " + published.message());
      }
    }
    DMCA_RETURN_IF_ERROR(Remind(waiting));
    if (options_.client && options_.reupload_watch && stats_.wiki_unavailable == 0) {
      DMCA_RETURN_IF_ERROR(WatchReuploads());
    }
    if (options_.transport) {
      auto sent = SendDueLetters(store_, *options_.transport, clock_, options_.send);
      if (!sent.ok()) return sent.status();
      stats_.letters = *sent;
    } else {
      Report("no mail server or outbox configured: letters stay queued");
    }
    return stats_;
  }

 private:
  // A counter-notice or retraction whose material is all back: restored, and its letters.
  Result<bool> FinishRestoration(const Case& answer) {
    if (!answer.linked_case) return false;
    auto takedown = store_.Get(*answer.linked_case);
    if (!takedown.ok()) return takedown.status();
    if (!AnsweredTargets(*takedown, answer, TargetState::kRestoreQueued).empty()) return false;
    const auto restored = AnsweredTargets(*takedown, answer, TargetState::kRestored);
    if (restored.empty()) return false;
    std::vector<std::string> material;
    for (std::size_t pos : restored) material.push_back(takedown->targets[pos].target.url);
    const std::string day = FormatDate(today_);
    Decision d;
    d.case_id = answer.id;
    d.transition = {{CaseState::kRestoreScheduled, CaseState::kRestored}};
    std::string told;
    for (bool to_complainant : {true, false}) {
      // A retraction's sender is the complainant; the uploader is reached on the wiki.
      if (!to_complainant && answer.kind() != Kind::kCounterNotice) continue;
      auto letter = RestorationNotice(*takedown, answer, to_complainant, material, day,
                                      options_.policy.letters, clock_.Now());
      if (!letter.ok()) {
        Report("case " + std::to_string(answer.id) + ": " + letter.status().message());
        continue;
      }
      told += (told.empty() ? "" : ", ") + letter->recipient;
      d.letters.push_back(std::move(letter).value());
    }
    d.entry = AuditNow(clock_, "tick", "restored",
                       std::to_string(material.size()) + " target(s) of case " +
                           std::to_string(takedown->id) + " restored" +
                           (told.empty() ? "" : "; restoration letters to " + told));
    Status moved = store_.Decide(d);
    if (moved.code() == Status::Code::kFailedPrecondition) return true;  // another tick did it
    if (!moved.ok()) return moved;
    ++stats_.restored_cases;
    Report("case " + std::to_string(answer.id) + ": material restored, letters queued");
    return true;
  }

  // The day's reminder (one letter a day, whatever the number of ticks) and the alarms.
  Status Remind(const std::vector<Case>& waiting) {
    std::vector<std::string> soon;
    std::int64_t first = 0;
    for (const Case& c : waiting) {
      if (!c.restoration) continue;
      auto on = ParseDate(c.restoration->on);
      auto latest = ParseDate(c.restoration->latest);
      if (!on.ok() || !latest.ok()) continue;
      const std::string what = "case " + std::to_string(c.id) + " (answers case " +
                               std::to_string(c.linked_case.value_or(0)) + "): restoration on " +
                               c.restoration->on + ", window " + c.restoration->earliest +
                               " to " + c.restoration->latest;
      if (std::chrono::sys_days(*latest) < std::chrono::sys_days(today_)) {
        ++stats_.overdue;
        Report("OVERDUE " + what + ": not restored by the 14th business day");
        DMCA_RETURN_IF_ERROR(store_.QueueLetters(
            {StaffNotice(c.id, "overdue_alarm", "case " + std::to_string(c.id) + ":overdue",
                         "OVERDUE: DMCA restoration of case " + std::to_string(c.id),
                         {what + ".", "",
                          "17 U.S.C. §512(g)(2)(C) allows no more than 14 business days. The "
                          "restoration is still queued: check `dmca cases show " +
                              std::to_string(c.id) + "` and `dmca execute`."},
                         options_.policy.letters, clock_.Now())},
            std::nullopt));
        continue;
      }
      const auto due = std::chrono::sys_days(*on);
      if (due >= std::chrono::sys_days(today_) &&
          (due == std::chrono::sys_days(today_) ||
           BusinessDaysBetween(today_, *on) <= options_.remind_days)) {
        if (first == 0) first = c.id;
        soon.push_back(what);
      }
    }
    if (soon.empty()) return Status::Ok();
    stats_.reminders = soon.size();
    for (const auto& line : soon) Report("due soon: " + line);
    const std::string day = FormatDate(today_);
    return store_.QueueLetters(
        {StaffNotice(first, "reminder", "reminder:" + day,
                     "DMCA restorations due in the next " +
                         std::to_string(options_.remind_days) + " business days (" + day + ")",
                     soon, options_.policy.letters, clock_.Now())},
        std::nullopt);
  }

  // Every deleted file's bytes, looked up on its wiki under any name.
  Status WatchReuploads() {
    std::set<std::pair<std::string, std::string>> asked;  // (site, sha1)
    for (CaseState state : {CaseState::kExecuted, CaseState::kPublished}) {
      auto cases = store_.List({state, Kind::kTakedown, kAllCases, false});
      if (!cases.ok()) return cases.status();
      for (const Case& c : *cases) {
        for (const auto& t : c.targets) {
          if (t.state != TargetState::kDeleted || !t.sha1 || t.sha1->empty() || !t.target.site)
            continue;
          if (!asked.emplace(*t.target.site, *t.sha1).second) continue;
          auto body =
              options_.client->Send(mediawiki::FilesBySha1Query(*t.target.site, *t.sha1));
          auto files = body.ok() ? mediawiki::ParseAllImages(*body)
                                 : Result<std::vector<mediawiki::FileVersion>>(body.status());
          if (!files.ok()) {
            ++stats_.watch_errors;
            Report("re-upload watch: " + *t.target.site + ": " + files.status().message());
            continue;
          }
          for (const auto& file : *files) DMCA_RETURN_IF_ERROR(OpenReview(c, t, file));
        }
      }
    }
    return Status::Ok();
  }

  // A review case for a copy of deleted bytes: kept like a message (its text is the record),
  // stored once per (takedown, bytes, title found).
  Status OpenReview(const Case& takedown, const model::CaseTarget& deleted,
                    const mediawiki::FileVersion& file) {
    const std::string& site = *deleted.target.site;
    const std::string key = std::to_string(takedown.id) + "|" + *deleted.sha1 + "|" + file.title;
    const std::string id = "<dmca.reupload." + Sha256(key).substr(0, 32) + "@dmca.invalid>";
    const std::string url = PageUrl(site, file.title);
    std::string body = "The bytes of " + deleted.target.title.value_or(deleted.target.url) +
                       " on " + site + ", deleted under DMCA case " +
                       std::to_string(takedown.id) + " (SHA-1 " + *deleted.sha1 +
                       "), are on the wiki again as " + file.title + ", uploaded by " +
                       (file.user.empty() ? "an unknown user" : file.user) + " at " +
                       file.timestamp + ".\n\n" + url + "\n";
    Case c;
    c.message_id = id;
    c.raw = "From: dmca tick <" + options_.policy.letters.staff_address + ">\r\nMessage-ID: " +
            id + "\r\nSubject: Re-upload of a file deleted under DMCA case " +
            std::to_string(takedown.id) + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" +
            body;
    c.raw_sha256 = Sha256(c.raw);
    c.source = "reupload-watch:" + site;
    c.received_at = FormatIso8601(clock_.Now());
    c.notice.body = body;
    c.notice.original.subject = "Re-upload of a file deleted under DMCA case " +
                                std::to_string(takedown.id);
    c.notice.analysis.kind = Kind::kOther;
    c.notice.analysis.other_category = "reupload";
    c.notice.analysis.kind_reason =
        "the re-upload watch found the bytes of a deleted file on the wiki again";
    parsers::wikiurl::Target target;
    target.url = url;
    target.site = site;
    target.title = file.title;
    target.in_scope = true;
    c.notice.targets.push_back(target);
    model::CaseTarget case_target;
    case_target.target = target;
    case_target.uploader = file.user.empty() ? std::nullopt : std::optional(file.user);
    case_target.sha1 = file.sha1;
    c.targets.push_back(case_target);
    c.state = CaseState::kNeedsReview;
    c.linked_case = takedown.id;
    c.audit.push_back(AuditNow(clock_, "tick", "re-upload found",
                               file.title + " on " + site + " has the bytes deleted under case " +
                                   std::to_string(takedown.id)));
    auto inserted = store_.Insert(c);
    if (!inserted.ok()) return inserted.status();
    if (inserted->inserted) {
      ++stats_.reuploads;
      Report("re-upload: " + file.title + " on " + site + " has the bytes deleted under case " +
             std::to_string(takedown.id) + ": review case " + std::to_string(inserted->id));
    }
    return Status::Ok();
  }

  void Report(const std::string& line) {
    if (options_.report) options_.report(line);
  }

  Store& store_;
  const Clock& clock_;
  const TickOptions& options_;
  const TimeZone& zone_;
  const Date today_;
  TickStats stats_;
};

}  // namespace

Result<TickStats> Tick(Store& store, const Clock& clock, const TickOptions& options) {
  auto zone = TimeZone::Named(options.policy.time_zone);
  if (!zone.ok()) return zone.status();
  return Ticker(store, clock, options, *zone).Run();
}

}  // namespace dmca::pipeline::notify
