// The commands that act outside the store: execute (the wikis), archive (public pages), letter
// (answers to senders) and fetch (live mailboxes).

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "app/commands.h"
#include "app/context.h"
#include "app/render_options.h"
#include "app/store_access.h"
#include "archive/export.h"
#include "archive/render.h"
#include "mediawiki/executor.h"
#include "pipeline/calendar/business_days.h"
#include "pipeline/execute.h"
#include "pipeline/runner.h"
#include "pipeline/sources/imap_source.h"
#include "pipeline/sources/pop3_source.h"

namespace dmca::app {
namespace {

using model::CaseState;
using parsers::notice::Kind;

// A secret from its file (first line), else from the environment variable; never printed.
Result<std::string> ReadSecret(const std::string& file, const char* env) {
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) return Status::PermissionDenied("cannot read the password file " + file);
    std::string secret;
    std::getline(in, secret);
    if (!secret.empty() && secret.back() == '\r') secret.pop_back();
    return secret;
  }
  if (const char* value = std::getenv(env); value && *value) return std::string(value);
  return Status::InvalidArgument(std::string("no password: set password_file or $") + env);
}

std::string WorkerName() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

mediawiki::PlanConfig MakePlanConfig(const Context& ctx, const archive::RenderOptions& render) {
  mediawiki::PlanConfig plan;
  plan.deletion_reason = ctx.config.deletion_reason;
  plan.change_tag = ctx.config.change_tag;
  plan.render = render;
  return plan;
}

int RunExecute(Context& ctx, const Args& args) {
  if (!args.positionals().empty()) return UsageError(ctx, "execute", "takes no arguments");
  auto render = MakeRenderOptions(ctx);
  if (!render.ok()) return Fail(ctx, render.status());
  const mediawiki::PlanConfig plan = MakePlanConfig(ctx, render->options());
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  if (args.Has("--dry-run")) {
    auto calls = pipeline::PlanApproved(**store, plan);
    if (!calls.ok()) return Fail(ctx, calls.status());
    mediawiki::DryRunExecutor dry_run(&ctx.out);
    for (const auto& call : *calls) (void)dry_run.Execute(call);
    ctx.out << calls->size() << " call" << (calls->size() == 1 ? "" : "s")
            << " would be made; nothing was changed (dry run)\n";
    return kExitOk;
  }
  if (ctx.config.mediawiki_user.empty()) {
    return Fail(ctx, Status::InvalidArgument(
                         "no wiki account configured: set [mediawiki] user and password_file"));
  }
  auto password = ReadSecret(ctx.config.mediawiki_password_file, "DMCA_MEDIAWIKI_PASSWORD");
  if (!password.ok()) return Fail(ctx, password.status());
  mediawiki::HttpConfig http;
  http.user = ctx.config.mediawiki_user;
  http.password = *password;
  auto executor = mediawiki::HttpExecutor::Create(std::move(http));
  if (!executor.ok()) return Fail(ctx, executor.status());
  pipeline::ExecuteOptions options;
  options.worker = WorkerName();
  options.plan = plan;
  options.report = [&ctx](const std::string& line) { ctx.out << line << "\n"; };
  auto stats = pipeline::ExecuteApproved(**store, **executor, *ctx.clock, options);
  if (!stats.ok()) return Fail(ctx, stats.status());
  ctx.out << stats->done << " done, " << stats->failed << " failed, " << stats->retry_later
          << " to retry; " << stats->executed_cases << " case"
          << (stats->executed_cases == 1 ? "" : "s") << " executed\n";
  return stats->failed ? kExitFailure : kExitOk;
}

// The cases whose public pages exist: takedowns staff acted on, and the counter-notices and
// retractions that answer them.
bool Published(const model::Case& c) {
  switch (c.kind()) {
    case Kind::kTakedown:
      return c.state == CaseState::kApproved || c.state == CaseState::kExecuted ||
             c.state == CaseState::kPublished;
    case Kind::kCounterNotice:
    case Kind::kRetraction:
      return c.state == CaseState::kForwarded || c.state == CaseState::kRestoreScheduled ||
             c.state == CaseState::kRestored || c.state == CaseState::kCourtAction;
    case Kind::kOther:
      return false;
  }
  return false;
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
    if (!Published(c)) continue;
    auto rendered = archive::RenderNotice(c, render->options());
    if (!rendered.ok()) return Fail(ctx, rendered.status().Annotate("case " + std::to_string(c.id)));
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
  } else if (c->kind() == Kind::kCounterNotice && c->notice.analysis.complete) {
    kind = archive::LetterKind::kCounterNoticeForward;
  } else if (!c->notice.analysis.complete) {
    kind = archive::LetterKind::kDeficiency;
  } else {
    kind = archive::LetterKind::kAcknowledgement;
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

pipeline::MailServerOptions ServerOptions(const MailServerConfig& config,
                                          pipeline::TlsMode tls, std::string password) {
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
  auto password = ReadSecret(config.password_file, pop3 ? "DMCA_POP3_PASSWORD" : "DMCA_IMAP_PASSWORD");
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
      {"execute", "carry out approved deletions on the wikis", "dmca execute [--dry-run]",
       "Claims each queued deletion of the approved cases, calls the MediaWiki API with the\n"
       "[mediawiki] account, and records the outcome: each deletion runs exactly once, even\n"
       "with several workers. --dry-run prints the API calls it would make and changes\n"
       "nothing.\n\nexample: dmca execute --dry-run",
       {"--dry-run"}, {}, RunExecute},
      {"archive", "write the public archive pages", "dmca archive build [--out DIR]",
       "Renders the redacted public pages of every case acted on (the Foundation wiki page,\n"
       "the Commons list section, the village pump notice, uploader notices) into DIR\n"
       "(default [archive] out) as .wikitext files, with index.json, an XML export per wiki\n"
       "for Special:Import, and index.html to preview them.\n\n"
       "example: dmca archive build --out /srv/dmca/archive",
       {}, {"--out"}, RunArchive},
      {"letter", "the answer to a case's sender", "dmca letter ID [--kind KIND]",
       "Prints the letter for case ID: the acknowledgement of a complete notice, the\n"
       "deficiency letter naming exactly what is missing (§512(c)(3)(B)(ii)), or, for a\n"
       "valid counter-notice, the copy forwarded to the complainant with the restoration\n"
       "dates (§512(g)(2)(B)). KIND: acknowledgement, deficiency, counter_notice_forward.\n\n"
       "example: dmca letter 2",
       {}, {"--kind"}, RunLetter},
      {"fetch", "read the live POP3 or IMAP mailbox", "dmca fetch pop3|imap",
       "Reads the mailbox configured in [pop3] or [imap] into the store. Certificates are\n"
       "verified; each message is taken once; POP3 deletes (if configured) and IMAP flags or\n"
       "moves a message only after its case is durably stored.\n\nexample: dmca fetch imap",
       {}, {}, RunFetch},
  };
}

}  // namespace dmca::app
