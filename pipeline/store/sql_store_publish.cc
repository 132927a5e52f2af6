// Publishing in SqlStore (schema version 7): the pages written, the Lumen queue, staff's
// redaction decisions.

#include <Poco/Data/Statement.h>

#include "pipeline/store/sql_store.h"

namespace dmca::pipeline::store_internal {
namespace {

using namespace Poco::Data::Keywords;  // NOLINT: into, bind, now are Poco's DSL
using Poco::Int64;
using Poco::Nullable;
using Poco::Data::Statement;

constexpr int kPublishingVersion = 7;

}  // namespace

Result<std::vector<Publication>> SqlStore::Publications(std::optional<std::int64_t> case_id) {
  if (schema_version_ < kPublishingVersion) return std::vector<Publication>();
  try {
    std::vector<Int64> ids;
    std::vector<std::string> site, title, event, mode, at;
    std::vector<Nullable<Int64>> revision;
    Statement select(*session_);
    select << Q(std::string("SELECT case_id, site, title, event, mode, revision_id, at FROM "
                            "publications") +
                (case_id ? " WHERE case_id = ?" : "") + " ORDER BY id");
    if (case_id) select, bind(static_cast<Int64>(*case_id));
    select, into(ids), into(site), into(title), into(event), into(mode), into(revision), into(at);
    select.execute();
    std::vector<Publication> out;
    out.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      Publication p{.case_id = ids[i],
                    .site = site[i],
                    .title = title[i],
                    .event = event[i],
                    .mode = mode[i],
                    .revision_id = std::nullopt,
                    .at = at[i]};
      if (!revision[i].isNull()) p.revision_id = revision[i].value();
      out.push_back(std::move(p));
    }
    return out;
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": reading publications", e);
  }
}

Status SqlStore::RecordPublication(
    const Publication& p, const model::AuditEntry& entry,
    std::optional<std::pair<model::CaseState, model::CaseState>> transition) {
  return InTransaction(
      describe_ + ": recording a publication of case " + std::to_string(p.case_id),
      [&]() -> Status {
        Nullable<Int64> revision;
        if (p.revision_id) revision = static_cast<Int64>(*p.revision_id);
        Statement insert(*session_);
        insert << Q(
            "INSERT INTO publications (case_id, site, title, event, mode, "
            "revision_id, at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
            "DO NOTHING"),
            bind(static_cast<Int64>(p.case_id)), bind(p.site), bind(p.title), bind(p.event),
            bind(p.mode), bind(revision), bind(p.at.empty() ? Now() : p.at);
        // Recorded before (a repeated publish): nothing else happens again.
        if (insert.execute() == 0) return Status::Ok();
        if (transition) {
          DMCA_RETURN_IF_ERROR(CompareAndSet(p.case_id, transition->first, transition->second));
        }
        return InsertAudit(p.case_id, entry);
      });
}

Result<bool> SqlStore::QueueLumen(std::int64_t case_id, std::string_view event,
                                  std::string_view body) {
  bool inserted = false;
  const Status status = InTransaction(
      describe_ + ": queueing a Lumen submission of case " + std::to_string(case_id),
      [&]() -> Status {
        Statement insert(*session_);
        const std::string now_text = Now();
        insert << Q(
            "INSERT INTO lumen_submissions (case_id, event, state, body, attempts, "
            "location, result, created_at, updated_at) VALUES (?, ?, 'pending', ?, 0, "
            "'', '', ?, ?) ON CONFLICT DO NOTHING"),
            bind(static_cast<Int64>(case_id)), bind(std::string(event)), bind(std::string(body)),
            bind(now_text), bind(now_text);
        inserted = insert.execute() == 1;
        return Status::Ok();
      });
  if (!status.ok()) return status;
  return inserted;
}

