#include "mediawiki/reply.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dmca {
inline std::ostream& operator<<(std::ostream& out, Status::Code code) {
  return out << Status::CodeName(code);
}
}  // namespace dmca

namespace dmca::mediawiki {
namespace {

// Replies of MediaWiki's Action API, in tests/mediawiki/data/ (its README says which were
// recorded from MediaWiki 1.39 and which were shaped from its code).
std::string Recorded(const std::string& name) {
  std::ifstream in(std::filesystem::path(DMCA_SOURCE_DIR) / "tests/mediawiki/data" / name);
  BOOST_REQUIRE_MESSAGE(in, name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

BOOST_AUTO_TEST_SUITE(reply)

BOOST_AUTO_TEST_CASE(tokens) {
  auto login = ParseToken(Recorded("login_token.json"), "login");
  BOOST_REQUIRE(login.ok());
  BOOST_TEST(*login == "9ed1499d99c0c34c73faa07157b3b6075b427365+\\");
  auto csrf = ParseToken(Recorded("csrf_token.json"), "csrf");
  BOOST_REQUIRE(csrf.ok());
  BOOST_TEST(*csrf == "d41d8cd98f00b204e9800998ecf8427e5b4fa4c7+\\");
  auto anonymous = ParseToken(Recorded("csrf_token_anonymous.json"), "csrf");
  BOOST_TEST(anonymous.status().code() == Status::Code::kPermissionDenied);
  BOOST_TEST(!ParseToken(Recorded("csrf_token.json"), "login").ok());
}

BOOST_AUTO_TEST_CASE(login) {
  BOOST_TEST(ParseLogin(Recorded("login_success.json")).ok());
  const Status failed = ParseLogin(Recorded("login_failed.json"));
  BOOST_TEST(failed.code() == Status::Code::kPermissionDenied);
  BOOST_TEST(failed.message() ==
             "login Failed: Incorrect username or password entered. Please try again.");
}

BOOST_AUTO_TEST_CASE(a_deletion_gives_its_log_id) {
  const auto deleted = ParseActionReply("delete", Recorded("delete_logid.json"));
  BOOST_TEST_REQUIRE(deleted.ok(), deleted.status().ToString());
  BOOST_TEST((deleted->log_id == std::optional<std::int64_t>(11)));
  BOOST_TEST(deleted->title == "File:Sunset.png");
}

BOOST_AUTO_TEST_CASE(scheduled_deletions_undeletions_and_protections_give_no_log_id) {
  // ApiDelete.php: a deletion run as a job says "scheduled" and has no log entry yet.
  const auto scheduled = ParseActionReply("delete", Recorded("delete_scheduled.json"));
  BOOST_TEST_REQUIRE(scheduled.ok(), scheduled.status().ToString());
  BOOST_TEST(!scheduled->log_id.has_value());
  BOOST_TEST(scheduled->title == "Commons:Village pump");
  const auto restored = ParseActionReply("undelete", Recorded("undelete_two_versions.json"));
  BOOST_TEST_REQUIRE(restored.ok(), restored.status().ToString());
  BOOST_TEST(!restored->log_id.has_value());
  BOOST_TEST(restored->title == "File:Sunset.png");
  for (const char* file : {"protect_success.json", "protect_lift.json"}) {
    const auto protect = ParseActionReply("protect", Recorded(file));
    BOOST_TEST_REQUIRE(protect.ok(), file << ": " << protect.status().ToString());
    BOOST_TEST(!protect->log_id.has_value(), file);
    BOOST_TEST(protect->title == "File:Sunset.png", file);
  }
}

BOOST_AUTO_TEST_CASE(edits_saved_unchanged_and_refused) {
  const auto created = ParseActionReply("edit", Recorded("edit_created.json"));
  BOOST_TEST_REQUIRE(created.ok(), created.status().ToString());
  BOOST_TEST(created->title == "Sunset");
  BOOST_TEST(!created->log_id.has_value());
  // "nochange": the page already says it; the edit counts as done.
  const auto same = ParseActionReply("edit", Recorded("edit_nochange.json"));
  BOOST_TEST_REQUIRE(same.ok(), same.status().ToString());
  BOOST_TEST(same->title == "Sunset");
  const auto captcha = ParseActionReply("edit", Recorded("edit_captcha.json"));
  BOOST_TEST(captcha.status().code() == Status::Code::kFailedPrecondition);
  BOOST_TEST(captcha.status().message() == "edit not saved: Failure");
  // A reply to another action than the one asked about is a bug of ours, not the wiki's.
  BOOST_TEST(ParseActionReply("delete", Recorded("edit_created.json")).status().code() ==
             Status::Code::kInternal);
}

BOOST_AUTO_TEST_CASE(error_replies_map_to_status) {
  struct Case {
    const char* file;
    Status::Code code;
    bool retryable;
  };
  for (const Case& c : {Case{"error_maxlag.json", Status::Code::kUnavailable, true},
                        Case{"error_maxlag_local.json", Status::Code::kUnavailable, true},
                        Case{"error_ratelimited.json", Status::Code::kUnavailable, true},
                        Case{"error_html.html", Status::Code::kUnavailable, true},
                        Case{"error_badtoken.json", Status::Code::kFailedPrecondition, false},
                        Case{"error_cantundelete.json", Status::Code::kFailedPrecondition, false},
                        Case{"error_permissiondenied.json", Status::Code::kPermissionDenied, false},
                        Case{"error_missingtitle.json", Status::Code::kNotFound, false},
                        Case{"error_articleexists.json", Status::Code::kAlreadyExists, false}}) {
    const Status s = ParseActionReply("delete", Recorded(c.file)).status();
    BOOST_TEST(s.code() == c.code, c.file << ": " << s.ToString());
    BOOST_TEST(s.Retryable() == c.retryable, c.file);
  }
  BOOST_TEST(ParseActionReply("delete", Recorded("error_maxlag_local.json")).status().message() ==
             "maxlag: Waiting for a database server: 10 seconds lagged.");
}

BOOST_AUTO_TEST_CASE(status_for_error_codes) {
  struct Case {
    const char* code;
    Status::Code want;
  };
  for (const Case& c :
       {Case{"maxlag", Status::Code::kUnavailable}, Case{"ratelimited", Status::Code::kUnavailable},
        Case{"readonly", Status::Code::kUnavailable},
        Case{"internal_api_error_DBQueryError", Status::Code::kUnavailable},
        Case{"badtoken", Status::Code::kFailedPrecondition},
        Case{"notoken", Status::Code::kFailedPrecondition},
        Case{"cantundelete", Status::Code::kFailedPrecondition},
        Case{"permissiondenied", Status::Code::kPermissionDenied},
        Case{"protectedpage", Status::Code::kPermissionDenied},
        Case{"blocked", Status::Code::kPermissionDenied},
        Case{"assertuserfailed", Status::Code::kPermissionDenied},
        Case{"mustbeloggedin", Status::Code::kPermissionDenied},
        Case{"missingtitle", Status::Code::kNotFound},
        Case{"nosuchpageid", Status::Code::kNotFound},
        Case{"articleexists", Status::Code::kAlreadyExists},
        Case{"badvalue", Status::Code::kInvalidArgument},
        Case{"", Status::Code::kInvalidArgument}}) {
    const Status s = StatusForError(c.code, "why");
    BOOST_TEST(s.code() == c.want, c.code);
    BOOST_TEST(s.Retryable() == (c.want == Status::Code::kUnavailable), c.code);
    BOOST_TEST(s.message() == std::string(c.code) + ": why");
  }
}

BOOST_AUTO_TEST_CASE(evidence_of_a_file_with_two_uploads) {
  std::string more = "stale";
  const auto evidence = ParseEvidence(Recorded("evidence_two_uploads.json"), &more);
  BOOST_TEST_REQUIRE(evidence.ok(), evidence.status().ToString());
  BOOST_TEST(more.empty());  // batchcomplete: nothing more to ask
  BOOST_TEST(evidence->exists);
  BOOST_TEST(evidence->page_id == 2);
  BOOST_TEST(!evidence->creator.has_value());
  BOOST_TEST_REQUIRE(evidence->uploads.size() == 2u);
  // Newest first, as the wiki lists them: the current version is the re-upload.
  const auto& current = evidence->uploads[0];
  BOOST_TEST(current.user == "Uploader2");
  BOOST_TEST(current.timestamp == "2026-12-01T20:52:41Z");
  BOOST_TEST(current.sha1 == "6febb67b9d0cb2ea22cff625a0f387e97cdefa4f");
  BOOST_TEST(current.size == 852);
  const auto& first = evidence->uploads[1];
  BOOST_TEST(first.user == "Uploader");
  BOOST_TEST(first.timestamp == "2026-12-01T20:52:37Z");
  BOOST_TEST(first.sha1 == "f1d3bb8a11464d55224801bbf146b881d7da6fdf");
  // The caller may not want the continuation at all.
  BOOST_TEST(ParseEvidence(Recorded("evidence_two_uploads.json"), nullptr).ok());
}

// A file with more versions than one reply holds. For a single title, ApiQueryImageInfo.php
// continues with iistart (the timestamp of the next older version), not iicontinue (which it
// only gives when several titles share the reply); recorded with iilimit=1.
BOOST_AUTO_TEST_CASE(evidence_of_a_file_continues_with_iistart) {
  std::string more;
  const auto first = ParseEvidence(Recorded("evidence_continued.json"), &more);
  BOOST_TEST_REQUIRE(first.ok(), first.status().ToString());
  BOOST_TEST_REQUIRE(first->uploads.size() == 1u);
  BOOST_TEST(first->uploads[0].user == "Uploader2");
  BOOST_TEST(more == "2026-12-01T20:52:37Z");
  const auto second = ParseEvidence(Recorded("evidence_continued_2.json"), &more);
  BOOST_TEST_REQUIRE(second.ok(), second.status().ToString());
  BOOST_TEST(more.empty());
  BOOST_TEST_REQUIRE(second->uploads.size() == 1u);
  BOOST_TEST(second->uploads[0].user == "Uploader");
  BOOST_TEST(second->uploads[0].timestamp == "2026-12-01T20:52:37Z");
}

BOOST_AUTO_TEST_CASE(evidence_of_a_missing_file) {
  std::string more;
  const auto evidence = ParseEvidence(Recorded("evidence_missing.json"), &more);
  BOOST_TEST_REQUIRE(evidence.ok(), evidence.status().ToString());
  BOOST_TEST(!evidence->exists);
  BOOST_TEST(evidence->page_id == 0);
  BOOST_TEST(evidence->uploads.empty());
  BOOST_TEST(more.empty());
}

// A Commons file seen from another wiki (en.wikipedia.org/wiki/File:X where X lives on Commons):
// imageinfo lists its uploads, but there is no page on this wiki to delete, and deleting there
// would answer missingtitle, which reads as "already gone" while the file is still up.
BOOST_AUTO_TEST_CASE(a_file_of_a_shared_repository_does_not_exist_on_this_wiki) {
  const auto shared = ParseEvidence(Recorded("evidence_shared.json"), nullptr);
  BOOST_TEST_REQUIRE(shared.ok(), shared.status().ToString());
  BOOST_TEST(!shared->exists);
  BOOST_TEST(shared->uploads.size() == 1u);  // still recorded: where the file really is
  // A local file without a description page is this wiki's: it exists and can be deleted.
  const auto local = ParseEvidence(Recorded("evidence_local_no_page.json"), nullptr);
  BOOST_TEST_REQUIRE(local.ok(), local.status().ToString());
  BOOST_TEST(local->exists);
}

BOOST_AUTO_TEST_CASE(evidence_of_an_invalid_title_names_the_reason) {
  const auto evidence = ParseEvidence(Recorded("evidence_invalid.json"), nullptr);
  BOOST_TEST(evidence.status().code() == Status::Code::kInvalidArgument);
  BOOST_TEST(evidence.status().message() ==
             "the wiki calls the title invalid: The requested page title contains invalid "
             "characters: \"<\".");
}

BOOST_AUTO_TEST_CASE(evidence_of_a_page_names_its_creator) {
  const auto page = ParseEvidence(Recorded("creator_page.json"), nullptr);
  BOOST_TEST_REQUIRE(page.ok(), page.status().ToString());
  BOOST_TEST(page->exists);
  BOOST_TEST(page->page_id == 4);
  BOOST_TEST(page->uploads.empty());
  BOOST_TEST_REQUIRE(page->creator.has_value());
  BOOST_TEST(page->creator->user == "DMCA-Bot");
  BOOST_TEST(page->creator->timestamp == "2026-12-01T20:53:16Z");
  BOOST_TEST(page->creator->revid == 5);
  const auto missing = ParseEvidence(Recorded("creator_missing.json"), nullptr);
  BOOST_TEST_REQUIRE(missing.ok(), missing.status().ToString());
  BOOST_TEST(!missing->exists);
  BOOST_TEST(!missing->creator.has_value());
  BOOST_TEST(
      ParseEvidence(R"({"batchcomplete":true,"query":{"pages":[]}})", nullptr).status().code() ==
      Status::Code::kInternal);
}

BOOST_AUTO_TEST_CASE(revisions_newest_first) {
  const auto revisions = ParseRevisions(
      R"({"batchcomplete":true,"query":{"pages":[{"pageid":4,"ns":0,"title":"Sunset","revisions":[)"
      R"({"revid":9,"parentid":5,"user":"Editor","timestamp":"2026-12-01T21:00:00Z"},)"
      R"({"revid":5,"parentid":0,"user":"DMCA-Bot","timestamp":"2026-12-01T20:53:16Z"}]}]}})");
  BOOST_TEST_REQUIRE(revisions.ok(), revisions.status().ToString());
  BOOST_TEST_REQUIRE(revisions->size() == 2u);
  BOOST_TEST((*revisions)[0].user == "Editor");
  BOOST_TEST((*revisions)[0].revid == 9);
  BOOST_TEST((*revisions)[1].timestamp == "2026-12-01T20:53:16Z");
  const auto none = ParseRevisions(Recorded("creator_missing.json"));
  BOOST_TEST_REQUIRE(none.ok());
  BOOST_TEST(none->empty());
}

BOOST_AUTO_TEST_CASE(log_events_with_tags) {
  const auto events = ParseLogEvents(Recorded("logevents_delete.json"));
  BOOST_TEST_REQUIRE(events.ok(), events.status().ToString());
  BOOST_TEST_REQUIRE(events->size() == 2u);
  const LogEvent& restore = (*events)[0];  // newest first
  BOOST_TEST(restore.log_id == 14);
  BOOST_TEST(restore.type == "delete");
  BOOST_TEST(restore.action == "restore");
  BOOST_TEST(restore.title == "File:Sunset.png");
  BOOST_TEST(restore.user == "DMCA-Bot");
  BOOST_TEST(restore.timestamp == "2026-12-01T20:53:07Z");
  BOOST_TEST(restore.comment ==
             "Office action: DMCA takedown material restored, see [[wmf:Legal:DMCA_X]]");
  BOOST_TEST((restore.tags == std::vector<std::string>{"dmca-takedown"}));
  const LogEvent& deletion = (*events)[1];
  BOOST_TEST(deletion.log_id == 11);
  BOOST_TEST(deletion.action == "delete");
  BOOST_TEST(deletion.comment == "Office action: DMCA takedown, see [[wmf:Legal:DMCA_X]]");

  const auto protect = ParseLogEvents(Recorded("logevents_protect.json"));
  BOOST_TEST_REQUIRE(protect.ok(), protect.status().ToString());
  BOOST_TEST_REQUIRE(protect->size() == 2u);
  BOOST_TEST((*protect)[0].action == "unprotect");
  BOOST_TEST((*protect)[1].action == "protect");
  BOOST_TEST((*protect)[1].type == "protect");
  BOOST_TEST((*protect)[1].log_id == 12);

  const auto empty = ParseLogEvents(Recorded("logevents_empty.json"));
  BOOST_TEST_REQUIRE(empty.ok());
  BOOST_TEST(empty->empty());
  BOOST_TEST(ParseLogEvents(R"({"batchcomplete":true,"query":{}})").status().code() ==
             Status::Code::kInternal);
}

BOOST_AUTO_TEST_CASE(protections_of_a_title) {
  const auto create = ParseProtections(Recorded("protection_create.json"));
  BOOST_TEST_REQUIRE(create.ok(), create.status().ToString());
  BOOST_TEST_REQUIRE(create->size() == 1u);
  BOOST_TEST((*create)[0].type == "create");
  BOOST_TEST((*create)[0].level == "sysop");
  BOOST_TEST((*create)[0].expiry == "infinity");
  const auto none = ParseProtections(Recorded("protection_none.json"));
  BOOST_TEST_REQUIRE(none.ok(), none.status().ToString());
  BOOST_TEST(none->empty());
}

BOOST_AUTO_TEST_CASE(the_change_tag_must_be_defined_and_active) {
  const std::string site = "commons.wikimedia.org";
  BOOST_TEST(CheckChangeTag(Recorded("tags.json"), "dmca-takedown", site).ok());
  struct Case {
    const char* file;
    const char* says;
  };
  for (const Case& c : {Case{"tags_inactive.json", "is not active"},
                        Case{"tags_undefined.json", "is not defined by the wiki"},
                        Case{"tags_absent.json", "is not defined on commons.wikimedia.org"}}) {
    const Status s = CheckChangeTag(Recorded(c.file), "dmca-takedown", site);
    BOOST_TEST(s.code() == Status::Code::kFailedPrecondition, c.file);
    BOOST_TEST(s.message().find("'dmca-takedown'") != std::string::npos, s.message());
    BOOST_TEST(s.message().find(site) != std::string::npos, s.message());
    BOOST_TEST(s.message().find(c.says) != std::string::npos, s.message());
    BOOST_TEST(s.message().find("Special:Tags") != std::string::npos, s.message());
  }
  // Another tag of the list is not ours.
  BOOST_TEST(CheckChangeTag(Recorded("tags.json"), "mw-undo", site).ok());
  BOOST_TEST(!CheckChangeTag(Recorded("tags.json"), "dmca", site).ok());
}

BOOST_AUTO_TEST_CASE(user_name_of_the_session) {
  const auto name = ParseUserName(Recorded("userinfo.json"));
  BOOST_TEST_REQUIRE(name.ok(), name.status().ToString());
  BOOST_TEST(*name == "DMCA-Bot");
  BOOST_TEST(ParseUserName(Recorded("userinfo_anon.json")).status().code() ==
             Status::Code::kPermissionDenied);
}

BOOST_AUTO_TEST_CASE(hostile_bodies_never_throw) {
  for (std::string_view body :
       {"", "null", "[]", "42", "{", "{\"error\":5}", "{\"error\":{}}", "{\"login\":[]}",
        "{\"query\":{\"tokens\":7}}", "{\"edit\":{\"result\":7}}", "\xff\xfe"}) {
    BOOST_TEST(!ParseActionReply("edit", body).ok());
    BOOST_TEST(!ParseLogin(body).ok());
    BOOST_TEST(!ParseToken(body, "csrf").ok());
    BOOST_TEST(!ParseEvidence(body, nullptr).ok());
    BOOST_TEST(!ParseLogEvents(body).ok());
    BOOST_TEST(!ParseProtections(body).ok());
    BOOST_TEST(!CheckChangeTag(body, "t", "s").ok());
    BOOST_TEST(!ParseUserName(body).ok());
  }
}

// Untrusted bodies with the right keys holding the wrong things.
BOOST_AUTO_TEST_CASE(odd_values_in_the_right_places_never_throw) {
  const std::string tags_of_objects =
      R"({"batchcomplete":true,"query":{"logevents":[{"logid":1,"type":"delete",)"
      R"("action":"delete","title":"File:A.jpg","tags":[{"name":"x"},null,["y"]]}]}})";
  BOOST_CHECK_NO_THROW((void)ParseLogEvents(tags_of_objects));
  const std::string odd_pages =
      R"({"query":{"pages":[{"pageid":"two","imageinfo":[7,{"size":"big"}],"revisions":[null],)"
      R"("protection":[1,{"type":["create"]}]}],"logevents":{},"tags":[5,{"name":7}]}})";
  BOOST_CHECK_NO_THROW((void)ParseEvidence(odd_pages, nullptr));
  BOOST_CHECK_NO_THROW((void)ParseRevisions(odd_pages));
  BOOST_CHECK_NO_THROW((void)ParseProtections(odd_pages));
  BOOST_CHECK_NO_THROW((void)ParseLogEvents(odd_pages));
  BOOST_CHECK_NO_THROW((void)CheckChangeTag(odd_pages, "t", "s"));
}

BOOST_AUTO_TEST_CASE(retry_backoff) {
  const Status lag = Status::Unavailable("maxlag");
  BOOST_TEST(RetryDelay(1, 5, lag, std::nullopt)->count() == 1000);
  BOOST_TEST(RetryDelay(2, 5, lag, std::nullopt)->count() == 2000);
  BOOST_TEST(RetryDelay(4, 5, lag, std::nullopt)->count() == 8000);
  BOOST_TEST(!RetryDelay(5, 5, lag, std::nullopt).has_value());
  BOOST_TEST(RetryDelay(1, 9, lag, 7)->count() == 7000);         // Retry-After wins
  BOOST_TEST(RetryDelay(1, 9, lag, 100000)->count() == 120000);  // capped
  BOOST_TEST(RetryDelay(8, 20, lag, std::nullopt)->count() == 60000);
  BOOST_TEST(!RetryDelay(1, 5, Status::PermissionDenied("no"), std::nullopt).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::mediawiki
