// The commands that read mail into the store and list it: ingest, cases (decisions live in
// commands_decide.cc; execute, archive and fetch in commands_publish.cc).

#include <cstdio>
#include <iomanip>
#include <sstream>

#include "app/commands.h"
#include "app/context.h"
#include "app/store_access.h"
#include "app/table.h"
#include "parsers/notice/notice.h"
#include "pipeline/ingest/stages.h"
#include "pipeline/model/case_json.h"
#include "pipeline/runner/runner.h"
#include "pipeline/sources/file_sources.h"

namespace dmca::app {
namespace {

using parsers::notice::Kind;

// "12 read, 10 new, 2 duplicates, 1 needs review" (stderr line on a terminal, rewritten).
std::string Totals(const pipeline::RunStats& s) {
  std::ostringstream line;
  line << s.read << " read, " << s.new_cases << " new, " << s.duplicates << " duplicate"
       << (s.duplicates == 1 ? "" : "s") << ", " << s.needs_review << " to review, " << s.findings
       << " finding" << (s.findings == 1 ? "" : "s");
  if (s.errors) line << ", " << s.errors << " not stored";
  return line.str();
}

int RunIngest(Context& ctx, const Args& args) {
  if (args.positionals().empty()) return UsageError(ctx, "ingest", "expects a SOURCE");
  pipeline::FileSourceOptions options;
  options.include_cur = args.Has("--all");
  // Open every source before the store, so a bad argument leaves no store behind.
  std::vector<std::unique_ptr<pipeline::Source>> sources;
  for (const std::string& path : args.positionals()) {
    auto source = pipeline::OpenSource(path, options);
    if (!source.ok()) return Fail(ctx, source.status());
    sources.push_back(std::move(source).value());
  }
  auto store = OpenConfiguredStore(ctx);
  if (!store.ok()) return Fail(ctx, store.status());
  bool failed = false, retryable = false;
  for (auto& source : sources) {
    pipeline::RunnerOptions runner_options;
    const std::string what = source->Describe();
    if (ctx.interactive) {
      runner_options.progress = [&ctx, &what](const pipeline::RunStats& s, double elapsed) {
        ctx.err << "\r" << what << ": " << Totals(s) << " (" << std::fixed << std::setprecision(0)
                << (elapsed > 0 ? s.read / elapsed : 0) << "/s)   " << std::flush;
      };
    }
    const pipeline::RunStats stats = pipeline::IngestAll(
        *source, **store, *ctx.clock, std::move(runner_options), ctx.config.intake,
        IngestOptionsFrom(ctx.config));
    if (ctx.interactive) ctx.err << "\r\033[K";
    ctx.out << what << ": " << Totals(stats) << "\n";
    if (!stats.status.ok()) {
      ctx.err << "dmca: " << what << ": " << stats.status.message() << "\n";
      failed = true;
      retryable = retryable || stats.status.Retryable();
    }
    if (stats.errors > 0) failed = retryable = true;  // left in the source for the next run
  }
  if (retryable) return kExitTempFail;
  return failed ? kExitFailure : kExitOk;
}

std::string Complete(const model::Case& c) {
  const auto& a = c.notice.analysis;
  if (a.kind == Kind::kOther) return a.other_category.empty() ? "-" : a.other_category;
  if (a.complete) return "complete";
  std::string out = "missing ";
  for (std::size_t i = 0; i < a.missing.size(); ++i) out += (i ? ", " : "") + a.missing[i];
  return a.missing.empty() ? parsers::notice::VerdictName(a.verdict).data() : out;
}

std::string TargetSummary(const model::Case& c) {
  std::size_t in_scope = 0;
  std::string first;
  for (const auto& t : c.targets) {
    if (!t.target.in_scope) continue;
    if (in_scope++ == 0) first = t.target.title.value_or(t.target.url);
  }
  if (in_scope == 0) return c.targets.empty() ? "-" : "none in scope";
  return in_scope == 1 ? first : first + " +" + std::to_string(in_scope - 1);
}

int ListCases(Context& ctx, const Args& args, pipeline::Store& store) {
  pipeline::CaseFilter filter;
  if (auto state = args.Get("--state")) {
    filter.state = model::StateFromName(*state);
    if (!filter.state) return UsageError(ctx, "cases", "unknown state '" + *state + "'");
  }
  if (auto kind = args.Get("--kind")) {
    filter.kind = parsers::notice::KindFromName(*kind);
    if (!filter.kind) return UsageError(ctx, "cases", "unknown kind '" + *kind + "'");
  }
  const std::string limit = args.GetOr("--limit", "1000");
  const auto parsed_limit = ParseCount(limit);
  if (!parsed_limit) return UsageError(ctx, "cases", "--limit takes a number, not '" + limit + "'");
  filter.limit = *parsed_limit;
  auto cases = store.List(filter);
  if (!cases.ok()) return Fail(ctx, cases.status());
  std::sort(cases->begin(), cases->end(),
            [](const model::Case& a, const model::Case& b) { return a.id < b.id; });
  if (args.Has("--json")) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array();
    for (const auto& c : *cases) list->add(model::CaseToJson(c));
    ctx.out << model::Stringify(list) << "\n";
    return kExitOk;
  }
  if (args.Has("--ids")) {
    for (const auto& c : *cases) ctx.out << c.id << "\n";
    return kExitOk;
  }
  Table table({"case", "kind", "original sender", "targets", "complete / missing", "state"});
  for (const auto& c : *cases) {
    std::string kind(parsers::notice::KindName(c.kind()));
    if (c.linked_case) kind += " → #" + std::to_string(*c.linked_case);
    table.Add({"#" + std::to_string(c.id), kind, c.notice.original.from.value_or("(unknown)"),
               TargetSummary(c), Complete(c), std::string(model::StateName(c.state))});
  }
  ctx.out << table.Render(ctx.interactive ? 160 : 200);
  ctx.out << cases->size() << " case" << (cases->size() == 1 ? "" : "s") << " in "
          << store.Describe() << "\n";
  return kExitOk;
}

int ShowCase(Context& ctx, pipeline::Store& store, const std::string& id_text, bool json) {
  const auto id = ParseCaseId(id_text);
  if (!id) return UsageError(ctx, "cases", "not a case number: '" + id_text + "'");
  auto c = store.Get(*id);
  if (!c.ok()) return Fail(ctx, c.status());
  if (json) {
    ctx.out << model::Stringify(model::CaseToJson(*c)) << "\n";
    return kExitOk;
  }
  auto actions = store.Actions(*id);
  ctx.out << FormatCase(*c, actions.ok() ? *actions : std::vector<pipeline::Action>{});
  return kExitOk;
}

int RunCases(Context& ctx, const Args& args) {
  const auto& pos = args.positionals();
  if (!pos.empty() && pos[0] != "show") {
    return UsageError(ctx, "cases", "unknown subcommand '" + pos[0] + "'");
  }
  if (!pos.empty() && pos.size() != 2) return UsageError(ctx, "cases", "show expects one ID");
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  return pos.empty() ? ListCases(ctx, args, **store)
                     : ShowCase(ctx, **store, pos[1], args.Has("--json"));
}

}  // namespace

