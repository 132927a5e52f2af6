#include "app/store_access.h"

#include <filesystem>
#include <sstream>

#include "app/report.h"

namespace dmca::app {

Result<std::unique_ptr<pipeline::Store>> OpenConfiguredStore(Context& ctx, bool must_exist) {
  pipeline::StoreOptions options;
  options.sqlite_path = ctx.config.store_path;
  options.postgres_url = ctx.config.store_url;
  options.clock = ctx.clock.get();
  if (must_exist && options.postgres_url.empty()) {
    std::error_code ec;
    if (!std::filesystem::exists(options.sqlite_path, ec)) {
      return Status::NotFound("no store at " + options.sqlite_path +
                              " (nothing ingested yet: run 'dmca ingest' first)");
    }
  }
  return pipeline::OpenStore(options);
}

pipeline::IngestOptions IngestOptionsFrom(const Config& config) {
  pipeline::IngestOptions options;
  options.max_message_bytes = config.max_message_bytes;
  options.max_message_time = std::chrono::seconds(config.max_message_seconds);
  return options;
}

std::string FormatCase(const model::Case& c, const std::vector<pipeline::Action>& actions) {
  std::ostringstream out;
  out << "Case #" << c.id << "  " << model::StateName(c.state) << "\n"
      << "Received:  " << c.received_at << " from " << c.source << "\n"
      << "Message:   " << (c.message_id.empty() ? "(no Message-ID)" : c.message_id)
      << "\nSHA-256:   " << c.raw_sha256 << " (" << c.raw.size() << " bytes kept verbatim)\n";
  if (c.linked_case) out << "Answers:   case #" << *c.linked_case << "\n";
  if (c.superseded_by) out << "Replaced:  by case #" << *c.superseded_by << "\n";
  out << "\n" << FormatCheckReport(c.notice);
  if (!c.targets.empty()) {
    out << "\nTargets (the numbers approve/reject/restore --targets take):\n";
    int n = 0;
    for (const auto& t : c.targets) {
      out << "  " << ++n << ". " << model::TargetStateName(t.state) << "  "
          << t.target.site.value_or("-") << "  " << t.target.title.value_or(t.target.url);
      if (t.log_id) out << "  (log " << *t.log_id << ")";
      out << "\n";
      if (!t.evidence) continue;
      const auto& e = *t.evidence;
      if (!e.exists) {
        out << "       checked " << e.checked_at << ": no such page on the wiki\n";
        continue;
      }
      for (const auto& u : e.uploads) {
        out << "       upload " << u.timestamp << " by " << u.user << ", SHA-1 " << u.sha1 << ", "
            << u.size << " bytes\n";
      }
      if (e.creator) {
        out << "       created " << e.creator->timestamp << " by " << e.creator->user << "\n";
      }
      for (const auto& r : e.last_edits) {
        out << "       edit " << r.timestamp << " by " << r.user << " (rev " << r.revid << ")\n";
      }
    }
  }
  if (!actions.empty()) {
    out << "\nActions:\n";
    for (const auto& a : actions) {
      out << "  " << pipeline::ActionKindName(a.kind) << " " << a.site << " " << a.title << ": "
          << pipeline::ActionStateName(a.state);
      if (a.attempts) out << " after " << a.attempts << " attempt" << (a.attempts > 1 ? "s" : "");
      if (!a.result.empty()) out << " — " << a.result;
      out << "\n";
    }
  }
  out << "\nAudit trail:\n";
  for (const auto& entry : c.audit) {
    out << "  " << entry.at << "  " << entry.actor;
    if (!entry.os_user.empty()) out << " (" << entry.os_user << ")";
    out << "  " << entry.action;
    if (!entry.target.empty()) out << " " << entry.target;
    if (entry.log_id) out << " (log " << *entry.log_id << ")";
    if (!entry.detail.empty()) out << ": " << entry.detail;
    out << "\n";
  }
  return out.str();
}

}  // namespace dmca::app
