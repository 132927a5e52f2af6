#include "pipeline/ingest/stages.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <utility>

namespace dmca::pipeline {
namespace {

using model::CaseState;
using parsers::notice::Kind;

std::string Sha256Hex(std::string_view bytes) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(bytes.data(), static_cast<unsigned>(bytes.size()));
  return Poco::DigestEngine::digestToHex(sha.digest());
}

class HashStage final : public Stage {
 public:
  explicit HashStage(const Clock& clock) : clock_(clock) {}
  std::string_view Name() const override { return "hash"; }
  Result<StageResult> Run(Ingest& work) override {
    work.c.raw = work.raw.bytes;
    work.c.raw_sha256 = Sha256Hex(work.c.raw);
    work.c.source = work.raw.source_id;
    work.c.received_at = FormatIso8601(clock_.Now());
    return StageResult::kContinue;
  }

 private:
  const Clock& clock_;
};

class DedupeStage final : public Stage {
 public:
  explicit DedupeStage(Store& store) : store_(store) {}
  std::string_view Name() const override { return "dedupe"; }
  Result<StageResult> Run(Ingest& work) override {
    auto found = store_.FindDuplicate(work.c.message_id, work.c.raw_sha256);
    if (!found.ok()) return found.status();
    if (!found->has_value()) return StageResult::kContinue;
    work.duplicate_of = **found;
    return StageResult::kStop;
  }

 private:
  Store& store_;
};

class ClassifyStage final : public Stage {
 public:
  std::string_view Name() const override { return "classify"; }
  Result<StageResult> Run(Ingest& work) override {
    Findings all = work.findings;
    if (work.message) {
      all.insert(all.end(), work.message->findings().begin(), work.message->findings().end());
    }
    work.c.state = model::InitialState(work.c.notice, all);
    return StageResult::kContinue;
  }
};

// Counter-notices and retractions answer a takedown; a resubmitted takedown replaces a deficient
// one (§512(c)(3)(B)(ii): the complainant's answer to a deficiency letter).
class LinkStage final : public Stage {
 public:
  LinkStage(Store& store, const Clock& clock) : store_(store), clock_(clock) {}
  std::string_view Name() const override { return "link"; }

  Result<StageResult> Run(Ingest& work) override {
    const Kind kind = work.c.kind();
    if (kind == Kind::kCounterNotice || kind == Kind::kRetraction) return LinkAnswer(work);
    if (kind == Kind::kTakedown) return FindSuperseded(work);
    return StageResult::kContinue;
  }

 private:
  Result<StageResult> LinkAnswer(Ingest& work) {
    std::optional<std::int64_t> best;
    std::string why;
    for (const auto& [site, title] : model::ActionableTargets(work.c)) {
      auto ids = store_.CasesWithTarget(site, title, Kind::kTakedown, std::nullopt);
      if (!ids.ok()) return ids.status();
      if (!ids->empty() && (!best || ids->back() > *best)) {
        best = ids->back();
        why = "shares target " + site + " " + title;
      }
    }
    if (!best) {
      // "Re: [DMCA #12] ..." or "case 12": the reference staff put in their letters.
      static const std::regex kReference(R"((?:dmca|case)\s*#?\s*(\d{1,12}))", std::regex::icase);
      std::smatch match;
      const std::string subject = work.c.notice.original.subject.value_or("");
      if (std::regex_search(subject, match, kReference)) {
        const std::int64_t id = std::stoll(match[1].str());
        auto referenced = store_.Get(id);
        if (referenced.ok() && referenced->kind() == Kind::kTakedown) {
          best = id;
          why = "its subject names case " + std::to_string(id);
        }
      }
    }
    if (!best && work.c.kind() == Kind::kRetraction) {
      // A retraction comes from the complainant: the takedown's own sender.
      auto ids = store_.CasesFromSender(model::SenderEmail(work.c.notice), Kind::kTakedown);
      if (!ids.ok()) return ids.status();
      if (!ids->empty()) {
        best = ids->back();
        why = "sent by the takedown's sender";
      }
    }
    if (best) {
      work.c.linked_case = best;
      work.c.audit.push_back(
          AuditNow(clock_, "pipeline", "linked",
                   "answers takedown case " + std::to_string(*best) + ": " + why));
    }
    return StageResult::kContinue;
  }

