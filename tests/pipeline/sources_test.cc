#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "pipeline/sources/file_sources.h"
#include "tests/pipeline/fake_stages.h"

namespace dmca::pipeline {
namespace {

namespace fs = std::filesystem;
using testing::CountFiles;
using testing::MakeMaildir;
using testing::TempDir;
using testing::WriteFile;

BOOST_AUTO_TEST_SUITE(sources)

BOOST_AUTO_TEST_CASE(maildir_reads_new_and_commits_to_cur) {
  TempDir dir;
  MakeMaildir(dir);
  WriteFile(dir.File("new/1700000000.1.host"), "Subject: one\n\nbody one\n");
  WriteFile(dir.File("new/1700000001.2.host"), "Subject: two\n\nbody two\n");
  WriteFile(dir.File("new/.hidden"), "not a message");
  WriteFile(dir.File("cur/1600000000.0.host:2,RS"), "Subject: old\n\nold\n");
  auto source = MaildirSource::Open(dir.path().string());
  BOOST_TEST_REQUIRE(source.ok(), source.status().ToString());
  BOOST_TEST((*source)->Describe() == "Maildir " + dir.path().string());
  auto first = (*source)->Next();
  BOOST_TEST_REQUIRE((first.ok() && first->has_value()));
  BOOST_TEST((**first).bytes == "Subject: one\n\nbody one\n");
  BOOST_TEST((**first).source_id == "maildir:" + dir.File("new/1700000000.1.host"));
  BOOST_TEST((*source)->Commit(**first).ok());
  BOOST_TEST(fs::exists(dir.File("cur/1700000000.1.host:2,S")));
  BOOST_TEST(!fs::exists(dir.File("new/1700000000.1.host")));
  BOOST_TEST((*source)->Commit(**first).ok());  // committing twice is harmless
  auto second = (*source)->Next();
  BOOST_TEST_REQUIRE(second->has_value());
  // Not committed (a crash): it stays in new/.
  BOOST_TEST(!(*source)->Next()->has_value());  // cur/ is not read by default
  BOOST_TEST(fs::exists(dir.File("new/1700000001.2.host")));
  BOOST_TEST(CountFiles(dir.path() / "cur") == 2u);
}

BOOST_AUTO_TEST_CASE(maildir_reads_cur_when_asked_and_adds_the_seen_flag) {
  TempDir dir;
  MakeMaildir(dir);
  WriteFile(dir.File("cur/1600000000.0.host:2,R"), "Subject: old\n\nold\n");
  FileSourceOptions options;
  options.include_cur = true;
  auto source = MaildirSource::Open(dir.path().string(), options);
  BOOST_TEST_REQUIRE(source.ok());
  auto message = (*source)->Next();
  BOOST_TEST_REQUIRE(message->has_value());
  BOOST_TEST((*source)->Commit(**message).ok());
  BOOST_TEST(fs::exists(dir.File("cur/1600000000.0.host:2,RS")));  // flags stay in ASCII order
  BOOST_TEST(CountFiles(dir.path() / "cur") == 1u);
}

BOOST_AUTO_TEST_CASE(a_vanished_file_is_skipped) {
  TempDir dir;
  MakeMaildir(dir);
  WriteFile(dir.File("new/a"), "Subject: a\n\na\n");
  WriteFile(dir.File("new/b"), "Subject: b\n\nb\n");
  auto source = MaildirSource::Open(dir.path().string());
  fs::rename(dir.File("new/a"), dir.File("cur/a:2,S"));  // another reader took it
  auto message = (*source)->Next();
  BOOST_TEST_REQUIRE(message->has_value());
  BOOST_TEST((**message).key == "new/b");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::pipeline
