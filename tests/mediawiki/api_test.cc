#include "mediawiki/api.h"

#include <boost/test/unit_test.hpp>

#include <sstream>

#include "mediawiki/executor.h"

namespace dmca::mediawiki {
namespace {

model::CaseTarget MakeTarget(std::string site, std::string title,
                             model::TargetState state = model::TargetState::kPending) {
  model::CaseTarget t;
  t.target.url = "https://" + site + "/wiki/" + title;
  t.target.site = site;
  t.target.title = title;
  t.target.in_scope = true;
  t.state = state;
  return t;
}

model::Case TakedownCase() {
  model::Case c;
  c.id = 7;
  c.notice.analysis.kind = parsers::notice::Kind::kTakedown;
  c.notice.analysis.fields.sender.organisation = "Example Studios LLC";
  c.notice.original.date = "2026-11-24";
  c.targets = {MakeTarget("commons.wikimedia.org", "File:Sunset over the Bay.jpg"),
               MakeTarget("commons.wikimedia.org", "File:Sunset over the Bay.jpg"),
               MakeTarget("en.wikipedia.org", "File:Café & co.png"),
               MakeTarget("commons.wikimedia.org", "File:Done.jpg", model::TargetState::kDeleted)};
  model::CaseTarget spoof = MakeTarget("c0mmons.wikimedia.org", "File:Spoof.jpg");
  spoof.target.spoof = true;
  spoof.target.in_scope = false;
  c.targets.push_back(spoof);
  model::CaseTarget curid;
  curid.target.url = "https://commons.wikimedia.org/?curid=12";
  curid.target.site = "commons.wikimedia.org";
  c.targets.push_back(curid);
  for (const auto& t : c.targets) c.notice.targets.push_back(t.target);
  return c;
}

BOOST_AUTO_TEST_CASE(form_encoding) {
  BOOST_TEST(FormEncode({{"title", "File:Café & co.png"}, {"reason", "a+b=c/d~e_f.g-h"}}) ==
             "title=File%3ACaf%C3%A9%20%26%20co.png&reason=a%2Bb%3Dc%2Fd~e_f.g-h");
  BOOST_TEST(FormEncode({}).empty());
}

BOOST_AUTO_TEST_CASE(plans_deletions_exactly) {
  PlanConfig config;
  config.change_tag = "office-action";
  const auto calls = PlanDeletions(TakedownCase(), config);
  BOOST_REQUIRE_EQUAL(calls.size(), 2u);  // duplicate, deleted, spoof and curid left out
  BOOST_TEST(calls[0].site == "commons.wikimedia.org");
  BOOST_TEST(calls[0].method == "POST");
  BOOST_TEST(calls[0].needs_token);
  BOOST_TEST(FormEncode(calls[0].params) ==
             "action=delete&title=File%3ASunset%20over%20the%20Bay.jpg"
             "&reason=Office%20action%3A%20DMCA%20takedown%2C%20see%20%5B%5Bwmf%3ALegal%3ADMCA_"
             "Example_Studios_LLC_-_Sunset_over_the_Bay.jpg_%282026-11-24%29%5D%5D"
             "&tags=office-action&format=json&formatversion=2&token=%3Ccsrf-token%3E");
  BOOST_TEST(calls[1].site == "en.wikipedia.org");
  BOOST_TEST(calls[1].params[1].second == "File:Café & co.png");
  BOOST_TEST(calls[0].summary == "delete File:Sunset over the Bay.jpg on commons.wikimedia.org");
}

BOOST_AUTO_TEST_CASE(reason_and_tag_come_from_configuration) {
  PlanConfig config;
  config.deletion_reason = "[[Foundation:Office actions|Office action]] ($1)";
  const auto calls = PlanDeletions(TakedownCase(), config);
  BOOST_REQUIRE(!calls.empty());
  BOOST_TEST(calls[0].params[2].second ==
             "[[Foundation:Office actions|Office action]] "
             "([[wmf:Legal:DMCA_Example_Studios_LLC_-_Sunset_over_the_Bay.jpg_(2026-11-24)]])");
  for (const auto& [key, value] : calls[0].params) BOOST_TEST(key != "tags");
}

BOOST_AUTO_TEST_CASE(plans_restorations_of_deleted_targets) {
  const auto calls = PlanRestorations(TakedownCase(), PlanConfig{});
  BOOST_REQUIRE_EQUAL(calls.size(), 1u);
  BOOST_TEST(calls[0].params[0].second == "undelete");
  BOOST_TEST(calls[0].params[1].second == "File:Done.jpg");
  BOOST_TEST(calls[0].params[2].second.find("§512(g)(2)(C)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(plans_edits_for_each_mode) {
  const model::Case c = TakedownCase();
  auto pages = archive::RenderNotice(c);
  BOOST_REQUIRE(pages.ok());
  const auto calls = PlanEdits(*pages, PlanConfig{});
  BOOST_REQUIRE_EQUAL(calls.size(), pages->size());
  auto get = [](const ApiCall& call, const std::string& key) {
    for (const auto& [k, v] : call.params) {
      if (k == key) return v;
    }
    return std::string("<absent>");
  };
  BOOST_TEST(get(calls[0], "action") == "edit");
  BOOST_TEST(get(calls[0], "createonly") == "1");
  BOOST_TEST(get(calls[0], "text") == (*pages)[0].wikitext);
  BOOST_TEST(get(calls[1], "appendtext") == "\n\n" + (*pages)[1].wikitext);
  BOOST_TEST(get(calls[1], "nocreate") == "1");
  BOOST_TEST(get(calls[1], "summary") == "new takedown");
  BOOST_TEST(get(calls[2], "section") == "new");
  BOOST_TEST(get(calls[2], "sectiontitle") == (*pages)[2].section_title);
  BOOST_TEST(get(calls[2], "text") == (*pages)[2].section_text);
  for (const auto& call : calls) {
    BOOST_TEST(call.params.back().first == "token");
    BOOST_TEST(get(call, "format") == "json");
  }
}

BOOST_AUTO_TEST_CASE(dry_run_records_and_prints) {
  std::ostringstream out;
  DryRunExecutor dry(&out);
  for (const auto& call : PlanDeletions(TakedownCase(), PlanConfig{})) {
    BOOST_TEST(dry.Execute(call).ok());
  }
  BOOST_TEST(dry.calls().size() == 2u);
  BOOST_TEST(out.str().find("dry-run: POST commons.wikimedia.org action=delete&title=File%3ASunset") == 0u);
}

BOOST_AUTO_TEST_CASE(describe_hides_secrets) {
  ApiCall login{.site = "commons.wikimedia.org", .method = "POST",
                .params = {{"action", "login"}, {"lgname", "Bot@dmca"}, {"lgpassword", "hunter2"},
                           {"lgtoken", "abc+\\"}},
                .summary = "login", .needs_token = false};
  const std::string shown = Describe(login);
  BOOST_TEST(shown.find("hunter2") == std::string::npos);
  BOOST_TEST(shown.find("abc") == std::string::npos);
  BOOST_TEST(shown.find("lgname=Bot%40dmca") != std::string::npos);
  ApiCall planned = PlanDeletions(TakedownCase(), PlanConfig{})[0];
  BOOST_TEST(Describe(planned).find("token=%3Ccsrf-token%3E") != std::string::npos);
  const Params real = PrepareParams(planned, "secret-token+\\", 5);
  planned.params = real;
  BOOST_TEST(Describe(planned).find("secret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(prepare_fills_token_and_maxlag) {
  const ApiCall call = PlanDeletions(TakedownCase(), PlanConfig{})[0];
  const Params p = PrepareParams(call, "tok+\\", 5);
  BOOST_REQUIRE_EQUAL(p.size(), call.params.size() + 1);
  BOOST_TEST(p[p.size() - 2].first == "maxlag");
  BOOST_TEST(p[p.size() - 2].second == "5");
  BOOST_TEST(p.back().first == "token");
  BOOST_TEST(p.back().second == "tok+\\");
  BOOST_TEST(FormEncode({p.back()}) == "token=tok%2B%5C");
}

}  // namespace
}  // namespace dmca::mediawiki
