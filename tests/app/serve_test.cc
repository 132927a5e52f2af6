// The web service in process: WebApp::Handle over a real SQLite store, as the Poco adapter
// calls it (server.cc), plus its security helpers and the counter-notice composer.
#define BOOST_TEST_MODULE app_serve
#include <boost/test/unit_test.hpp>

#include "app/serve/counter_notice.h"
#include "app/serve/decisions.h"
#include "app/serve/rate_limit.h"
#include "app/serve/security.h"
#include "app/serve/web.h"
#include "tests/pipeline/test_util.h"

namespace dmca::app::serve {
namespace {

using pipeline::testing::TempDir;

std::string Takedown(const std::string& id, const std::string& subject = "DMCA notice") {
  return "From: Casey Example <rights@examplestock.example>\r\nTo: legal@wikimedia.org\r\n"
         "Subject: " +
         subject +
         "\r\nDate: Mon, 23 Nov 2026 09:15:00 -0800\r\n"
         "Message-ID: <" +
         id +
         "@examplestock.example>\r\n\r\n"
         "I am writing on behalf of Example Stock Images, the owner of the exclusive copyrights\r\n"
         "in the photographs of our \"Harbour Lights\" series (2024).\r\n\r\n"
         "The following material hosted on your sites infringes that copyright:\r\n\r\n"
         "https://commons.wikimedia.org/wiki/File:Harbour-" +
         id +
         "-1.jpg\r\n"
         "https://commons.wikimedia.org/wiki/File:Harbour-" +
         id +
         "-2.jpg\r\n\r\n"
         "I have a good faith belief that use of the copyrighted materials described above is\r\n"
         "not authorized by the copyright owner, its agent, or the law.\r\n\r\n"
         "I swear, under penalty of perjury, that the information in this notification is\r\n"
         "accurate and that I am authorized to act on behalf of the owner of the exclusive "
         "right\r\n"
         "that is allegedly infringed.\r\n\r\nSincerely,\r\n\r\n/s/ Casey Example\r\n"
         "1 Example Plaza, Springfield, IL 62701, United States\r\nTel: +1 (555) 010-2000\r\n"
         "rights@examplestock.example\r\n";
}

CounterNoticeForm CompleteForm(const std::string& url) {
  CounterNoticeForm f;
  f.material = url;
  f.name = "Uma Uploader";
  f.address = "2 Sample Road, Leeds LS1 1AA, United Kingdom";
  f.phone = "+44 113 496 0000";
  f.email = "uma@example.net";
  f.mistake = f.jurisdiction = true;
  f.signature = "Uma Uploader";
  return f;
}

// A store with one takedown (case 1), an approver and a reviewer, and the app over it.
struct Fixture {
  TempDir dir;
  Config config;
  pipeline::SystemClock clock;
  std::unique_ptr<WebApp> app;
  std::unique_ptr<pipeline::Store> store;

  Fixture() {
    config.store_path = dir.File("dmca.db");
    config.serve.form_per_hour = 1;
    pipeline::StoreOptions options;
    options.sqlite_path = config.store_path;
    store = std::move(pipeline::OpenStore(options)).value();
    auto accounts = std::move(pipeline::OpenAccountStore(options)).value();
    BOOST_REQUIRE(
        accounts->AddStaff("alice", pipeline::Role::kApprover, *HashPassword("alice-long-password"))
            .ok());
    BOOST_REQUIRE(
        accounts->AddStaff("bob", pipeline::Role::kReviewer, *HashPassword("bob-long-password-1"))
            .ok());
    BOOST_REQUIRE(
        accounts->AddToken(TokenHash("bob-token"), accounts->FindStaff("bob")->value().id, "test")
            .ok());
    BOOST_REQUIRE(
        accounts
            ->AddToken(TokenHash("alice-token"), accounts->FindStaff("alice")->value().id, "test")
            .ok());
    Ingest(Takedown("t1", "<script>alert(1)</script> notice"));
    app = std::make_unique<WebApp>(config, std::move(WebTemplates::Load("")).value(), clock);
  }

  // Through the same one-message ingest as the form's (found again by its bytes' hash).
  void Ingest(const std::string& message) {
    BOOST_REQUIRE(IngestCounterNotice(*store, clock, message, RandomHex(12), {}).ok());
  }

