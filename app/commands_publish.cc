// The commands that act outside the store: execute (the wikis), archive (public pages), letter
// (answers to senders) and fetch (live mailboxes).

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "app/commands.h"
#include "app/context.h"
#include "app/render_options.h"
#include "app/store_access.h"
#include "app/wiki_access.h"
#include "archive/export.h"
#include "archive/render.h"
#include "mediawiki/client.h"
#include "pipeline/calendar/business_days.h"
#include "pipeline/decide/lifecycle.h"
#include "pipeline/execute/execute.h"
#include "pipeline/ingest/stages.h"
#include "pipeline/runner/runner.h"
#include "pipeline/sources/imap_source.h"
#include "pipeline/sources/pop3_source.h"

namespace dmca::app {
namespace {

int RunExecute(Context& ctx, const Args& args) {
  if (!args.positionals().empty()) return UsageError(ctx, "execute", "takes no arguments");
  const pipeline::ActOptions act = ActOptionsFrom(ctx.config);
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  if (args.Has("--dry-run")) {
    auto calls = pipeline::PlanQueued(**store, act, *ctx.clock);
    if (!calls.ok()) return Fail(ctx, calls.status());
    for (const auto& call : *calls) ctx.out << "dry-run: " << mediawiki::Describe(call) << "\n";
    ctx.out << calls->size() << " call" << (calls->size() == 1 ? "" : "s")
            << " would be made; nothing was changed (dry run)\n";
    return kExitOk;
  }
  auto http = WikiClientConfig(ctx);
  if (!http.ok()) return Fail(ctx, http.status());
  pipeline::ExecuteOptions options;
  options.worker = pipeline::WorkerName();
  options.lease = std::chrono::seconds(ctx.config.execute_lease_seconds);
  options.act = act;
  pipeline::ClaimKeeper keeper(**store, options.worker, options.lease);
  options.keeper = &keeper;
  http->sleep = [&keeper](std::chrono::milliseconds d) { keeper.Wait(d); };
  auto client = mediawiki::HttpClient::Create(std::move(http).value());
  if (!client.ok()) return Fail(ctx, client.status());
  options.report = [&ctx](const std::string& line) { ctx.out << line << "\n" << std::flush; };
  if (auto limit = args.Get("--limit")) {
    const auto n = ParseCount(*limit);
    if (!n) return UsageError(ctx, "execute", "--limit takes a number, not '" + *limit + "'");
    options.max_actions = *n;
  }
  options.log = args.Has("--verbose") ? &ctx.err : nullptr;
  options.verbose = args.Has("--verbose");
  auto stats = pipeline::ExecuteQueued(**store, **client, *ctx.clock, options);
  if (!stats.ok()) return Fail(ctx, stats.status());
  const auto& s = *stats;
  const auto& wire = (*client)->stats();
  ctx.out << s.deleted << " deleted, " << s.restored << " restored, " << s.missing << " missing, "
          << s.already_gone << " already gone, " << s.failed << " failed, " << s.retry_later
          << " to retry later; " << s.cases_finished << " case"
          << (s.cases_finished == 1 ? "" : "s") << " finished; " << wire.requests << " API request"
          << (wire.requests == 1 ? "" : "s") << "\n";
  if (s.failed) return kExitFailure;
  // Work waiting for a later run (the wiki was lagging or down). Actions other workers hold now
  // are theirs to finish; a dead machine's come back to the queue after the lease; a restoration
  // scheduled for a later day is `dmca tick`'s.
  auto due = (*store)->DueActions();
  if (!due.ok()) return Fail(ctx, due.status());
  if (s.retry_later > 0 || *due > 0) return kExitTempFail;
  return kExitOk;
}

int RunArchive(Context& ctx, const Args& args) {
  if (args.positionals().size() != 1 || args.positionals()[0] != "build") {
    return UsageError(ctx, "archive", "expects 'build'");
  }
  const std::string out = args.GetOr("--out", ctx.config.archive_out);
  auto render = MakeRenderOptions(ctx);
  if (!render.ok()) return Fail(ctx, render.status());
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  pipeline::CaseFilter filter;
  filter.limit = 1'000'000;
  auto cases = (*store)->List(filter);
  if (!cases.ok()) return Fail(ctx, cases.status());
  std::sort(cases->begin(), cases->end(),
            [](const model::Case& a, const model::Case& b) { return a.id < b.id; });
  std::vector<archive::Page> pages;
  std::size_t published = 0;
  for (const auto& c : *cases) {
    if (!pipeline::Publishable(c)) continue;
    auto rendered = archive::RenderNotice(c, render->options());
    if (!rendered.ok())
      return Fail(ctx, rendered.status().Annotate("case " + std::to_string(c.id)));
    ++published;
    for (auto& page : *rendered) pages.push_back(std::move(page));
  }
  const Status written = archive::WritePages(pages, out, pipeline::FormatIso8601(ctx.clock->Now()));
  if (!written.ok()) return Fail(ctx, written);
  ctx.out << pages.size() << " page" << (pages.size() == 1 ? "" : "s") << " of " << published
          << " case" << (published == 1 ? "" : "s") << " written to " << out
          << " (index.html previews them)\n";
  return kExitOk;
}

int RunLetter(Context& ctx, const Args& args) {
  if (args.positionals().size() != 1) return UsageError(ctx, "letter", "expects one case ID");
  const auto id = ParseCaseId(args.positionals()[0]);
  if (!id) return UsageError(ctx, "letter", "not a case number: '" + args.positionals()[0] + "'");
  auto render = MakeRenderOptions(ctx);
  if (!render.ok()) return Fail(ctx, render.status());
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  auto c = (*store)->Get(*id);
  if (!c.ok()) return Fail(ctx, c.status());
  archive::LetterInput input;
  input.reference = "DMCA case " + std::to_string(*id);
  std::optional<archive::LetterKind> kind;
  if (auto name = args.Get("--kind")) {
    kind = archive::LetterKindFromName(*name);
    if (!kind) return UsageError(ctx, "letter", "unknown letter kind '" + *name + "'");
  } else {
    kind = pipeline::LetterFor(*c);
  }
  input.notice = c->notice;
  if (*kind == archive::LetterKind::kCounterNoticeForward) {
    if (!c->linked_case) {
      return Fail(ctx, Status::FailedPrecondition(
                           "case " + std::to_string(*id) +
                           " is not linked to a takedown: whom should it be forwarded to?"));
    }
    auto takedown = (*store)->Get(*c->linked_case);
    if (!takedown.ok()) return Fail(ctx, takedown.status());
    input.notice = takedown->notice;
    input.counter_notice = c->notice;
    const std::string day = c->received_at.substr(0, 10);
    auto received = pipeline::ParseDate(day);
    if (!received.ok()) return Fail(ctx, received.status());
    const auto window = pipeline::RestoreWindowFor(*received);
    input.counter_notice_received = day;
    input.earliest_restore = pipeline::FormatDate(window.earliest);
    input.latest_restore = pipeline::FormatDate(window.latest);
  }
  auto letter = archive::RenderLetter(*kind, input, render->options());
  if (!letter.ok()) return Fail(ctx, letter.status());
  ctx.out << *letter;
  return kExitOk;
}

pipeline::MailServerOptions ServerOptions(const MailServerConfig& config, pipeline::TlsMode tls,
                                          std::string password) {
  pipeline::MailServerOptions server;
  server.host = config.host;
  server.port = config.port;
  server.tls = tls;
  server.ca_file = config.ca_file;
  server.user = config.user;
  server.password = std::move(password);
  server.timeout = std::chrono::seconds(config.timeout_seconds);
  return server;
}

int RunFetch(Context& ctx, const Args& args) {
  if (args.positionals().size() != 1) return UsageError(ctx, "fetch", "expects pop3 or imap");
  const std::string protocol = args.positionals()[0];
  if (protocol != "pop3" && protocol != "imap") {
    return UsageError(ctx, "fetch", "expects pop3 or imap, not '" + protocol + "'");
  }
  const bool pop3 = protocol == "pop3";
  const MailServerConfig& config = pop3 ? ctx.config.pop3 : ctx.config.imap;
  if (config.host.empty()) {
    return Fail(ctx, Status::InvalidArgument("no [" + protocol + "] host configured"));
  }
  auto tls = pipeline::ParseTlsMode(config.tls);
  if (!tls.ok()) return Fail(ctx, tls.status().Annotate("[" + protocol + "] tls"));
  auto password =
      ReadSecret(config.password_file, pop3 ? "DMCA_POP3_PASSWORD" : "DMCA_IMAP_PASSWORD");
  if (!password.ok()) return Fail(ctx, password.status());
  auto store = OpenConfiguredStore(ctx);
  if (!store.ok()) return Fail(ctx, store.status());
  Result<std::unique_ptr<pipeline::Source>> source = Status::Internal("unset");
  if (pop3) {
    pipeline::Pop3Options options;
    options.server = ServerOptions(config, *tls, *password);
    options.delete_after_commit = config.delete_after_commit;
    source = pipeline::OpenPop3Source(options, store->get());
  } else {
    pipeline::ImapOptions options;
    options.server = ServerOptions(config, *tls, *password);
    options.mailbox = config.mailbox;
    if (Status s = pipeline::ParseImapAfterCommit(config.after_commit, options); !s.ok()) {
      return Fail(ctx, s.Annotate("[imap] after_commit"));
    }
    source = pipeline::OpenImapSource(options, store->get());
  }
  if (!source.ok()) return Fail(ctx, source.status());
  const auto stats = pipeline::IngestAll(**source, **store, *ctx.clock, {}, ctx.config.intake);
  ctx.out << (*source)->Describe() << ": " << stats.read << " read, " << stats.new_cases
          << " new, " << stats.duplicates << " duplicates, " << stats.needs_review
          << " to review\n";
  if (!stats.status.ok()) return Fail(ctx, stats.status);
  return stats.errors ? kExitTempFail : kExitOk;
}

}  // namespace

std::vector<Command> PublishCommands() {
  return {
      {"execute",
       "carry out the queued deletions and restorations on the wikis",
       "dmca execute [--dry-run] [--limit N] [--verbose]",
       "Claims each queued action, records the wiki's evidence about the target (every\n"
       "upload's user, time, SHA-1 and size; a page's creator and last editors), deletes it\n"
       "with [mediawiki] delete_reason and change_tag and create-protects the title (or\n"
       "restores it), through the [mediawiki] api with its account. Each action runs exactly\n"
       "once, even with several workers or after a crash (reconciled with the deletion log).\n"
       "Exit 0 when nothing is left, 75 when some work must be retried later, 1 when some\n"
       "failed (dmca retry). --dry-run prints the API calls and changes nothing; --limit\n"
       "stops after N actions; --verbose logs every step with its time.\n\n"
       "example: dmca execute",
       {"--dry-run", "--verbose"},
       {"--limit"},
       RunExecute},
      {"archive",
       "write the public archive pages",
       "dmca archive build [--out DIR]",
       "Renders the redacted public pages of every case acted on (the Foundation wiki page,\n"
       "the Commons list section, the village pump notice, uploader notices) into DIR\n"
       "(default [archive] out) as .wikitext files, with index.json, an XML export per wiki\n"
       "for Special:Import, and index.html to preview them.\n\n"
       "example: dmca archive build --out /srv/dmca/archive",
       {},
       {"--out"},
       RunArchive},
      {"letter",
       "the answer to a case's sender",
       "dmca letter ID [--kind KIND]",
       "Prints the letter for case ID: the acknowledgement of a complete notice, the\n"
       "deficiency letter naming exactly what is missing (§512(c)(3)(B)(ii)), or, for a\n"
       "valid counter-notice, the copy forwarded to the complainant with the restoration\n"
       "dates (§512(g)(2)(B)). KIND: acknowledgement, deficiency, counter_notice_forward.\n\n"
       "example: dmca letter 2",
       {},
       {"--kind"},
       RunLetter},
      {"fetch",
       "read the live POP3 or IMAP mailbox",
       "dmca fetch pop3|imap",
       "Reads the mailbox configured in [pop3] or [imap] into the store. Certificates are\n"
       "verified; each message is taken once; POP3 deletes (if configured) and IMAP flags or\n"
       "moves a message only after its case is durably stored.\n\nexample: dmca fetch imap",
       {},
       {},
       RunFetch},
  };
}

}  // namespace dmca::app
