#include "pipeline/decide/ledger.h"

#include <algorithm>
#include <map>

namespace dmca::pipeline {

Result<std::vector<Infringer>> RepeatInfringers(Store& store, std::size_t min_notices) {
  std::map<std::string, Infringer> by_user;
  for (model::CaseState state : {model::CaseState::kExecuted, model::CaseState::kPublished,
                                 model::CaseState::kRestored, model::CaseState::kClosed}) {
    auto cases = store.List({state, parsers::notice::Kind::kTakedown, 1'000'000, false});
    if (!cases.ok()) return cases.status();
    for (const auto& c : *cases) {
      std::set<std::string> counted;  // one notice counts once per uploader
      for (const auto& t : c.targets) {
        if (t.state != model::TargetState::kDeleted || !t.uploader || t.uploader->empty()) {
          continue;
        }
        Infringer& who = by_user[*t.uploader];
        who.user = *t.uploader;
        Strike strike{c.id, t.target.site.value_or(""), t.target.title.value_or(t.target.url),
                      t.evidence ? t.evidence->checked_at : c.ReceivedAt()};
        who.sites.insert(strike.site);
        who.strikes.push_back(std::move(strike));
        if (counted.insert(who.user).second) ++who.notices;
      }
    }
  }
  std::vector<Infringer> out;
  for (auto& [user, who] : by_user) {
    if (who.notices < std::max<std::size_t>(min_notices, 1)) continue;
    std::sort(who.strikes.begin(), who.strikes.end(),
              [](const Strike& a, const Strike& b) { return a.at < b.at; });
    who.first = who.strikes.front().at;
    who.last = who.strikes.back().at;
    out.push_back(std::move(who));
  }
  std::sort(out.begin(), out.end(), [](const Infringer& a, const Infringer& b) {
    return a.notices != b.notices ? a.notices > b.notices : a.user < b.user;
  });
  return out;
}

}  // namespace dmca::pipeline
