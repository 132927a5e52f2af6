// The counter-notice clock and the letters: tick, court-action, received, letters, report.
// Each parses its arguments, calls pipeline/ and prints the outcome.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdlib>

#include "app/commands.h"
#include "app/context.h"
#include "app/mail_access.h"
#include "app/render_options.h"
#include "app/store_access.h"
#include "app/table.h"
#include "app/wiki_access.h"
#include "mediawiki/client.h"
#include "pipeline/decide/ledger.h"
#include "pipeline/decide/workflow.h"
#include "pipeline/notify/tick.h"

namespace dmca::app {
namespace {

bool WikiConfigured(const Config& config) {
  return !config.wiki.user.empty() || !config.wiki.oauth_token_file.empty() ||
         !config.wiki_sites.empty() || std::getenv("DMCA_MEDIAWIKI_TOKEN") != nullptr;
}

int RunTick(Context& ctx, const Args& args) {
  if (!args.positionals().empty()) return UsageError(ctx, "tick", "takes no arguments");
  if (auto now = args.Get("--now")) {
    const auto at = pipeline::ParseIso8601(*now);
    if (!at) return UsageError(ctx, "tick", "--now takes YYYY-MM-DDTHH:MM:SSZ, not '" + *now + "'");
    ctx.clock = std::make_unique<pipeline::ShiftedClock>(*at);
  }
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  auto render = MakeRenderOptions(ctx);
  if (!render.ok()) return Fail(ctx, render.status());
  pipeline::notify::TickOptions options;
  options.policy = CounterNoticePolicyFrom(ctx, render->options());
  options.remind_days = ctx.config.remind_days;
  options.reupload_watch = !args.Has("--no-watch");
  options.report = [&ctx](const std::string& line) { ctx.out << line << "\n" << std::flush; };
  options.send = SendOptionsFrom(ctx);
  options.execute.worker = options.send.worker;
  options.execute.lease = std::chrono::seconds(ctx.config.execute_lease_seconds);
  options.execute.act = ActOptionsFrom(ctx.config);
  options.execute.report = options.report;

  std::unique_ptr<mediawiki::HttpClient> client;
  pipeline::ClaimKeeper keeper(**store, options.execute.worker, options.execute.lease);
  if (WikiConfigured(ctx.config)) {
    auto http = WikiClientConfig(ctx);
    if (!http.ok()) return Fail(ctx, http.status());
    options.execute.keeper = &keeper;
    http->sleep = [&keeper](std::chrono::milliseconds d) { keeper.Wait(d); };
    auto made = mediawiki::HttpClient::Create(std::move(http).value());
    if (!made.ok()) return Fail(ctx, made.status());
    client = std::move(made).value();
    options.client = client.get();
  }
  auto transport = OpenMailTransport(ctx);
  if (!transport.ok()) return Fail(ctx, transport.status());
  options.transport = transport->get();
  auto publish = PublishOptionsFrom(ctx, render->options());
  if (!publish.ok()) return Fail(ctx, publish.status());
  if (client) {
    publish->report = options.report;
    options.publish = [&]() -> Status {
      pipeline::PublishReport report;
      Status published = pipeline::PublishDue(**store, *client, *publish, *ctx.clock, &report);
      if (published.ok() && report.failed > 0) {
        return Status::Unavailable(std::to_string(report.failed) + " page(s) not written");
      }
      return published;
    };
  }

  auto stats = pipeline::notify::Tick(**store, *ctx.clock, options);
  if (!stats.ok()) return Fail(ctx, stats.status());
  const auto& s = *stats;
  ctx.out << "tick " << pipeline::FormatIso8601(ctx.clock->Now()) << ": " << s.execute.restored
          << " restored, " << s.execute.deleted << " deleted, " << s.restored_cases
          << " counter-notice/retraction case(s) finished, " << s.letters.sent << " letter(s) sent, "
          << s.reminders << " due soon, " << s.overdue << " overdue, " << s.reuploads
          << " re-upload(s) found\n";
  if (s.execute.failed || s.letters.failed || s.letters.unconfirmed || s.overdue) {
    return kExitFailure;
  }
  if (s.execute.retry_later || s.letters.retry_later || s.watch_errors || s.wiki_unavailable ||
      s.publish_errors) {
    return kExitTempFail;
  }
  return kExitOk;
}

struct StaffArgs {
  std::int64_t id = 0;
  std::string user;
  std::string note;
};

std::optional<StaffArgs> ParseStaff(Context& ctx, const Args& args, const char* name,
                                    bool note_required, int* code) {
  if (args.positionals().size() != 1) {
    *code = UsageError(ctx, name, "expects one ID");
    return std::nullopt;
  }
  StaffArgs a;
  const auto id = ParseCaseId(args.positionals()[0]);
  if (!id) {
    *code = UsageError(ctx, name, "not a number: '" + args.positionals()[0] + "'");
    return std::nullopt;
  }
  a.id = *id;
  a.user = args.GetOr("--as", ctx.config.staff_user);
  if (a.user.empty()) {
    *code = UsageError(ctx, name, "say who acts: --as USER");
    return std::nullopt;
  }
  a.note = args.GetOr("--note", "");
  if (note_required && a.note.empty()) {
    *code = UsageError(ctx, name, "say what happened: --note TEXT");
    return std::nullopt;
  }
  return a;
}

// Runs `act` on a Workflow configured for counter-notices, then sends the letters it queued
// (a failure to send leaves them queued for `dmca tick`).
int WithWorkflow(Context& ctx, const StaffArgs& a,
                 const std::function<Result<std::string>(pipeline::Workflow&)>& act) {
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  auto render = MakeRenderOptions(ctx);
  if (!render.ok()) return Fail(ctx, render.status());
  pipeline::Workflow workflow(**store, *ctx.clock, CounterNoticePolicyFrom(ctx, render->options()));
  auto said = act(workflow);
  if (!said.ok()) return Fail(ctx, said.status());
  ctx.out << "case #" << a.id << ": " << *said << "\n";
  return SendQueuedLetters(ctx, **store);
}

int RunCourtAction(Context& ctx, const Args& args) {
  int code = kExitUsage;
  const auto a = ParseStaff(ctx, args, "court-action", true, &code);
  if (!a) return code;
  return WithWorkflow(ctx, *a, [&](pipeline::Workflow& w) -> Result<std::string> {
    DMCA_RETURN_IF_ERROR(w.RecordCourtAction(a->id, a->user, a->note));
    return "court action recorded by " + a->user + "; the restoration is cancelled";
  });
}

int RunReceived(Context& ctx, const Args& args) {
  int code = kExitUsage;
  const auto a = ParseStaff(ctx, args, "received", true, &code);
  if (!a) return code;
  const auto at = args.Get("--at");
  if (!at) return UsageError(ctx, "received", "give the time: --at YYYY-MM-DDTHH:MM:SSZ");
  return WithWorkflow(ctx, *a, [&](pipeline::Workflow& w) -> Result<std::string> {
    DMCA_RETURN_IF_ERROR(w.CorrectReceipt(a->id, a->user, *at, a->note));
    return "received at " + *at + " (corrected by " + a->user + ")";
  });
}

int RunLetters(Context& ctx, const Args& args) {
  const auto& pos = args.positionals();
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  if (!pos.empty() && (pos[0] == "confirm" || pos[0] == "resend")) {
    if (pos.size() != 2) return UsageError(ctx, "letters", pos[0] + " expects one letter ID");
    const auto id = ParseCaseId(pos[1]);
    if (!id) return UsageError(ctx, "letters", "not a letter number: '" + pos[1] + "'");
    const std::string user = args.GetOr("--as", ctx.config.staff_user);
    if (user.empty()) return UsageError(ctx, "letters", "say who checked: --as USER");
    Status s = pipeline::notify::ResolveLetter(**store, *ctx.clock, *id, pos[0] == "confirm",
                                               user, args.GetOr("--note", ""));
    if (!s.ok()) return Fail(ctx, s);
    ctx.out << "letter " << *id << (pos[0] == "confirm" ? ": confirmed sent" : ": queued again")
            << "\n";
    return pos[0] == "confirm" ? kExitOk : SendQueuedLetters(ctx, **store);
  }
  if (!pos.empty() && pos[0] == "send") return SendQueuedLetters(ctx, **store);
  std::optional<std::int64_t> case_id;
  if (!pos.empty()) {
    case_id = ParseCaseId(pos[0]);
    if (!case_id || pos.size() > 1) {
      return UsageError(ctx, "letters", "expects a case ID, or confirm|resend LETTER, or send");
    }
  }
  auto letters = (*store)->Letters(case_id);
  if (!letters.ok()) return Fail(ctx, letters.status());
  if (args.Has("--json")) {
    Poco::JSON::Array out;
    for (const auto& l : *letters) {
      Poco::JSON::Object o;
      o.set("id", static_cast<Poco::Int64>(l.id));
      o.set("case", static_cast<Poco::Int64>(l.case_id));
      o.set("kind", l.kind);
      o.set("to", l.recipient);
      o.set("subject", l.subject);
      o.set("message_id", l.message_id);
      o.set("state", std::string(model::LetterStateName(l.state)));
      o.set("attempts", l.attempts);
      o.set("sent_at", l.sent_at);
      o.set("result", l.result);
      out.add(o);
    }
    out.stringify(ctx.out);
    ctx.out << "\n";
    return kExitOk;
  }
  Table table({"letter", "case", "kind", "to", "state", "sent", "message-id"});
  for (const auto& l : *letters) {
    table.Add({std::to_string(l.id), "#" + std::to_string(l.case_id), l.kind, l.recipient,
               std::string(model::LetterStateName(l.state)), l.sent_at, l.message_id});
  }
  ctx.out << table.Render(ctx.interactive ? 160 : 220);
  ctx.out << letters->size() << " letter" << (letters->size() == 1 ? "" : "s") << "\n";
  return kExitOk;
}

int RunReport(Context& ctx, const Args& args) {
  const auto& pos = args.positionals();
  if (pos.size() != 1 || pos[0] != "repeat-infringers") {
    return UsageError(ctx, "report", "expects: repeat-infringers");
  }
  std::size_t min = 2;
  if (auto text = args.Get("--min")) {
    const auto n = ParseCount(*text);
    if (!n || *n == 0) return UsageError(ctx, "report", "--min takes a number >= 1");
    min = *n;
  }
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  auto ledger = pipeline::RepeatInfringers(**store, min);
  if (!ledger.ok()) return Fail(ctx, ledger.status());
  if (args.Has("--json")) {
    Poco::JSON::Array out;
    for (const auto& who : *ledger) {
      Poco::JSON::Object o;
      o.set("user", who.user);
      o.set("notices", static_cast<Poco::UInt64>(who.notices));
      Poco::JSON::Array sites, strikes;
      for (const auto& site : who.sites) sites.add(site);
      for (const auto& s : who.strikes) {
        Poco::JSON::Object strike;
        strike.set("case", static_cast<Poco::Int64>(s.case_id));
        strike.set("site", s.site);
        strike.set("title", s.title);
        strike.set("at", s.at);
        strikes.add(strike);
      }
      o.set("sites", sites);
      o.set("strikes", strikes);
      o.set("first", who.first);
      o.set("last", who.last);
      out.add(o);
    }
    out.stringify(ctx.out);
    ctx.out << "\n";
    return kExitOk;
  }
  Table table({"uploader", "notices", "removals", "wikis", "first", "last"});
  for (const auto& who : *ledger) {
    std::string sites;
    for (const auto& site : who.sites) sites += (sites.empty() ? "" : ", ") + site;
    table.Add({who.user, std::to_string(who.notices), std::to_string(who.strikes.size()), sites,
               who.first, who.last});
  }
  ctx.out << table.Render(ctx.interactive ? 160 : 220);
  ctx.out << ledger->size() << " uploader" << (ledger->size() == 1 ? "" : "s") << " with "
          << min << " or more takedowns (reversed ones not counted)\n";
  return kExitOk;
}

}  // namespace

int SendQueuedLetters(Context& ctx, pipeline::Store& store) {
  auto transport = OpenMailTransport(ctx);
  if (!transport.ok()) return Fail(ctx, transport.status());
  auto sent = pipeline::notify::SendDueLetters(store, **transport, *ctx.clock, SendOptionsFrom(ctx));
  if (!sent.ok()) return Fail(ctx, sent.status());
  if (sent->failed || sent->unconfirmed) return kExitFailure;
  if (sent->retry_later) {
    ctx.err << "dmca: " << sent->retry_later
            << " letter(s) could not be sent now; 'dmca tick' retries them\n";
    return kExitTempFail;
  }
  return kExitOk;
}

std::vector<Command> NotifyCommands() {
  return {
      {"tick",
       "run what is due: restorations on their day, reminders, alarms, retries",
       "dmca tick [--now YYYY-MM-DDTHH:MM:SSZ] [--no-watch]",
       "For cron or the dmca-tick.timer: executes the restorations whose day has come (and any\n"
       "other queued action that is due), marks counter-notices and retractions restored once\n"
       "their material is back and queues the restoration letters, reminds staff ([mail]\n"
       "staff) of restorations due in the next [mail] remind_days business days, raises an\n"
       "alarm for a restoration past its 14th business day, looks for re-uploads of every\n"
       "deleted file's bytes on its wiki (a review case for each; --no-watch skips it), and\n"
       "sends the letters due, retrying failed sends. Run twice, it does nothing twice.\n"
       "Exit 0: all done; 75: something must be retried later; 1: a failure or an alarm.\n\n"
       "example: dmca tick --now 2026-12-15T17:00:00Z",
       {"--no-watch"},
       {"--now"},
       RunTick},
      {"court-action",
       "record a court action: the restoration is cancelled",
       "dmca court-action ID [--as USER] --note TEXT",
       "The complainant reported filing an action seeking a court order (17 U.S.C.\n"
       "§512(g)(2)(C)): the restoration scheduled for counter-notice ID (or for every\n"
       "counter-notice answering takedown ID) is cancelled and the uploader is told. Audited.\n\n"
       "example: dmca court-action 14 --as jdoe --note 'complaint filed N.D. Cal., copy received'",
       {},
       {"--as", "--note"},
       RunCourtAction},
      {"received",
       "correct when the Foundation received a notice",
       "dmca received ID --at YYYY-MM-DDTHH:MM:SSZ [--as USER] --note TEXT",
       "Sets the receipt time of case ID (the counter-notice clock counts from it), when the\n"
       "mail's headers were wrong or missing. Audited; refused once a counter-notice's window\n"
       "was computed from it.\n\n"
       "example: dmca received 14 --at 2026-11-20T23:10:00Z --note 'fax received that evening'",
       {},
       {"--as", "--note", "--at"},
       RunReceived},
      {"letters",
       "the letters sent (and to send), or settle one",
       "dmca letters [ID] [--json] | letters send | letters confirm|resend LETTER [--as USER]",
       "Lists every letter (of case ID) with its recipient, state and Message-ID. 'send' sends\n"
       "what is due now. A letter whose sending was interrupted after the mail server may\n"
       "have accepted it is 'unconfirmed': check the recipient's copy (by its Message-ID),\n"
       "then 'confirm' it or 'resend' it.\n\nexample: dmca letters confirm 7 --as jdoe",
       {"--json"},
       {"--as", "--note"},
       RunLetters},
      {"report",
       "reports: repeat infringers (17 U.S.C. §512(i))",
       "dmca report repeat-infringers [--min N] [--json]",
       "The uploaders whose uploads executed takedowns removed, across the wikis, with at\n"
       "least N takedown notices (default 2); removals reversed by a counter-notice, a\n"
       "retraction or staff are not counted.\n\nexample: dmca report repeat-infringers --min 3",
       {"--json"},
       {"--min"},
       RunReport},
  };
}

}  // namespace dmca::app