  // A deficient takedown from the same sender about any of the same targets. Asked target by
  // target, so the cost follows the few cases naming these targets, not the sender's history.
  Result<StageResult> FindSuperseded(Ingest& work) {
    const std::string email = model::SenderEmail(work.c.notice);
    if (email.empty()) return StageResult::kContinue;
    std::set<std::int64_t> candidates;
    for (const auto& [site, title] : model::ActionableTargets(work.c)) {
      auto ids = store_.CasesWithTarget(site, title, Kind::kTakedown, CaseState::kDeficient);
      if (!ids.ok()) return ids.status();
      candidates.insert(ids->begin(), ids->end());
    }
    for (std::int64_t id : candidates) {
      auto earlier = store_.Get(id);
      if (!earlier.ok()) return earlier.status();
      if (model::SenderEmail(earlier->notice) == email) work.supersedes.push_back(id);
    }
    return StageResult::kContinue;
  }

  Store& store_;
  const Clock& clock_;
};

class PersistStage final : public Stage {
 public:
  PersistStage(Store& store, const Clock& clock) : store_(store), clock_(clock) {}
  std::string_view Name() const override { return "persist"; }
  bool RunsAfterFailure() const override { return true; }

  Result<StageResult> Run(Ingest& work) override {
    model::Case& c = work.c;
    if (c.raw_sha256.empty()) {  // the hash stage itself failed: still keep every byte
      c.raw = work.raw.bytes;
      c.raw_sha256 = Sha256Hex(c.raw);
      c.source = work.raw.source_id;
      c.received_at = FormatIso8601(clock_.Now());
    }
    std::string detail = "from " + c.source + "; " + std::string(model::StateName(c.state));
    c.audit.insert(c.audit.begin(), AuditNow(clock_, "pipeline", "ingested", detail));
    auto outcome = store_.Insert(c);
    if (!outcome.ok()) {
      c.audit.erase(c.audit.begin());  // a retry inserts it again
      return outcome.status();
    }
    c.id = outcome->id;
    if (!outcome->inserted) {
      work.duplicate_of = outcome->id;
      return StageResult::kStop;
    }
    work.inserted = true;
    for (std::int64_t old_id : work.supersedes) {
      Status status = store_.Supersede(
          old_id, CaseState::kDeficient, c.id,
          AuditNow(clock_, "pipeline", "superseded",
                   "replaced by the resubmitted notice in case " + std::to_string(c.id)));
      // Another writer may have moved the old case meanwhile (staff closed it): not an error.
      if (!status.ok() && status.code() != Status::Code::kFailedPrecondition) return status;
      if (status.ok()) {
        DMCA_RETURN_IF_ERROR(store_.AppendAudit(
            c.id, AuditNow(clock_, "pipeline", "supersedes", "case " + std::to_string(old_id))));
      }
    }
    DMCA_RETURN_IF_ERROR(store_.MarkSeen(c.source));
    return StageResult::kContinue;
  }

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace

std::unique_ptr<Stage> MakeHashStage(const Clock& clock) {
  return std::make_unique<HashStage>(clock);
}
std::unique_ptr<Stage> MakeDedupeStage(Store& store) {
  return std::make_unique<DedupeStage>(store);
}
std::unique_ptr<Stage> MakeClassifyStage() { return std::make_unique<ClassifyStage>(); }
std::unique_ptr<Stage> MakeLinkStage(Store& store, const Clock& clock) {
  return std::make_unique<LinkStage>(store, clock);
}
std::unique_ptr<Stage> MakePersistStage(Store& store, const Clock& clock) {
  return std::make_unique<PersistStage>(store, clock);
}

}  // namespace dmca::pipeline
