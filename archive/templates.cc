#include "archive/templates.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include <kainjow/mustache.hpp>

namespace dmca::archive {
namespace internal {
const std::vector<std::pair<std::string_view, std::string_view>>& BuiltinTemplateSources();
}  // namespace internal

const Templates& Templates::Builtin() {
  static const Templates* const kBuiltin = [] {
    auto* t = new Templates();
    for (const auto& [name, source] : internal::BuiltinTemplateSources()) {
      t->sources_.emplace(std::string(name), std::string(source));
    }
    return t;
  }();
  return *kBuiltin;
}

Status ValidateTemplate(std::string_view name, const std::string& source) {
  try {
    kainjow::mustache::mustache tmpl{source};
    if (!tmpl.is_valid()) {
      return Status::InvalidArgument("template " + std::string(name) + ": " +
                                     tmpl.error_message());
    }
  } catch (const std::exception& e) {
    return Status::InvalidArgument("template " + std::string(name) + ": " + e.what());
  }
  return Status::Ok();
}

Result<Templates> Templates::Load(const std::string& dir) {
  namespace fs = std::filesystem;
  Templates loaded = Builtin();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound("templates dir " + dir + " not found");
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.extension() != ".mustache" || !it->is_regular_file(ec)) continue;
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in.good() && !in.eof()) return Status::IOError("cannot read " + path.string());
    const std::string name = path.stem().string();
    DMCA_RETURN_IF_ERROR(ValidateTemplate(path.string(), buffer.str()));
    loaded.sources_[name] = buffer.str();
  }
  if (ec) return Status::IOError("templates dir " + dir + ": " + ec.message());
  return loaded;
}

const std::string* Templates::Find(std::string_view name) const {
  const auto it = sources_.find(name);
  return it == sources_.end() ? nullptr : &it->second;
}

std::vector<std::string> Templates::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, source] : sources_) names.push_back(name);
  return names;
}

}  // namespace dmca::archive
