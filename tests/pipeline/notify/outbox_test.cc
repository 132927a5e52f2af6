#define BOOST_TEST_MODULE notify_transport
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "pipeline/notify/transport.h"

namespace dmca {
inline std::ostream& operator<<(std::ostream& out, Status::Code code) {
  return out << Status::CodeName(code);
}
}  // namespace dmca

namespace dmca::pipeline::notify {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  TempDir() {
    char pattern[] = "/tmp/dmca-outbox-test-XXXXXX";
    BOOST_REQUIRE(mkdtemp(pattern) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string path;
};

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::set<std::string> Entries(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

OutgoingMail Letter(std::string id, std::string body = "The counter-notice was received.\r\n") {
  OutgoingMail mail;
  mail.message_id = std::move(id);
  mail.envelope_from = "legal@wikimedia.org";
  mail.recipients = {"rights@example.org"};
  mail.data =
      "From: legal@wikimedia.org\r\nTo: rights@example.org\r\nMessage-ID: " + mail.message_id +
      "\r\nSubject: Counter-notice\r\n\r\n" + body + ".\r\n..a dot line\r\n";
  return mail;
}

std::unique_ptr<MailTransport> Open(const std::string& dir) {
  auto outbox = OpenOutbox(dir);
  BOOST_REQUIRE_MESSAGE(outbox.ok(), outbox.status().ToString());
  return std::move(outbox).value();
}

BOOST_AUTO_TEST_CASE(a_letter_becomes_one_file_named_from_its_message_id) {
  TempDir tmp;
  auto outbox = Open(tmp.path);
  OutgoingMail mail = Letter("<counter-7.1@dmca.wikimedia.org>");
  BOOST_CHECK(outbox->Delivered(mail) == std::optional<bool>(false));
  int calls = 0;
  Status sent = outbox->Send(mail, [&] {
    ++calls;
    return Status::Ok();
  });
  BOOST_REQUIRE_MESSAGE(sent.ok(), sent.ToString());
  BOOST_CHECK_EQUAL(calls, 1);
  // Byte for byte what was given (no dot-stuffing: a file is not an SMTP stream).
  BOOST_CHECK(Entries(tmp.path) == std::set<std::string>{"counter-7.1@dmca.wikimedia.org.eml"});
  BOOST_CHECK_EQUAL(Read(tmp.path + "/counter-7.1@dmca.wikimedia.org.eml"), mail.data);
  BOOST_CHECK(outbox->Delivered(mail) == std::optional<bool>(true));
  BOOST_CHECK_EQUAL(outbox->Describe(), "outbox " + tmp.path);
}

BOOST_AUTO_TEST_CASE(the_file_appears_whole_only_after_before_commit) {
  TempDir tmp;
  auto outbox = Open(tmp.path);
  OutgoingMail mail = Letter("<atomic@x>", std::string(300'000, 'z') + "\r\n");
  const std::string final_path = tmp.path + "/atomic@x.eml";
  Status sent = outbox->Send(mail, [&] {
    // At the commit point the letter is on disk, complete, under a hidden name only.
    BOOST_CHECK(!fs::exists(final_path));
    std::set<std::string> names = Entries(tmp.path);
    BOOST_REQUIRE_EQUAL(names.size(), 1u);
    const std::string temporary = *names.begin();
    BOOST_CHECK_EQUAL(temporary.front(), '.');
    BOOST_CHECK_EQUAL(Read(tmp.path + "/" + temporary), mail.data);
    BOOST_CHECK(outbox->Delivered(mail) == std::optional<bool>(false));
    return Status::Ok();
  });
  BOOST_REQUIRE_MESSAGE(sent.ok(), sent.ToString());
  BOOST_CHECK(Entries(tmp.path) == std::set<std::string>{"atomic@x.eml"});
  BOOST_CHECK_EQUAL(Read(final_path), mail.data);
}

BOOST_AUTO_TEST_CASE(a_failing_before_commit_delivers_nothing) {
  TempDir tmp;
  auto outbox = Open(tmp.path);
  OutgoingMail mail = Letter("<abandoned@x>");
  Status sent = outbox->Send(mail, [] { return Status::Unavailable("store is locked"); });
  BOOST_CHECK_EQUAL(sent.code(), Status::Code::kUnavailable);
  BOOST_CHECK_EQUAL(sent.message(), "store is locked");
  BOOST_CHECK(Entries(tmp.path).empty());  // no letter, no temporary left behind
  BOOST_CHECK(outbox->Delivered(mail) == std::optional<bool>(false));
  // And the next attempt goes through.
  BOOST_REQUIRE(outbox->Send(mail, [] { return Status::Ok(); }).ok());
  BOOST_CHECK(outbox->Delivered(mail) == std::optional<bool>(true));
}

BOOST_AUTO_TEST_CASE(sending_the_same_letter_again_writes_nothing_new) {
  TempDir tmp;
  auto outbox = Open(tmp.path);
  OutgoingMail mail = Letter("<again@x>");
  BOOST_REQUIRE(outbox->Send(mail, [] { return Status::Ok(); }).ok());
  struct stat before;
  BOOST_REQUIRE_EQUAL(::stat((tmp.path + "/again@x.eml").c_str(), &before), 0);
  int calls = 0;
  Status again = outbox->Send(mail, [&] {
    ++calls;
    return Status::Ok();
  });
  BOOST_REQUIRE_MESSAGE(again.ok(), again.ToString());
  BOOST_CHECK_EQUAL(calls, 0);  // already delivered: there is no commit point to announce
  struct stat after;
  BOOST_REQUIRE_EQUAL(::stat((tmp.path + "/again@x.eml").c_str(), &after), 0);
  BOOST_CHECK_EQUAL(before.st_ino, after.st_ino);
  BOOST_CHECK_EQUAL(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
  BOOST_CHECK_EQUAL(Entries(tmp.path).size(), 1u);
  // A new transport on the same folder (the next run) knows it too.
  auto reopened = Open(tmp.path);
  BOOST_CHECK(reopened->Delivered(mail) == std::optional<bool>(true));
  BOOST_CHECK(reopened->Send(mail, [] { return Status::Ok(); }).ok());
}

BOOST_AUTO_TEST_CASE(another_letter_under_a_used_message_id_is_refused) {
  TempDir tmp;
  auto outbox = Open(tmp.path);
  OutgoingMail first = Letter("<same@x>", "first\r\n");
  OutgoingMail second = Letter("<same@x>", "second\r\n");
  BOOST_REQUIRE(outbox->Send(first, [] { return Status::Ok(); }).ok());
  Status clash = outbox->Send(second, [] { return Status::Ok(); });
  BOOST_CHECK_EQUAL(clash.code(), Status::Code::kAlreadyExists);
  BOOST_CHECK_EQUAL(Read(tmp.path + "/same@x.eml"), first.data);
}

BOOST_AUTO_TEST_CASE(names_are_stable_distinct_and_stay_in_the_folder) {
  TempDir tmp;
  auto outbox = Open(tmp.path);
  const std::string long_id = "<" + std::string(400, 'a') + "@x>";
  for (const std::string& id :
       {std::string("<a/b@x>"), std::string("<a_b@x>"), std::string("<../../etc/passwd>"),
        std::string("<.hidden@x>"), std::string("<a%2Fb@x>"), std::string("<sp ace\r\n@x>"),
        long_id, "<" + std::string(400, 'a') + "@y>"}) {
    Status sent = outbox->Send(Letter(id), [] { return Status::Ok(); });
    BOOST_REQUIRE_MESSAGE(sent.ok(), id + ": " + sent.ToString());
  }
  std::set<std::string> names = Entries(tmp.path);
  BOOST_CHECK_EQUAL(names.size(), 8u);  // no two IDs share a file
  for (const char* name : {"a%2Fb@x.eml", "a_b@x.eml", "%2E.%2F..%2Fetc%2Fpasswd.eml",
                           "%2Ehidden@x.eml", "a%252Fb@x.eml", "sp%20ace%0D%0A@x.eml"}) {
    BOOST_CHECK_MESSAGE(names.count(name) == 1, name);
  }
  for (const std::string& name : names) {
    BOOST_CHECK_LE(name.size(), 255u);
    BOOST_CHECK_NE(name.front(), '.');
  }
  BOOST_CHECK(!fs::exists(tmp.path + "/../etc"));
  // The name of an ID does not change from one run to the next: the hash is a fixed function.
  BOOST_CHECK_EQUAL(names.count(std::string(163, 'a') + "~" + "ef1215e52ce83f8f.eml"), 1u);
}

BOOST_AUTO_TEST_CASE(the_folder_is_made_when_missing) {
  TempDir tmp;
  const std::string dir = tmp.path + "/var/outbox/";
  auto outbox = Open(dir);
  BOOST_CHECK(fs::is_directory(tmp.path + "/var/outbox"));
  BOOST_REQUIRE(outbox->Send(Letter("<made@x>"), [] { return Status::Ok(); }).ok());
  BOOST_CHECK(fs::exists(tmp.path + "/var/outbox/made@x.eml"));
  BOOST_CHECK_EQUAL(outbox->Describe(), "outbox " + tmp.path + "/var/outbox");
}

BOOST_AUTO_TEST_CASE(a_folder_that_cannot_be_made_or_an_id_that_is_empty_is_an_error) {
  TempDir tmp;
  std::ofstream(tmp.path + "/file") << "not a folder";
  auto under_file = OpenOutbox(tmp.path + "/file/outbox");
  BOOST_REQUIRE(!under_file.ok());
  BOOST_CHECK_EQUAL(under_file.status().code(), Status::Code::kIOError);
  BOOST_CHECK_EQUAL(OpenOutbox("").status().code(), Status::Code::kInvalidArgument);

  auto outbox = Open(tmp.path + "/out");
  OutgoingMail no_id = Letter("<>");
  BOOST_CHECK_EQUAL(outbox->Send(no_id, [] { return Status::Ok(); }).code(),
                    Status::Code::kInvalidArgument);
  BOOST_CHECK(outbox->Delivered(no_id) == std::optional<bool>(false));
  BOOST_CHECK(Entries(tmp.path + "/out").empty());
}

}  // namespace
}  // namespace dmca::pipeline::notify
