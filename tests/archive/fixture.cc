#include "tests/archive/fixture.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace dmca::archive::testing {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::optional<std::string> Opt(const Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key) || o->isNull(key)) return std::nullopt;
  return o->getValue<std::string>(key);
}

std::vector<std::string> List(const Object::Ptr& o, const std::string& key) {
  std::vector<std::string> out;
  if (!o || !o->has(key)) return out;
  const auto a = o->getArray(key);
  for (unsigned i = 0; i < a->size(); ++i) out.push_back(a->getElement<std::string>(i));
  return out;
}

}  // namespace

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

bool UpdateGolden() {
  const char* v = std::getenv("DMCA_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

Fixture LoadFixture(const std::filesystem::path& dir) {
  Fixture f;
  f.name = dir.filename().string();
  f.dir = dir;
  const auto root = Poco::JSON::Parser().parse(ReadFile(dir / "input.json")).extract<Object::Ptr>();
  auto& n = f.c.notice;
  const auto original = root->getObject("original");
  n.original.from = Opt(original, "from");
  n.original.to = Opt(original, "to");
  n.original.date = Opt(original, "date");
  n.original.subject = Opt(original, "subject");
  n.body = root->getValue<std::string>("body");
  const std::string kind = root->optValue<std::string>("kind", "takedown");
  n.analysis.kind = kind == "counter_notice" ? parsers::notice::Kind::kCounterNotice
                    : kind == "retraction"   ? parsers::notice::Kind::kRetraction
                    : kind == "other"        ? parsers::notice::Kind::kOther
                                             : parsers::notice::Kind::kTakedown;
  n.analysis.missing = List(root, "missing");
  n.analysis.complete = n.analysis.missing.empty();
  if (const auto fields = root->getObject("fields")) {
    auto& out = n.analysis.fields;
    if (const auto s = fields->getObject("sender")) {
      out.sender.name = Opt(s, "name");
      out.sender.organisation = Opt(s, "organisation");
      out.sender.emails = List(s, "emails");
      out.sender.phones = List(s, "phones");
      out.sender.addresses = List(s, "addresses");
    }
    out.principal = Opt(fields, "principal");
    out.works = List(fields, "works");
    out.signature = Opt(fields, "signature");
    out.date_sent = Opt(fields, "date_sent");
  }
  for (const auto& name : List(root, "attachments")) {
    n.attachments.push_back({.path = "2", .filename = name, .mime_type = "application/pdf",
                             .size = 100, .text_extracted = false});
  }
  if (root->has("targets")) {
    const auto targets = root->getArray("targets");
    for (unsigned i = 0; i < targets->size(); ++i) {
      const auto t = targets->getObject(i);
      model::CaseTarget ct;
      ct.target.url = t->getValue<std::string>("url");
      ct.target.site = Opt(t, "site");
      ct.target.title = Opt(t, "title");
      ct.target.in_scope = t->optValue<bool>("in_scope", true);
      ct.target.spoof = t->optValue<bool>("spoof", false);
      ct.uploader = Opt(t, "uploader");
      if (Opt(t, "state") == "deleted") ct.state = model::TargetState::kDeleted;
      n.targets.push_back(ct.target);
      f.c.targets.push_back(ct);
    }
  }
  f.c.id = root->optValue<int>("id", 1);
  f.must_not_contain = List(root, "must_not_contain");
  f.must_contain = List(root, "must_contain");
  return f;
}

std::vector<Fixture> LoadFixtures(const std::string& area) {
  const auto base = std::filesystem::path(DMCA_SOURCE_DIR) / "tests/data/archive" / area;
  std::vector<std::filesystem::path> dirs;
  for (const auto& e : std::filesystem::directory_iterator(base)) {
    if (e.is_directory()) dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<Fixture> out;
  for (const auto& d : dirs) out.push_back(LoadFixture(d));
  return out;
}

std::vector<Page> AllFixturePages() {
  std::vector<Page> all;
  for (const auto& f : LoadFixtures("render")) {
    auto pages = RenderNotice(f.c);
    BOOST_REQUIRE(pages.ok());
    all.insert(all.end(), pages->begin(), pages->end());
  }
  return all;
}

}  // namespace dmca::archive::testing
