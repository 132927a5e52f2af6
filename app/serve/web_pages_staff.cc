// The staff dashboard: login, the review queue, a case, search, the restoration calendar, and
// the decisions posted from a case page.

#include <Poco/URI.h>

#include <algorithm>
#include <chrono>

#include "app/serve/case_view.h"
#include "app/serve/decisions.h"
#include "app/serve/security.h"
#include "app/serve/web.h"
#include "pipeline/calendar/business_days.h"
#include "pipeline/decide/queue.h"
#include "pipeline/decide/workflow.h"

namespace dmca::app::serve {
namespace {

using kainjow::mustache::data;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The targets a case form names: checked boxes ("target" = "1", "3"...) or a typed list
// ("2,3"). nullopt when a value is not a list of target numbers.
std::optional<std::vector<std::size_t>> ChosenTargets(const Request& r) {
  std::vector<std::size_t> out;
  const auto [begin, end] = r.form_all.equal_range("target");
  for (auto it = begin; it != end; ++it) {
    std::string value = it->second;
    std::erase(value, ' ');
    if (value.empty()) continue;
    auto numbers = pipeline::ParseTargetNumbers(value);
    if (!numbers) return std::nullopt;
    out.insert(out.end(), numbers->begin(), numbers->end());
  }
  return out;
}

}  // namespace

Response WebApp::Login(const Request& r, Db& db) {
  Response out;
  data values;
  if (r.method == "POST") {
    if (!FormTokenOk(r)) {
      return Error(403, "this form is stale or did not come from this site; reload the page",
                   Who{});
    }
    // Before the password hash, so a guesser cannot make the server spend argon2id's memory.
    if (!login_limit_.Allow(r.client)) {
      out = Error(429, "too many login attempts from this address; wait a minute", Who{});
      return out;
    }
    const std::string name = r.Form("user");
    auto staff = db.accounts->FindStaff(name);
    if (!staff.ok()) return Error(503, staff.status().message(), Who{});
    // Verified against a real hash even for an unknown name, so the answer's timing does not
    // tell which names exist.
    static const std::string kDummy = [] {
      auto hash = HashPassword("not a real password");
      return hash.ok() ? *hash : std::string();
    }();
    const bool ok = VerifyPassword(r.Form("password"), *staff ? (*staff)->password_hash : kDummy);
    if (ok && *staff && !(*staff)->disabled) {
      const std::string token = RandomHex(32);
      const auto expires =
          clock_.Now() + std::chrono::hours(std::max(1, config_.serve.session_hours));
      Status s = db.accounts->AddSession(TokenHash(token), (*staff)->id, RandomHex(16),
                                         pipeline::FormatIso8601(expires));
      if (!s.ok()) return Error(503, s.message(), Who{});
      Response done = Response::Redirect("/");
      done.set_cookies.push_back(
          Cookie("dmca_session", token, std::max(1, config_.serve.session_hours) * 3600));
      return done;
    }
    values.set("error", "The user name or the password is wrong.");
    values.set("user", name);
  }
  values.set("form_token", FormToken(r, &out));
  Response page = Page("login", "Log in", values, Who{}, r.method == "POST" ? 401 : 200);
  page.set_cookies = out.set_cookies;
  return page;
}

Response WebApp::Logout(const Request&, Db& db, const Who& who) {
  (void)db.accounts->EndSession(TokenHash(who.session_token));
  Response out = Response::Redirect("/login");
  out.set_cookies.push_back(Cookie("dmca_session", "", 0));
  return out;
}

Response WebApp::QueuePage(const Request& r, Db& db, const Who& who) {
  auto items = Queue(db);
  if (!items.ok()) return Error(HttpStatusFor(items.status()), items.status().message(), who);
  const std::string role = r.query.count("for") ? r.query.at("for") : "";
  data list{data::type::list};
  for (const auto& item : *items) {
    if (!role.empty() && item.awaits != role) continue;
    data row;
    row.set("case", std::to_string(item.case_id));
    row.set("awaits", item.awaits);
    row.set("what", item.what);
    row.set("since", item.since);
    row.set("from", item.from);
    list.push_back(row);
  }
  data values;
  values.set("items", list);
  values.set("empty", list.is_empty_list());
  values.set("role", role);
  return Page("queue", "Review queue", values, who);
}

Response WebApp::CasePage(const Request& r, Db& db, const Who& who, std::int64_t id,
                          const std::string& notice, const std::string& error) {
  auto c = db.store->Get(id);
  if (!c.ok()) return Error(HttpStatusFor(c.status()), c.status().message(), who);
  auto trail = db.store->AuditTrail(id, 0, 10'000);
  if (!trail.ok()) return Error(HttpStatusFor(trail.status()), trail.status().message(), who);
  data values = CaseView(*c, *trail);
  if (!notice.empty()) values.set("notice", notice);
  if (!error.empty()) values.set("error", error);
  if (r.query.count("done")) values.set("notice", r.query.at("done"));
  values.set("may_decide", who.staff && pipeline::MayDecide(who.staff->role));
  return Page("case", "Case #" + std::to_string(id), values, who, error.empty() ? 200 : 409);
}

Response WebApp::DecisionPost(const Request& r, Db& db, const Who& who, std::int64_t id,
                              const std::string& verb) {
  DecisionRequest d;
  d.verb = verb;
  d.case_id = id;
  const auto targets = ChosenTargets(r);
  if (!targets) {
    return CasePage(r, db, who, id, "", "target numbers look like 1,3 (the N column)");
  }
  d.targets = *targets;
  d.note = r.Form("note");
  d.kind = r.Form("kind");
  pipeline::Workflow workflow(*db.store, clock_, policy_);
  auto said = Decide(workflow, *who.staff, d);
  QueueChanged();
  if (!said.ok()) {
    Response page = CasePage(r, db, who, id, "", said.status().message());
    page.status = HttpStatusFor(said.status());
    return page;
  }
  // Post/Redirect/Get: reloading the page never decides twice.
  std::string done;
  Poco::URI::encode(*said, "&=?#+%", done);
  return Response::Redirect("/cases/" + std::to_string(id) + "?done=" + done);
}

Response WebApp::SearchPage(const Request& r, Db& db, const Who& who) {
  auto get = [&](const char* key) { return r.query.count(key) ? r.query.at(key) : ""; };
  const std::string q = Lower(get("q")), after = get("from"), before = get("to"),
                    state = get("state");
  pipeline::CaseFilter filter;
  filter.limit = 5000;
  if (!state.empty()) filter.state = model::StateFromName(state);
  auto cases = db.store->List(filter);
  if (!cases.ok()) return Error(HttpStatusFor(cases.status()), cases.status().message(), who);
  data list{data::type::list};
  std::size_t shown = 0;
  for (const auto& c : *cases) {
    const std::string day = c.received_at.substr(0, 10);
    if (!after.empty() && day < after) continue;
    if (!before.empty() && day > before) continue;
    bool match = q.empty();
    match = match || Lower(c.notice.original.from.value_or("")).find(q) != std::string::npos;
    match = match || Lower(c.notice.original.subject.value_or("")).find(q) != std::string::npos;
    for (const auto& t : c.targets) {
      match = match || Lower(t.target.url).find(q) != std::string::npos ||
              Lower(t.target.title.value_or("")).find(q) != std::string::npos;
    }
    if (!match || ++shown > 200) continue;
    data row;
    row.set("id", std::to_string(c.id));
    row.set("kind", std::string(parsers::notice::KindName(c.kind())));
    row.set("state", std::string(model::StateName(c.state)));
    row.set("received", c.received_at);
    row.set("from", c.notice.original.from.value_or("-"));
    row.set("subject", c.notice.original.subject.value_or("-"));
    list.push_back(row);
  }
  data values;
  values.set("cases", list);
  values.set("q", get("q"));
  values.set("from", after);
  values.set("to", before);
  values.set("state", state);
  values.set("count", std::to_string(std::min<std::size_t>(shown, 200)));
  values.set("more", shown > 200);
  return Page("search", "Search cases", values, who);
}

Response WebApp::CalendarPage(const Request&, Db& db, const Who& who) {
  const std::string today = pipeline::FormatIso8601(clock_.Now()).substr(0, 10);
  const auto in_a_week = pipeline::FormatIso8601(clock_.Now() + std::chrono::hours(24 * 7));
  data overdue{data::type::list}, week{data::type::list}, later{data::type::list};
  for (auto state : {model::CaseState::kForwarded, model::CaseState::kRestoreScheduled}) {
    pipeline::CaseFilter filter;
    filter.state = state;
    filter.limit = 100'000;
    auto cases = db.store->List(filter);
    if (!cases.ok()) return Error(HttpStatusFor(cases.status()), cases.status().message(), who);
    for (const auto& c : *cases) {
      auto [earliest, latest] = RestoreWindowOf(c.ReceivedAt());
      std::string on = earliest;
      if (c.restoration) {
        earliest = c.restoration->earliest;
        latest = c.restoration->latest;
        on = c.restoration->on;
      }
      data row;
      row.set("on", on);
      row.set("id", std::to_string(c.id));
      row.set("state", std::string(model::StateName(c.state)));
      row.set("earliest", earliest);
      row.set("latest", latest);
      if (c.linked_case) row.set("takedown", std::to_string(*c.linked_case));
      if (!on.empty() && on < today) {
        overdue.push_back(row);
      } else if (!on.empty() && on <= in_a_week.substr(0, 10)) {
        week.push_back(row);
      } else {
        later.push_back(row);
      }
    }
  }
  data values;
  values.set("today", today);
  values.set("overdue", overdue);
  values.set("week", week);
  values.set("later", later);
  values.set("none", overdue.is_empty_list() && week.is_empty_list() && later.is_empty_list());
  return Page("calendar", "Restoration calendar", values, who);
}

}  // namespace dmca::app::serve