Result<std::vector<LumenSubmission>> SqlStore::LumenSubmissions(std::string_view state) {
  if (schema_version_ < kPublishingVersion) return std::vector<LumenSubmission>();
  try {
    std::vector<Int64> id, case_id;
    std::vector<std::string> event, st, body, location, result, created, updated;
    std::vector<int> attempts;
    Statement select(*session_);
    select << Q(std::string("SELECT id, case_id, event, state, body, attempts, location, result, "
                            "created_at, updated_at FROM lumen_submissions") +
                (state.empty() ? "" : " WHERE state = ?") + " ORDER BY id");
    if (!state.empty()) select, bind(std::string(state));
    select, into(id), into(case_id), into(event), into(st), into(body), into(attempts),
        into(location), into(result), into(created), into(updated);
    select.execute();
    std::vector<LumenSubmission> out;
    for (std::size_t i = 0; i < id.size(); ++i) {
      out.push_back(LumenSubmission{.id = id[i],
                                    .case_id = case_id[i],
                                    .event = event[i],
                                    .state = st[i],
                                    .body = body[i],
                                    .attempts = attempts[i],
                                    .location = location[i],
                                    .result = result[i],
                                    .created_at = created[i],
                                    .updated_at = updated[i]});
    }
    return out;
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": reading Lumen submissions", e);
  }
}

Status SqlStore::UpdateLumen(std::int64_t id, std::string_view from, std::string_view to,
                             std::string_view location, std::string_view result,
                             const model::AuditEntry& entry) {
  return InTransaction(
      describe_ + ": updating Lumen submission " + std::to_string(id), [&]() -> Status {
        std::vector<Int64> case_id;
        *session_ << Q("SELECT case_id FROM lumen_submissions WHERE id = ?"),
            bind(static_cast<Int64>(id)), into(case_id), now;
        if (case_id.empty()) return Status::NotFound("no Lumen submission " + std::to_string(id));
        Statement update(*session_);
        update << Q(
            "UPDATE lumen_submissions SET state = ?, location = ?, result = ?, "
            "updated_at = ?, attempts = attempts + ? WHERE id = ? AND state = ?"),
            bind(std::string(to)), bind(std::string(location)), bind(std::string(result)),
            bind(Now()), bind(to == "sending" ? 1 : 0), bind(static_cast<Int64>(id)),
            bind(std::string(from));
        if (update.execute() != 1) {
          return Status::FailedPrecondition("Lumen submission " + std::to_string(id) +
                                            " is no longer " + std::string(from));
        }
        return InsertAudit(case_id[0], entry);
      });
}

Result<std::vector<RedactionDecision>> SqlStore::Redactions(std::int64_t case_id) {
  if (schema_version_ < kPublishingVersion) return std::vector<RedactionDecision>();
  try {
    std::vector<Int64> id;
    std::vector<std::string> span, decision, reason, actor, at;
    *session_ << Q(
        "SELECT id, span, decision, reason, actor, at FROM redactions WHERE "
        "case_id = ? ORDER BY id"),
        bind(static_cast<Int64>(case_id)), into(id), into(span), into(decision), into(reason),
        into(actor), into(at), now;
    std::vector<RedactionDecision> out;
    for (std::size_t i = 0; i < id.size(); ++i) {
      out.push_back(RedactionDecision{.id = id[i],
                                      .case_id = case_id,
                                      .span = span[i],
                                      .decision = decision[i],
                                      .reason = reason[i],
                                      .actor = actor[i],
                                      .at = at[i]});
    }
    return out;
  } catch (const std::exception& e) {
    return FromPocoException(describe_ + ": reading redactions", e);
  }
}

Status SqlStore::AddRedaction(const RedactionDecision& d, const model::AuditEntry& entry) {
  if (d.decision != "redact" && d.decision != "keep") {
    return Status::InvalidArgument("a redaction decision is 'redact' or 'keep', not '" +
                                   d.decision + "'");
  }
  return InTransaction(describe_ + ": recording a redaction of case " + std::to_string(d.case_id),
                       [&]() -> Status {
                         std::vector<Int64> exists;
                         *session_ << Q("SELECT id FROM cases WHERE id = ?"),
                             bind(static_cast<Int64>(d.case_id)), into(exists), now;
                         if (exists.empty())
                           return Status::NotFound("no case " + std::to_string(d.case_id));
                         *session_ << Q(
                             "INSERT INTO redactions (case_id, span, decision, reason, actor, at) "
                             "VALUES (?, ?, ?, ?, ?, ?)"),
                             bind(static_cast<Int64>(d.case_id)), bind(d.span), bind(d.decision),
                             bind(d.reason), bind(d.actor), bind(d.at.empty() ? Now() : d.at), now;
                         return InsertAudit(d.case_id, entry);
                       });
}

}  // namespace dmca::pipeline::store_internal
