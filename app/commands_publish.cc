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
#include "archive/redact.h"
#include "archive/render.h"
#include "archive/stats.h"
#include "mediawiki/client.h"
#include "pipeline/calendar/business_days.h"
#include "pipeline/decide/lifecycle.h"
#include "pipeline/execute/execute.h"
#include "pipeline/ingest/stages.h"
#include "pipeline/publish/publish.h"
#include "pipeline/runner/runner.h"
#include "pipeline/sources/imap_source.h"
#include "pipeline/sources/pop3_source.h"

namespace dmca::app {
namespace {

int RunExecute(Context& ctx, const Args& args) {
  if (!args.positionals().empty()) return UsageError(ctx, "execute", "takes no arguments");
  const auto limit = ParseCount(args.GetOr("--limit", "999999999"));
  if (!limit)
    return UsageError(ctx, "execute", "--limit takes a number, not '" + *args.Get("--limit") + "'");
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
  if (args.Get("--limit")) options.max_actions = *limit;
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

int ArchiveBuild(Context& ctx, const Args& args) {
  const std::string out = args.GetOr("--out", ctx.config.archive_out);
  auto render = MakeRenderOptions(ctx);
  if (!render.ok()) return Fail(ctx, render.status());
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  pipeline::ArchiveBuildReport report;
  const Status built = pipeline::BuildArchive(**store, render->options(), out, &report);
  if (!built.ok()) return Fail(ctx, built);
  ctx.out << report.pages << " page" << (report.pages == 1 ? "" : "s") << " of " << report.published
          << " case" << (report.published == 1 ? "" : "s") << " to publish, " << report.cases
          << " case" << (report.cases == 1 ? "" : "s") << " on the site; " << report.files.written
          << " file" << (report.files.written == 1 ? "" : "s") << " written, "
          << report.files.unchanged << " unchanged, " << report.files.removed << " removed in "
          << out << " (index.html, stats.html, preview.html)\n";
  return kExitOk;
}

int ArchivePublish(Context& ctx) {
  auto render = MakeRenderOptions(ctx);
  if (!render.ok()) return Fail(ctx, render.status());
  auto options = PublishOptionsFrom(ctx, render->options());
  if (!options.ok()) return Fail(ctx, options.status());
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  auto http = WikiClientConfig(ctx);
  if (!http.ok()) return Fail(ctx, http.status());
  auto client = mediawiki::HttpClient::Create(std::move(http).value());
  if (!client.ok()) return Fail(ctx, client.status());
  options->report = [&ctx](const std::string& line) { ctx.out << line << "\n" << std::flush; };
  pipeline::PublishReport report;
  const Status published = pipeline::PublishDue(**store, **client, *options, *ctx.clock, &report);
  for (const auto& error : report.errors) ctx.err << "dmca: " << error << "\n";
  ctx.out << report.written << " page" << (report.written == 1 ? "" : "s") << " written, "
          << report.found << " found already there, " << report.already << " published before, "
          << report.failed << " failed; " << report.published << " case"
          << (report.published == 1 ? "" : "s") << " published; Lumen: " << report.lumen_sent
          << " sent, " << report.lumen_retry << " to retry, " << report.lumen_failed << " failed\n";
  if (!published.ok()) return Fail(ctx, published);
  if (report.failed || report.lumen_failed) return kExitFailure;
  return report.lumen_retry ? kExitTempFail : kExitOk;
}

int RunArchive(Context& ctx, const Args& args) {
  const auto& p = args.positionals();
  if (p.size() == 1 && p[0] == "build") return ArchiveBuild(ctx, args);
  if (p.size() == 1 && p[0] == "publish") return ArchivePublish(ctx);
  return UsageError(ctx, "archive", "expects 'build' or 'publish'");
}

// The fields of a case's public copies, as redaction sees them (archive/render.cc redacts the
// same ones).
std::vector<std::pair<std::string, std::pair<std::string, bool>>> PublicFields(
    const model::Case& c) {
  const auto& n = c.notice;
  std::vector<std::pair<std::string, std::pair<std::string, bool>>> fields = {
      {"from", {n.original.from.value_or(""), true}},
      {"to", {n.original.to.value_or(""), true}},
      {"subject", {n.original.subject.value_or(""), true}},
      {"date", {n.original.date.value_or(""), true}},
      {"body", {n.body, false}}};
  for (const auto& w : n.analysis.fields.works) fields.push_back({"work", {w, false}});
  for (const auto& a : n.attachments) fields.push_back({"attachment", {a.filename, false}});
  return fields;
}

int RunRedactions(Context& ctx, const Args& args) {
  if (args.positionals().size() != 1) return UsageError(ctx, "redactions", "expects one case ID");
  const auto id = ParseCaseId(args.positionals()[0]);
  if (!id)
    return UsageError(ctx, "redactions", "not a case number: '" + args.positionals()[0] + "'");
  const auto add = args.Get("--redact");
  const auto keep = args.Get("--keep");
  if (add && keep) return UsageError(ctx, "redactions", "--redact or --keep, not both");
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  auto c = (*store)->Get(*id);
  if (!c.ok()) return Fail(ctx, c.status());
  if (add || keep) {
    const auto note = args.Get("--note");
    if (!note || note->empty()) {
      return UsageError(ctx, "redactions", "--note says why (it goes into the audit trail)");
    }
    const std::string span = add ? *add : *keep;
    if (span.size() < 3) return UsageError(ctx, "redactions", "a span has at least 3 bytes");
    pipeline::RedactionDecision d;
    d.case_id = *id;
    d.span = span;
    d.decision = add ? "redact" : "keep";
    d.reason = *note;
    d.actor = args.GetOr("--as", ctx.config.staff_user);
    // The span itself stays out of the audit trail: it may be the personal data redacted.
    const Status s = (*store)->AddRedaction(
        d, pipeline::AuditNow(*ctx.clock, d.actor, add ? "redaction added" : "redaction kept",
                              std::to_string(span.size()) + " bytes: " + *note));
    if (!s.ok()) return Fail(ctx, s);
  }
  auto decisions = (*store)->Redactions(*id);
  if (!decisions.ok()) return Fail(ctx, decisions.status());
  auto render = MakeRenderOptions(ctx);
  if (!render.ok()) return Fail(ctx, render.status());
  const auto options = pipeline::CaseRenderOptions(render->options(), *decisions);
  std::size_t n = 0;
  ctx.out << "Case " << *id << ": what the public copies redact\n";
  for (const auto& [field, value] : PublicFields(*c)) {
    for (const auto& span :
         archive::RedactionSpans(value.first, c->notice, options.redaction, value.second)) {
      ctx.out << "  " << ++n << ". " << field << ": \"" << span.text << "\" (" << span.reason
              << ")\n";
    }
  }
  if (n == 0) ctx.out << "  nothing\n";
  if (!decisions->empty()) {
    ctx.out << "Staff decisions:\n";
    for (const auto& d : *decisions) {
      ctx.out << "  " << d.at << " " << d.actor << ": " << d.decision << " \"" << d.span << "\" ("
              << d.reason << ")\n";
    }
  }
  return kExitOk;
}

int RunStats(Context& ctx, const Args& args) {
  if (!args.positionals().empty()) return UsageError(ctx, "stats", "takes no arguments");
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  auto stats = pipeline::StoreStats(**store);
  if (!stats.ok()) return Fail(ctx, stats.status());
  if (args.Has("--json")) {
    ctx.out << archive::StatsJson(*stats);
  } else {
    ctx.out << archive::StatsCsv(*stats);
  }
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
  const auto stats = pipeline::IngestAll(**source, **store, *ctx.clock, {}, ctx.config.intake,
                                          IngestOptionsFrom(ctx.config));
  ctx.out << (*source)->Describe() << ": " << stats.read << " read, " << stats.new_cases << " new, "
          << stats.duplicates << " duplicates, " << stats.needs_review << " to review\n";
  if (!stats.status.ok()) return Fail(ctx, stats.status);
  return stats.errors ? kExitTempFail : kExitOk;
}

}  // namespace

Result<pipeline::PublishOptions> PublishOptionsFrom(Context& ctx,
                                                    const archive::RenderOptions& render) {
  const PublishConfig& c = ctx.config.publish;
  pipeline::PublishOptions options;
  options.render = render;
  options.summaries = {c.summary_notice, c.summary_list, c.summary_pump, c.summary_uploader,
                       c.summary_update};
  options.change_tag = c.change_tag;
  options.actor = ctx.config.staff_user.empty() ? "publisher" : ctx.config.staff_user;
  options.api = ctx.config.wiki.api;
  if (!c.lumen_url.empty()) {
    auto token = ReadSecret(c.lumen_token_file, "DMCA_LUMEN_TOKEN");
    if (!token.ok()) return token.status().Annotate("[lumen] token_file");
    options.lumen.url = c.lumen_url;
    options.lumen.token = std::move(token).value();
    options.lumen.ca_file = c.lumen_ca_file;
    options.lumen.timeout_seconds = c.lumen_timeout_seconds;
    options.lumen.user_agent = mediawiki::UserAgent(ctx.config.wiki_contact);
  }
  return options;
}


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
       "write the public archive: to the wikis, Lumen, and a folder",
       "dmca archive publish | dmca archive build [--out DIR]",
       "publish: writes the redacted public pages of every case acted on to the wikis (the\n"
       "Foundation page Legal:DMCA_... with createonly, the Commons list section, the village\n"
       "pump section, a \"Notice of upload removal\" on each uploader's talk page in the wiki's\n"
       "language), each page recorded on the case with its revision id; a case moves to\n"
       "published once all its pages are written. Run again, it writes nothing new. Later\n"
       "events (restored, retracted, court action) get one update section each. With [lumen]\n"
       "url and token_file, each published takedown is submitted to Lumen once (failures are\n"
       "retried by the next run). Exit 0, 1 when a page or submission failed, 75 when a\n"
       "submission waits for a retry.\n"
       "build: writes into DIR (default [archive] out) the staff site (index.html by year and\n"
       "month, case/<id>.html, stats.html/.csv/.json), each case's pages as wikitext, its\n"
       "Lumen JSON, an export-0.11 XML dump per wiki and preview.html. Unchanged files are\n"
       "not rewritten; files of earlier builds no longer produced are removed.\n\n"
       "example: dmca archive publish",
       {},
       {"--out"},
       RunArchive},
      {"redactions",
       "review what a case's public copies redact",
       "dmca redactions ID [--redact SPAN | --keep SPAN --note WHY] [--as USER]",
       "Lists every span the public pages, Lumen JSON and archive of case ID redact, with the\n"
       "rule that found it, and staff's decisions. --redact SPAN redacts every occurrence of\n"
       "SPAN the rules missed; --keep SPAN keeps it public (an organisation taken for a\n"
       "person). Each decision is stored and audited; the public copies follow it from the\n"
       "next publish or build on.\n\n"
       "example: dmca redactions 4 --redact \"Jane Q. Public\" --note \"signature in a PDF\"",
       {},
       {"--redact", "--keep", "--note", "--as"},
       RunRedactions},
      {"stats",
       "the transparency report's statistics",
       "dmca stats [--json]",
       "Takedown notices by month and year received: received, complete, deficient, not a\n"
       "notice, acted on fully and partially, rejected, counter-noticed, restored, retracted,\n"
       "and the median days from receipt to action. CSV (default) or JSON; `dmca archive\n"
       "build` also writes them with an HTML page of charts.\n\nexample: dmca stats --json",
       {"--json"},
       {},
       RunStats},
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
