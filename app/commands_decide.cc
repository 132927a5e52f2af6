// Staff decisions: approve, reject, retry, set-kind, restore, and the review queue. Each parses
// its arguments, calls pipeline::Workflow and prints the outcome.

#include <algorithm>

#include "app/commands.h"
#include "app/context.h"
#include "app/mail_access.h"
#include "app/render_options.h"
#include "app/store_access.h"
#include "app/table.h"
#include "pipeline/decide/queue.h"
#include "pipeline/decide/workflow.h"

namespace dmca::app {
namespace {

struct Decision {
  std::int64_t id = 0;
  std::string user;
  std::string note;
  std::vector<std::size_t> targets;
};

// The arguments every decision takes: one case ID, --as USER, --note, --targets N,...
std::optional<Decision> ParseDecision(Context& ctx, const Args& args, const char* name,
                                      bool note_required, int* exit_code) {
  auto usage = [&](const std::string& message) {
    *exit_code = UsageError(ctx, name, message);
    return std::nullopt;
  };
  if (args.positionals().size() != 1) return usage("expects one case ID");
  Decision d;
  const auto id = ParseCaseId(args.positionals()[0]);
  if (!id) return usage("not a case number: '" + args.positionals()[0] + "'");
  d.id = *id;
  d.user = args.GetOr("--as", ctx.config.staff_user);
  if (d.user.empty()) return usage("say who decides: --as USER");
  d.note = args.GetOr("--note", "");
  if (note_required && d.note.empty()) return usage("give the reason: --note TEXT");
  if (auto list = args.Get("--targets")) {
    auto numbers = pipeline::ParseTargetNumbers(*list);
    if (!numbers) return usage("--targets takes target numbers like 1,3 (see cases show)");
    d.targets = *numbers;
  }
  return d;
}

std::string Which(const Decision& d) {
  if (d.targets.empty()) return "all targets";
  std::string out = "targets ";
  for (std::size_t i = 0; i < d.targets.size(); ++i) {
    out += (i ? "," : "") + std::to_string(d.targets[i]);
  }
  return out;
}

int Run(Context& ctx, const Args& args, const char* name, bool note_required,
        const std::function<Result<std::string>(pipeline::Workflow&, pipeline::Store&,
                                                 const Decision&)>& act) {
  int code = kExitUsage;
  const auto d = ParseDecision(ctx, args, name, note_required, &code);
  if (!d) return code;
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  auto render = MakeRenderOptions(ctx);
  if (!render.ok()) return Fail(ctx, render.status());
  pipeline::Workflow workflow(**store, *ctx.clock, CounterNoticePolicyFrom(ctx, render->options()));
  auto said = act(workflow, **store, *d);
  // A decision may queue letters (a counter-notice's copy, a deficiency letter even when the
  // acceptance is refused): they go out now, or with the next `dmca tick`.
  auto letters = (*store)->Letters(d->id);
  const bool queued =
      letters.ok() && std::any_of(letters->begin(), letters->end(), [](const model::Letter& l) {
        return l.state == model::LetterState::kQueued;
      });
  if (!said.ok()) {
    const int failed = Fail(ctx, said.status());
    if (queued) SendQueuedLetters(ctx, **store);
    return failed;
  }
  ctx.out << "case #" << d->id << ": " << *said << "\n";
  return queued ? SendQueuedLetters(ctx, **store) : kExitOk;
}

int RunApprove(Context& ctx, const Args& args) {
  return Run(ctx, args, "approve", false,
             [](pipeline::Workflow& w, pipeline::Store& store,
                const Decision& d) -> Result<std::string> {
               DMCA_RETURN_IF_ERROR(w.Approve(d.id, d.user, d.note, d.targets));
               auto c = store.Get(d.id);
               if (c.ok() && c->restoration) {
                 const bool retraction = c->kind() == parsers::notice::Kind::kRetraction;
                 return std::string(retraction ? "retraction confirmed" : "counter-notice accepted") +
                        " by " + d.user +
                        (retraction ? "; the restoration is queued ('dmca tick' carries it out)"
                                    : "; the copy goes to the complainant; restoration on " +
                                          c->restoration->on + " (window " +
                                          c->restoration->earliest + " to " +
                                          c->restoration->latest + "), by 'dmca tick'");
               }
               return Which(d) + " approved by " + d.user + "; 'dmca execute' carries them out";
             });
}

int RunReject(Context& ctx, const Args& args) {
  return Run(ctx, args, "reject", true,
             [](pipeline::Workflow& w, pipeline::Store&, const Decision& d) -> Result<std::string> {
               DMCA_RETURN_IF_ERROR(w.Reject(d.id, d.user, d.note, d.targets));
               return (d.targets.empty() ? std::string("rejected") : Which(d) + " rejected") +
                      " by " + d.user;
             });
}

int RunRetry(Context& ctx, const Args& args) {
  return Run(ctx, args, "retry", false,
             [](pipeline::Workflow& w, pipeline::Store&, const Decision& d) -> Result<std::string> {
               auto n = w.Retry(d.id, d.user, d.note, d.targets);
               if (!n.ok()) return n.status();
               return std::to_string(*n) + " failed action(s) queued again by " + d.user;
             });
}

int RunRestore(Context& ctx, const Args& args) {
  return Run(ctx, args, "restore", true,
             [](pipeline::Workflow& w, pipeline::Store&, const Decision& d) -> Result<std::string> {
               DMCA_RETURN_IF_ERROR(w.QueueRestoration(d.id, d.user, d.note, d.targets));
               return "restoration of " + Which(d) + " queued by " + d.user +
                      "; 'dmca execute' carries it out";
             });
}

int RunSetKind(Context& ctx, const Args& args) {
  const auto kind_name = args.Get("--kind");
  if (!kind_name) return UsageError(ctx, "set-kind", "say which kind: --kind K");
  const auto kind = parsers::notice::KindFromName(*kind_name);
  if (!kind) return UsageError(ctx, "set-kind", "unknown kind '" + *kind_name + "'");
  return Run(ctx, args, "set-kind", true,
             [&](pipeline::Workflow& w, pipeline::Store&, const Decision& d) -> Result<std::string> {
               DMCA_RETURN_IF_ERROR(w.SetKind(d.id, *kind, d.user, d.note));
               return "set to " + *kind_name + " by " + d.user + " ('dmca cases show " +
                      std::to_string(d.id) + "' for the new verdict)";
             });
}

int RunQueue(Context& ctx, const Args& args) {
  if (!args.positionals().empty()) return UsageError(ctx, "queue", "takes no arguments");
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  auto items = pipeline::ReviewQueue(**store);
  if (!items.ok()) return Fail(ctx, items.status());
  const auto who = args.Get("--for");
  Table table({"case", "awaits", "since", "original sender", "what"});
  std::size_t shown = 0;
  for (const auto& item : *items) {
    if (who && item.awaits != *who) continue;
    ++shown;
    table.Add({"#" + std::to_string(item.case_id), item.awaits, item.since, item.from, item.what});
  }
  ctx.out << table.Render(ctx.interactive ? 160 : 200);
  ctx.out << shown << " waiting" << (who ? " for " + *who : "") << "\n";
  return kExitOk;
}

}  // namespace

std::vector<Command> DecideCommands() {
  return {
      {"queue",
       "what awaits whom, oldest first",
       "dmca queue [--for ROLE]",
       "The review queue: cases to classify (reviewer), complete takedowns to decide\n"
       "(approver), deficiency letters to send and failed actions to retry (staff), approved\n"
       "deletions not yet carried out (executor). ROLE: reviewer, approver, staff, executor.\n\n"
       "example: dmca queue --for approver",
       {},
       {"--for"},
       RunQueue},
      {"approve",
       "approve a complete takedown's deletions",
       "dmca approve ID [--as USER] [--targets N,...] [--note TEXT]",
       "Approves the deletion of every target of case ID, or of the targets numbered N (the\n"
       "'n' of 'dmca cases show ID --json'), and queues them; 'dmca execute' carries them\n"
       "out. A target off the Wikimedia wikis or on a look-alike host is refused with the\n"
       "reason. Run again with other --targets to approve more. USER defaults to [staff]\n"
       "user.\n\nexample: dmca approve 12 --as jdoe --targets 1,3 --note 'checked the files'",
       {},
       {"--as", "--note", "--targets"},
       RunApprove},
      {"reject",
       "decline to act on a takedown, or on some of its targets",
       "dmca reject ID [--as USER] [--targets N,...] --note REASON",
       "Rejects the whole case (before any deletion reached a wiki), or only the numbered\n"
       "targets (their queued deletions are cancelled), with the reason in the audit trail.\n\n"
       "example: dmca reject 12 --as jdoe --targets 2 --note 'fair use: a quotation'",
       {},
       {"--as", "--note", "--targets"},
       RunReject},
      {"retry",
       "queue the failed actions of a case again",
       "dmca retry ID [--as USER] [--targets N,...] [--note TEXT]",
       "Puts the case's failed deletions (or restorations) back in the queue, after the\n"
       "cause was fixed (a permission, a protected page); 'dmca execute' runs them.\n\n"
       "example: dmca retry 12 --as jdoe --note 'bot given the delete right'",
       {},
       {"--as", "--note", "--targets"},
       RunRetry},
      {"set-kind",
       "classify a case the pipeline could not",
       "dmca set-kind ID --kind K [--as USER] --note TEXT",
       "Sets the kind of case ID (takedown, counter_notice, retraction, other): its elements\n"
       "are judged again for that kind and it moves to the state that follows (pending\n"
       "approval, deficient, ...). For cases in needs_review, or misclassified before a\n"
       "decision. Audited.\n\nexample: dmca set-kind 7 --kind takedown --note 'a scanned letter'",
       {},
       {"--as", "--note", "--kind"},
       RunSetKind},
      {"restore",
       "queue the restoration of deleted targets (a reversal)",
       "dmca restore ID [--as USER] [--targets N,...] --note REASON",
       "Queues the undeletion of every version of the case's deleted targets (or those\n"
       "numbered N), lifting their create-protection; 'dmca execute' carries it out.\n\n"
       "example: dmca restore 12 --as jdoe --targets 1 --note 'licence confirmed'",
       {},
       {"--as", "--note", "--targets"},
       RunRestore},
  };
}

}  // namespace dmca::app
