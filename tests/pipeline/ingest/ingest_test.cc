#define BOOST_TEST_MODULE pipeline_ingest
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pipeline/runner/runner.h"
#include "pipeline/sources/file_sources.h"
#include "tests/pipeline/fake_stages.h"

// The pipeline with the real parsers: source detection, mbox splitting, and the whole ingest of
// the bundled sample Maildir.
namespace dmca::pipeline {
namespace {

namespace fs = std::filesystem;
using testing::CountFiles;
using testing::MakeMaildir;
using testing::TempDir;
using testing::WriteFile;

const std::string kMbox = DMCA_CORPUS_DIR "/mime/mimekit-mbox/content-length.mbox.txt";
const std::string kOffsets = DMCA_CORPUS_DIR "/mime/mimekit-mbox/content-length.unix-offsets.json";

// MimeKit's offsets of each "From " marker in the mbox.
std::vector<std::uint64_t> ExpectedOffsets() {
  std::ifstream in(kOffsets);
  std::stringstream text;
  text << in.rdbuf();
  Poco::JSON::Parser parser;
  auto array = parser.parse(text.str()).extract<Poco::JSON::Array::Ptr>();
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    out.push_back(array->getObject(i)->getValue<std::uint64_t>("mboxMarkerOffset"));
  }
  return out;
}

std::vector<std::string> ReadAll(Source& source) {
  std::vector<std::string> ids;
  for (;;) {
    auto next = source.Next();
    if (!next.ok() || !next->has_value()) break;
    ids.push_back((**next).source_id);
  }
  return ids;
}

BOOST_AUTO_TEST_SUITE(ingest)

BOOST_AUTO_TEST_CASE(open_source_detects_and_explains) {
  TempDir dir;
  auto missing = OpenSource(dir.File("nope"));
  BOOST_TEST(missing.status().code() == Status::Code::kNotFound);
  BOOST_TEST(missing.status().message().find(dir.File("nope")) != std::string::npos);

  fs::create_directories(dir.path() / "plain");
  auto not_maildir = OpenSource(dir.File("plain"));
  BOOST_TEST(not_maildir.status().code() == Status::Code::kInvalidArgument);
  BOOST_TEST(not_maildir.status().message().find("not a Maildir") != std::string::npos);

  WriteFile(dir.File("empty.eml"), "");
  auto empty = OpenSource(dir.File("empty.eml"));
  BOOST_TEST(empty.status().code() == Status::Code::kInvalidArgument);
  BOOST_TEST(empty.status().message() == dir.File("empty.eml") + " is empty");

  WriteFile(dir.File("one.eml"), "From: a@example.org\nSubject: x\n\nbody\n");
  auto single = OpenSource(dir.File("one.eml"));
  BOOST_TEST_REQUIRE(single.ok());
  auto message = (*single)->Next();
  BOOST_TEST((**message).source_id == "file:" + dir.File("one.eml"));
  BOOST_TEST(!(*single)->Next()->has_value());

  MakeMaildir(dir);
  auto maildir = OpenSource(dir.path().string());
  BOOST_TEST_REQUIRE(maildir.ok());
  BOOST_TEST((*maildir)->Describe().rfind("Maildir ", 0) == 0);

  WriteFile(dir.File("box.mbox"),
            "From someone@example.org Mon Nov 23 09:00:00 2026\nSubject: x\n\nb\n");
  auto mbox = OpenSource(dir.File("box.mbox"));
  BOOST_TEST_REQUIRE(mbox.ok());
  BOOST_TEST((*mbox)->Describe().rfind("mbox ", 0) == 0);
}

BOOST_AUTO_TEST_CASE(mbox_is_split_in_chunks_at_the_markers) {
  const auto expected = ExpectedOffsets();
  BOOST_TEST_REQUIRE(!expected.empty());
  for (std::size_t chunk : {std::size_t{7}, std::size_t{4096}, std::size_t{1} << 20}) {
    FileSourceOptions options;
    options.mbox_chunk_bytes = chunk;
    auto source = OpenSource(kMbox, options);
    BOOST_TEST_REQUIRE(source.ok(), source.status().ToString());
    const auto ids = ReadAll(**source);
    BOOST_TEST_REQUIRE(ids.size() == expected.size(), "chunk " << chunk);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      BOOST_TEST(ids[i] == "mbox:" + kMbox + "@" + std::to_string(expected[i]));
    }
  }
}

BOOST_AUTO_TEST_CASE(the_sample_maildir_is_ingested_once) {
  TempDir dir;
  fs::copy(DMCA_SOURCE_DIR "/samples/maildir", dir.File("maildir"), fs::copy_options::recursive);
  const std::size_t delivered = CountFiles(dir.path() / "maildir" / "new");
  BOOST_TEST_REQUIRE(delivered > 0u);
  StoreOptions store_options;
  store_options.sqlite_path = dir.File("dmca.db");
  auto store = OpenStore(store_options);
  BOOST_TEST_REQUIRE(store.ok(), store.status().ToString());
  SystemClock clock;
  auto source = OpenSource(dir.File("maildir"));
  BOOST_TEST_REQUIRE(source.ok(), source.status().ToString());
  const RunStats stats = IngestAll(**source, **store, clock);
  BOOST_TEST(stats.status.ok(), stats.status.ToString());
  BOOST_TEST(stats.read == delivered);
  BOOST_TEST(stats.new_cases == delivered);
  BOOST_TEST(stats.errors == 0u);
  BOOST_TEST(CountFiles(dir.path() / "maildir" / "new") == 0u);
  auto cases = (*store)->List({});
  BOOST_TEST(cases->size() == delivered);
  for (const auto& c : *cases) {
    BOOST_TEST(!c.raw_sha256.empty());
    BOOST_TEST(c.audit.at(0).action == "ingested");
    BOOST_TEST_MESSAGE("case " << c.id << " " << parsers::notice::KindName(c.kind()) << " "
                               << model::StateName(c.state) << " " << c.source);
  }
  // Delivered again (a client moved them back): still one case each.
  for (const auto& entry : fs::directory_iterator(dir.path() / "maildir" / "cur")) {
    const std::string name = entry.path().filename().string();
    if (name[0] == '.') continue;
    fs::copy(entry.path(), dir.path() / "maildir" / "new" / name.substr(0, name.find(':')));
  }
  auto again = OpenSource(dir.File("maildir"));
  const RunStats rerun = IngestAll(**again, **store, clock);
  BOOST_TEST(rerun.read == delivered);
  BOOST_TEST(rerun.duplicates == delivered);
  BOOST_TEST(rerun.new_cases == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dmca::pipeline