  Response Get(const std::string& path, const std::map<std::string, std::string>& cookies = {}) {
    Request r;
    r.method = "GET";
    const auto q = path.find('?');
    r.path = path.substr(0, q);
    if (q != std::string::npos) {
      std::multimap<std::string, std::string> all;
      ParseFormEncoded(path.substr(q + 1), &all);
      for (auto& [k, v] : all) r.query.emplace(k, v);
    }
    r.cookies = cookies;
    r.client = "192.0.2.1";
    return app->Handle(r);
  }
  Response Post(const std::string& path, const std::string& body,
                const std::map<std::string, std::string>& cookies = {},
                const std::string& client = "192.0.2.1") {
    Request r;
    r.method = "POST";
    r.path = path;
    r.body = body;
    BOOST_REQUIRE(ParseFormEncoded(body, &r.form_all));
    for (const auto& [k, v] : r.form_all) r.form.emplace(k, v);
    r.cookies = cookies;
    r.client = client;
    return app->Handle(r);
  }
  Response Api(const std::string& method, const std::string& path, const std::string& token,
               const std::string& body = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.body = body;
    if (!token.empty()) r.headers["authorization"] = "Bearer " + token;
    r.client = "192.0.2.1";
    return app->Handle(r);
  }

  // The value a Set-Cookie of `response` gives `name`.
  static std::string CookieValue(const Response& response, const std::string& name) {
    for (const auto& c : response.set_cookies) {
      if (c.rfind(name + "=", 0) == 0)
        return c.substr(name.size() + 1, c.find(';') - name.size() - 1);
    }
    return "";
  }
  // The value of the hidden csrf field on a page.
  static std::string CsrfField(const std::string& html) {
    const std::string key = "name=\"csrf\" value=\"";
    const auto at = html.find(key);
    if (at == std::string::npos) return "";
    return html.substr(at + key.size(), html.find('"', at + key.size()) - at - key.size());
  }

