// The public pages: the uploader's counter-notice form (17 U.S.C. §512(g)(3)), its receipt, and
// the status page of a receipt's reference, which shows nothing private.

#include "app/serve/case_view.h"
#include "app/serve/counter_notice.h"
#include "app/serve/security.h"
#include "app/serve/web.h"

namespace dmca::app::serve {
namespace {

using kainjow::mustache::data;

CounterNoticeForm FromRequest(const Request& r) {
  CounterNoticeForm f;
  f.takedown = r.Form("takedown");
  f.material = r.Form("material");
  f.name = r.Form("name");
  f.address = r.Form("address");
  f.phone = r.Form("phone");
  f.email = r.Form("email");
  f.mistake = r.Form("mistake") == "yes";
  f.jurisdiction = r.Form("jurisdiction") == "yes";
  f.signature = r.Form("signature");
  return f;
}

// What the uploader reads about where their counter-notice stands: the state in plain words,
// never the names, addresses or text of anyone involved.
std::string PlainState(model::CaseState state) {
  using model::CaseState;
  switch (state) {
    case CaseState::kPendingApproval:
    case CaseState::kReceived:
      return "Received. The Foundation's legal team is reviewing it.";
    case CaseState::kDeficient:
    case CaseState::kNeedsReview:
      return "Received. The legal team needs to read it closely and may write to you.";
    case CaseState::kForwarded:
    case CaseState::kRestoreScheduled:
      return "Accepted. A copy was sent to the person who sent the takedown notice; the "
             "material will be restored in the window below unless they tell us they have "
             "filed a court action.";
    case CaseState::kCourtAction:
      return "The person who sent the takedown notice has reported a court action, so the "
             "material stays removed (17 U.S.C. 512(g)(2)(C)).";
    case CaseState::kRestored:
      return "The material has been restored.";
    default:
      return "Received. The legal team will write to you at the address you gave.";
  }
}

}  // namespace

Response WebApp::CounterNoticePage(const Request& r, Db& db) {
  Response cookies;
  data values;
  values.set("legal_email", config_.serve.legal_email);
  if (r.method == "POST") {
    if (!FormTokenOk(r)) {
      return Error(403, "this form is stale or did not come from this site; reload the page",
                   Who{});
    }
    if (!form_limit_.Allow(r.client)) {
      return Error(429,
                   "too many counter-notices from this address; please wait an hour or "
                   "write to " +
                       config_.serve.legal_email,
                   Who{});
    }
    const serve::CounterNoticeForm form = FromRequest(r);
    const std::string reference = RandomHex(12);
    const std::string message =
        ComposeCounterNotice(form, reference, config_.serve.legal_email, clock_.Now());
    const auto missing = MissingFromCounterNotice(message, form, config_.intake);
    if (missing.empty()) {
      auto id = IngestCounterNotice(*db.store, clock_, message, reference, config_.intake);
      if (!id.ok()) return Error(HttpStatusFor(id.status()), id.status().message(), Who{});
      QueueChanged();
      Status receipt = db.accounts->AddSubmission(reference, *id);
      if (!receipt.ok()) return Error(HttpStatusFor(receipt), receipt.message(), Who{});
      data done;
      done.set("reference", reference);
      done.set("case", std::to_string(*id));
      done.set("legal_email", config_.serve.legal_email);
      return Page("receipt", "Counter-notice received", done, Who{}, 201);
    }
    data list{data::type::list};
    for (const auto& name : missing) {
      data item;
      item.set("words", name == "email"            ? "An e-mail address we can answer"
                        : name == "counter_notice" ? "The statements below, so that it reads "
                                                     "as a counter-notice"
                                                   : ElementInPlainWords(name));
      list.push_back(item);
    }
    values.set("missing", list);
    values.set("has_missing", true);
    for (const char* key :
         {"takedown", "material", "name", "address", "phone", "email", "signature"}) {
      values.set(key, r.Form(key));
    }
    values.set("mistake", form.mistake);
    values.set("jurisdiction", form.jurisdiction);
  }
  values.set("form_token", FormToken(r, &cookies));
  Response page =
      Page("counter_notice", "Counter-notice", values, Who{}, r.method == "POST" ? 422 : 200);
  page.set_cookies = cookies.set_cookies;
  return page;
}

Response WebApp::StatusPage(const Request&, Db& db, const std::string& reference) {
  // References are 24 hex digits; anything else is not looked up at all.
  const bool well_formed = reference.size() == 24 &&
                           reference.find_first_not_of("0123456789abcdef") == std::string::npos;
  auto id = well_formed ? db.accounts->FindSubmission(reference)
                        : Result<std::optional<std::int64_t>>(std::optional<std::int64_t>());
  if (!id.ok()) return Error(HttpStatusFor(id.status()), id.status().message(), Who{});
  if (!*id) return Error(404, "there is no counter-notice with this reference", Who{});
  auto c = db.store->Get(**id);
  if (!c.ok()) return Error(HttpStatusFor(c.status()), c.status().message(), Who{});
  data values;
  values.set("reference", reference);
  values.set("received", c->ReceivedAt().substr(0, 10));
  values.set("state", PlainState(c->state));
  auto [earliest, latest] = RestoreWindowOf(c->ReceivedAt());
  if (c->restoration) {
    earliest = c->restoration->earliest;
    latest = c->restoration->latest;
    values.set("on", c->restoration->on);
  }
  values.set("earliest", earliest);
  values.set("latest", latest);
  values.set("legal_email", config_.serve.legal_email);
  return Page("status", "Counter-notice status", values, Who{});
}

}  // namespace dmca::app::serve