std::vector<Command> CaseCommands() {
  return {
      {"ingest",
       "read mail into the store",
       "dmca ingest [--all] SOURCE...",
       "SOURCE is a Maildir (new deliveries; with --all also cur/), an mbox, a message file,\n"
       "or '-' for standard input (an MTA pipe: exit 75 asks the MTA to retry). Each message\n"
       "is stored verbatim as a case, understood, and linked to the cases it answers; the\n"
       "same message ingested twice is one case. Maildir deliveries move to cur/ only after\n"
       "their case is committed; nothing is ever deleted.\n\n"
       "example: dmca ingest /srv/mail/dmca-intake",
       {"--all"},
       {},
       RunIngest},
      {"cases",
       "list the cases, or show one",
       "dmca cases [--state S] [--kind K] [--ids] [--json] | show ID [--json]",
       "Lists the cases with kind, original sender, targets, what is missing and state.\n"
       "--state: received, needs_review, deficient, not_a_notice, routed, pending_approval,\n"
       "approved, rejected, executed, published, forwarded, restore_scheduled, court_action,\n"
       "restored, superseded, closed. --kind: takedown, counter_notice, retraction, other.\n"
       "--ids prints only the case numbers; --json the cases as JSON (CONTRACT.md). 'show ID'\n"
       "prints one case with its evidence, findings, targets (numbered for approve\n"
       "--targets, with the uploader and SHA-1 the wiki reported), queued actions and audit\n"
       "trail; with --json, as CONTRACT.md's object.\n\n"
       "example: dmca cases --state pending_approval",
       {"--ids", "--json"},
       {"--state", "--kind", "--limit"},
       RunCases},
  };
}

}  // namespace dmca::app