  // Logs in through the form; returns the session cookies.
  std::map<std::string, std::string> LogIn(const std::string& user, const std::string& password) {
    const Response form = Get("/login");
    const std::string token = CookieValue(form, "dmca_form");
    BOOST_REQUIRE(!token.empty());
    const Response done =
        Post("/login", "csrf=" + token + "&user=" + user + "&password=" + password,
             {{"dmca_form", token}});
    BOOST_REQUIRE_EQUAL(done.status, 303);
    const std::string session = CookieValue(done, "dmca_session");
    BOOST_REQUIRE_EQUAL(session.size(), 64u);
    return {{"dmca_session", session}};
  }
  std::string CaseState(std::int64_t id) {
    return std::string(model::StateName(store->Get(id)->state));
  }
};

BOOST_AUTO_TEST_CASE(passwords_hash_with_argon2id_and_verify) {
  const auto hash = HashPassword("correct horse battery");
  BOOST_REQUIRE(hash.ok());
  BOOST_TEST(hash->rfind("$argon2id$", 0) == 0);
  BOOST_TEST(VerifyPassword("correct horse battery", *hash));
  BOOST_TEST(!VerifyPassword("correct horse batterx", *hash));
  BOOST_TEST(*HashPassword("correct horse battery") != *hash);  // salted
  BOOST_TEST(!PasswordProblem("short").empty());
  BOOST_TEST(PasswordProblem("twelve chars").empty());
  BOOST_TEST(RandomHex(16).size() == 32u);
  BOOST_TEST(RandomHex(16) != RandomHex(16));
  BOOST_TEST(TokenHash("abc") ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(SameSecret("abc", "abc"));
  BOOST_TEST(!SameSecret("abc", "abd"));
  BOOST_TEST(!SameSecret("", ""));
}

BOOST_AUTO_TEST_CASE(rate_limiter_allows_a_burst_then_one_per_interval) {
  RateLimiter limiter(3, std::chrono::seconds(10));
  const auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 3; ++i) BOOST_TEST(limiter.Allow("a", t0));
  BOOST_TEST(!limiter.Allow("a", t0));
  BOOST_TEST(limiter.Allow("b", t0));  // per key
  BOOST_TEST(!limiter.Allow("a", t0 + std::chrono::seconds(9)));
  BOOST_TEST(limiter.Allow("a", t0 + std::chrono::seconds(11)));
  BOOST_TEST(!limiter.Allow("a", t0 + std::chrono::seconds(12)));
}

BOOST_AUTO_TEST_CASE(form_encoding_decodes_plus_and_percent) {
  std::multimap<std::string, std::string> all;
  BOOST_REQUIRE(ParseFormEncoded("a=1+2&b=%C3%A9%26&target=1&target=3&empty=&flag", &all));
  BOOST_TEST(all.find("a")->second == "1 2");
  BOOST_TEST(all.find("b")->second == "\xC3\xA9&");
  BOOST_TEST(all.count("target") == 2u);
  BOOST_TEST(all.find("flag")->second.empty());
  BOOST_TEST(!ParseFormEncoded("a=%ZZ", &all));
}

// The package's /etc/dmca/dmca.conf is a file dmca accepts.
BOOST_AUTO_TEST_CASE(the_packaged_configuration_loads) {
  const auto packaged = LoadConfig(std::string(DMCA_SOURCE_DIR) + "/packaging/dmca.conf");
  BOOST_REQUIRE_MESSAGE(packaged.ok(), packaged.status().ToString());
  BOOST_TEST(packaged->store_path == "/var/lib/dmca/dmca.db");
  BOOST_TEST(packaged->serve.trusted_proxies == std::vector<std::string>{"127.0.0.1"});
  BOOST_TEST(packaged->serve.listen == "127.0.0.1:8080");  // the README's ini blocks:
                                                           // test_app's every_readme_ini_block
}

BOOST_AUTO_TEST_CASE(forwarded_headers_count_only_from_trusted_proxies) {
  const std::vector<std::string> proxies = {"10.0.0.1", "10.0.0.2"};
  Request r;
  r.headers["x-forwarded-for"] = "6.6.6.6, 192.0.2.7, 10.0.0.2";
  r.headers["x-forwarded-proto"] = "https";
  ResolveClientAddress("198.51.100.9", false, proxies, &r);  // not a proxy: its own address
  BOOST_TEST(r.client == "198.51.100.9");
  BOOST_TEST(!r.https);
  ResolveClientAddress("10.0.0.1", false, proxies, &r);  // the nearest hop that is no proxy
  BOOST_TEST(r.client == "192.0.2.7");
  BOOST_TEST(r.https);
  r.headers.erase("x-forwarded-for");
  ResolveClientAddress("10.0.0.1", false, proxies, &r);
  BOOST_TEST(r.client == "10.0.0.1");
}

BOOST_AUTO_TEST_CASE(a_complete_form_reads_as_a_complete_counter_notice) {
  const auto form = CompleteForm("https://commons.wikimedia.org/wiki/File:Harbour-1.jpg");
  const std::string message =
      ComposeCounterNotice(form, "ref1", "legal@wikimedia.org", std::chrono::system_clock::now());
  const auto missing = MissingFromCounterNotice(message, form, {});
  BOOST_TEST(missing.empty(), "missing: " << (missing.empty() ? "" : missing[0]));

  auto partial = form;
  partial.mistake = partial.jurisdiction = false;
  const auto lacks =
      MissingFromCounterNotice(ComposeCounterNotice(partial, "ref2", "legal@wikimedia.org",
                                                    std::chrono::system_clock::now()),
                               partial, {});
  BOOST_TEST((std::find(lacks.begin(), lacks.end(), "mistake_statement") != lacks.end()));
  BOOST_TEST((std::find(lacks.begin(), lacks.end(), "jurisdiction_consent") != lacks.end()));
}

BOOST_AUTO_TEST_CASE(form_fields_cannot_inject_headers) {
  auto form = CompleteForm("https://commons.wikimedia.org/wiki/File:X.jpg");
  form.name = "Uma\r\nBcc: victim@example.org";
  form.takedown = "1\r\nX-Evil: yes";
  const std::string m =
      ComposeCounterNotice(form, "ref3", "legal@wikimedia.org", std::chrono::system_clock::now());
  BOOST_TEST(m.find("\r\nBcc:") == std::string::npos);
  BOOST_TEST(m.find("\r\nX-Evil:") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(staff_pages_need_a_login) {
  Fixture f;
  BOOST_TEST(f.Get("/").status == 303);
  BOOST_TEST(f.Get("/").location == "/login");
  BOOST_TEST(f.Post("/cases/1/approve", "csrf=x").status == 403);
  BOOST_TEST(f.Get("/login").status == 200);
  // A wrong password: 401 and no session.
  const Response form = f.Get("/login");
  const std::string token = Fixture::CookieValue(form, "dmca_form");
  const Response wrong =
      f.Post("/login", "csrf=" + token + "&user=alice&password=nope", {{"dmca_form", token}});
  BOOST_TEST(wrong.status == 401);
  BOOST_TEST(Fixture::CookieValue(wrong, "dmca_session").empty());
  // A login form posted without its cookie (from another site) is refused.
  BOOST_TEST(
      f.Post("/login", "csrf=" + token + "&user=alice&password=alice-long-password").status == 403);
}

BOOST_AUTO_TEST_CASE(logins_are_rate_limited_per_address) {
  Fixture f;
  const Response form = f.Get("/login");
  const std::string token = Fixture::CookieValue(form, "dmca_form");
  const std::map<std::string, std::string> cookie{{"dmca_form", token}};
  const std::string wrong = "csrf=" + token + "&user=alice&password=guess";
  int limited = 0;
  for (int i = 0; i < 7; ++i)
    limited += f.Post("/login", wrong, cookie, "203.0.113.5").status == 429;
  BOOST_TEST(limited == 2);  // a burst of 5, then 429 before any password is checked
  // Even the right password waits, from that address; another address logs in.
  BOOST_TEST(f.Post("/login", "csrf=" + token + "&user=alice&password=alice-long-password", cookie,
                    "203.0.113.5")
                 .status == 429);
  BOOST_TEST(f.Post("/login", "csrf=" + token + "&user=alice&password=alice-long-password", cookie,
                    "203.0.113.6")
                 .status == 303);
}

BOOST_AUTO_TEST_CASE(session_cookies_are_httponly_secure_samesite) {
  Fixture f;
  const Response form = f.Get("/login");
  const std::string token = Fixture::CookieValue(form, "dmca_form");
  const Response done =
      f.Post("/login", "csrf=" + token + "&user=alice&password=alice-long-password",
             {{"dmca_form", token}});
  BOOST_REQUIRE(!done.set_cookies.empty());
  const std::string& cookie = done.set_cookies.back();
  BOOST_TEST(cookie.find("HttpOnly") != std::string::npos);
  BOOST_TEST(cookie.find("Secure") != std::string::npos);
  BOOST_TEST(cookie.find("SameSite=Strict") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_value_is_escaped) {
  Fixture f;
  const auto session = f.LogIn("alice", "alice-long-password");
  const Response page = f.Get("/cases/1", session);
  BOOST_TEST(page.status == 200);
  BOOST_TEST(page.body.find("<script>alert(1)</script>") == std::string::npos);
  BOOST_TEST(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  BOOST_TEST(page.body.find("<mark") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_reviewer_cannot_approve_and_a_forged_post_changes_nothing) {
  Fixture f;
  const auto bob = f.LogIn("bob", "bob-long-password-1");
  const std::string bob_csrf = Fixture::CsrfField(f.Get("/cases/1", bob).body);
  BOOST_REQUIRE(!bob_csrf.empty());
  const Response refused = f.Post("/cases/1/approve", "csrf=" + bob_csrf + "&target=1", bob);
  BOOST_TEST(refused.status == 403);
  BOOST_TEST(refused.body.find("only an approver may approve") != std::string::npos);

  const auto alice = f.LogIn("alice", "alice-long-password");
  BOOST_TEST(f.Post("/cases/1/approve", "target=1", alice).status == 403);
  BOOST_TEST(f.Post("/cases/1/approve", "csrf=" + bob_csrf + "&target=1", alice).status == 403);
  BOOST_TEST(f.CaseState(1) == "pending_approval");

  const std::string csrf = Fixture::CsrfField(f.Get("/cases/1", alice).body);
  const Response approved = f.Post("/cases/1/approve", "csrf=" + csrf + "&target=2", alice);
  BOOST_TEST(approved.status == 303);
  BOOST_TEST(f.CaseState(1) == "approved");
  const auto c = f.store->Get(1);
  BOOST_TEST(std::string(model::TargetStateName(c->targets[0].state)) == "pending");
  BOOST_TEST(std::string(model::TargetStateName(c->targets[1].state)) == "approved");
  // The audit trail names the staff member who logged in.
  BOOST_TEST(c->audit.back().actor == "alice");

  // Logging out ends the session in the store, not only in the browser.
  BOOST_TEST(f.Post("/logout", "csrf=" + csrf, alice).status == 303);
  BOOST_TEST(f.Get("/", alice).status == 303);
}

BOOST_AUTO_TEST_CASE(the_api_takes_tokens_and_roles) {
  Fixture f;
  BOOST_TEST(f.Api("GET", "/api/v1/cases/1", "").status == 401);
  BOOST_TEST(f.Api("GET", "/api/v1/cases/1", "wrong").status == 401);
  const Response shown = f.Api("GET", "/api/v1/cases/1", "bob-token");
  BOOST_TEST(shown.status == 200);
  BOOST_TEST(shown.body.find("\"pending_approval\"") != std::string::npos);
  BOOST_TEST(f.Api("GET", "/api/v1/queue", "bob-token").body.find("approver") != std::string::npos);
  BOOST_TEST(f.Api("POST", "/api/v1/cases/1/approve", "bob-token", "{\"targets\": [1]}").status ==
             403);
  BOOST_TEST(f.Api("POST", "/api/v1/cases/1/approve", "alice-token", "{\"targets\": [9]}").status ==
             400);
  BOOST_TEST(f.Api("POST", "/api/v1/cases/1/reject", "alice-token", "{}").status == 400);
  const Response ok = f.Api("POST", "/api/v1/cases/1/approve", "alice-token", "{\"targets\": [1]}");
  BOOST_TEST(ok.status == 200, ok.body);
  BOOST_TEST(f.CaseState(1) == "approved");
  BOOST_TEST(f.Api("POST", "/api/v1/cases/99/approve", "alice-token", "{}").status == 404);
}

BOOST_AUTO_TEST_CASE(the_counter_notice_form_checks_stores_links_and_limits) {
  Fixture f;
  const Response form = f.Get("/counter-notice");
  BOOST_TEST(form.status == 200);
  const std::string token = Fixture::CookieValue(form, "dmca_form");
  const std::map<std::string, std::string> cookie{{"dmca_form", token}};
  const std::string fields =
      "csrf=" + token +
      "&material=https%3A%2F%2Fcommons.wikimedia.org%2Fwiki%2FFile%3AHarbour-t1-1.jpg"
      "&name=Uma+Uploader&address=2+Sample+Road%2C+Leeds&phone=%2B44+113+496+0000"
      "&email=uma%40example.net&signature=Uma+Uploader";
  // Without the statements: 422 and the list of what is missing; nothing stored.
  const Response incomplete = f.Post("/counter-notice", fields, cookie, "198.51.100.1");
  BOOST_TEST(incomplete.status == 422);
  BOOST_TEST(incomplete.body.find("mistake or misidentification") != std::string::npos);
  BOOST_TEST(f.store->List({})->size() == 1u);
  // Without the form cookie: refused (a cross-site POST).
  BOOST_TEST(f.Post("/counter-notice", fields + "&mistake=yes&jurisdiction=yes", {}, "198.51.100.2")
                 .status == 403);

  const Response done =
      f.Post("/counter-notice", fields + "&mistake=yes&jurisdiction=yes", cookie, "198.51.100.3");
  BOOST_TEST(done.status == 201);
  const std::string marker = "id=\"reference\">";
  const auto at = done.body.find(marker);
  BOOST_REQUIRE(at != std::string::npos);
  const std::string reference = done.body.substr(at + marker.size(), 24);
  const auto cn = f.store->Get(2);
  BOOST_REQUIRE(cn.ok());
  BOOST_TEST(cn->kind() == parsers::notice::Kind::kCounterNotice);
  BOOST_TEST(cn->notice.analysis.complete);
  BOOST_REQUIRE(cn->linked_case.has_value());
  BOOST_TEST(*cn->linked_case == 1);

  const Response status = f.Get("/status/" + reference);
  BOOST_TEST(status.status == 200);
  BOOST_TEST(status.body.find("Uma") == std::string::npos);
  BOOST_TEST(status.body.find("Leeds") == std::string::npos);
  BOOST_TEST(status.body.find("Casey") == std::string::npos);
  BOOST_TEST(f.Get("/status/" + std::string(24, '0')).status == 404);
  BOOST_TEST(f.Get("/status/not-a-reference").status == 404);

  // The same address again and again: a burst of 3, then 429 (form_per_hour = 1).
  int limited = 0;
  for (int i = 0; i < 5; ++i) {
    limited += f.Post("/counter-notice", fields, cookie, "203.0.113.9").status == 429;
  }
  BOOST_TEST(limited == 2);
}

BOOST_AUTO_TEST_CASE(decisions_check_the_verb_the_reason_and_the_role) {
  Fixture f;
  pipeline::Workflow workflow(*f.store, f.clock);
  pipeline::StaffAccount alice{1, "alice", pipeline::Role::kApprover, "", false};
  DecisionRequest d{"court-action", 1, {}, "", ""};
  BOOST_TEST(Decide(workflow, alice, d).status().code() == Status::Code::kInvalidArgument);
  d.note = "a court action on a takedown nobody answered";
  BOOST_TEST(Decide(workflow, alice, d).status().code() == Status::Code::kFailedPrecondition);
  d.verb = "launch";
  BOOST_TEST(Decide(workflow, alice, d).status().code() == Status::Code::kInvalidArgument);
  pipeline::StaffAccount bob{2, "bob", pipeline::Role::kReviewer, "", false};
  d.verb = "set-kind";
  d.kind = "takedown";
  d.note = "reviewers classify";
  BOOST_TEST(Decide(workflow, bob, d).status().code() != Status::Code::kPermissionDenied);
}

}  // namespace
}  // namespace dmca::app::serve
