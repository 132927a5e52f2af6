// The audit commands: verify the trail's hash chain, show the trail.

#include <string>

#include "app/commands.h"
#include "app/context.h"
#include "app/store_access.h"

namespace dmca::app {
namespace {

// One entry per line, whatever the detail holds.
std::string OneLine(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r' || c == '\t') {
      out += ' ';
    } else {
      out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    }
  }
  return out;
}

int Verify(Context& ctx, pipeline::Store& store) {
  auto check = store.VerifyAudit();
  if (!check.ok()) return Fail(ctx, check.status());
  if (!check->ok) {
    ctx.err << "dmca: audit trail broken: " << check->reason << "\n";
    return kExitFailure;
  }
  ctx.out << "audit trail intact: " << check->entries << " entr"
          << (check->entries == 1 ? "y" : "ies") << "\n"
          << "head: seq " << check->entries << " sha256 " << check->head_hash << "\n";
  return kExitOk;
}

int Show(Context& ctx, pipeline::Store& store, std::optional<std::int64_t> case_id) {
  constexpr std::size_t kPage = 1000;  // the trail is read a page at a time, however long
  ctx.out << "seq  at  case  actor (os user)  action  target  log id  detail\n";
  std::size_t shown = 0;
  for (std::int64_t after = 0;;) {
    auto page = store.AuditTrail(case_id, after, kPage);
    if (!page.ok()) return Fail(ctx, page.status());
    for (const auto& record : *page) {
      const auto& e = record.entry;
      ctx.out << record.seq << "  " << e.at << "  #" << record.case_id << "  " << OneLine(e.actor)
              << (e.os_user.empty() ? "" : " (" + OneLine(e.os_user) + ")") << "  "
              << OneLine(e.action) << "  " << (e.target.empty() ? "-" : OneLine(e.target)) << "  "
              << (e.log_id ? std::to_string(*e.log_id) : "-") << "  "
              << (e.detail.empty() ? "-" : OneLine(e.detail)) << "\n";
    }
    shown += page->size();
    if (page->size() < kPage) break;
    after = page->back().seq;
  }
  ctx.out << shown << " entr" << (shown == 1 ? "y" : "ies") << "\n";
  return kExitOk;
}

int RunAudit(Context& ctx, const Args& args) {
  const auto& pos = args.positionals();
  if (pos.empty()) return UsageError(ctx, "audit", "expects 'verify' or 'show'");
  std::optional<std::int64_t> case_id;
  if (pos[0] == "verify") {
    if (pos.size() != 1) return UsageError(ctx, "audit", "verify takes no arguments");
  } else if (pos[0] == "show") {
    if (pos.size() > 2) return UsageError(ctx, "audit", "show takes at most one case ID");
    if (pos.size() == 2) {
      case_id = ParseCaseId(pos[1]);
      if (!case_id) return UsageError(ctx, "audit", "not a case number: '" + pos[1] + "'");
    }
  } else {
    return UsageError(ctx, "audit", "unknown subcommand '" + pos[0] + "'");
  }
  auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
  if (!store.ok()) return Fail(ctx, store.status());
  return pos[0] == "verify" ? Verify(ctx, **store) : Show(ctx, **store, case_id);
}

}  // namespace

std::vector<Command> AuditCommands() {
  return {
      {"audit",
       "verify or show the tamper-evident audit trail",
       "dmca audit verify | show [ID]",
       "Every entry of the audit trail (who did what to which case, as which operating-system\n"
       "user, with the wiki's log id of each deletion) is chained to the one before it by a\n"
       "SHA-256 hash, and the store keeps the chain's end. 'verify' recomputes the chain: exit\n"
       "0 when it is intact, printing the number of entries and the head hash (keep a copy\n"
       "outside the database: it is what shows a rewrite of the whole chain); exit 1 naming\n"
       "the first entry that was changed, removed, reordered or added behind the store's back.\n"
       "'show' prints the trail, of case ID or of every case, in order.\n\n"
       "example: dmca audit verify",
       {},
       {},
       RunAudit},
  };
}

}  // namespace dmca::app
