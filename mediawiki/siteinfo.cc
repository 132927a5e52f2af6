#include "mediawiki/siteinfo.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "parsers/wikiurl/wiki_url.h"

namespace dmca::mediawiki {

Result<std::vector<std::pair<std::string, std::string>>> ParseSiteInfoNamespaces(
    std::string_view json) {
  std::vector<std::pair<std::string, std::string>> aliases;
  try {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(std::string(json)).extract<Poco::JSON::Object::Ptr>();
    const auto query = root ? root->getObject("query") : nullptr;
    const auto namespaces = query ? query->getObject("namespaces") : nullptr;
    if (!namespaces) return Status::InvalidArgument("not a siteinfo reply with namespaces");
    std::map<int, std::string> canonical;
    for (const auto& [key, value] : *namespaces) {
      const auto ns = value.extract<Poco::JSON::Object::Ptr>();
      const int id = ns->getValue<int>("id");
      if (id == 0 || !ns->has("canonical")) continue;
      const std::string name = ns->getValue<std::string>("canonical");
      canonical[id] = name;
      aliases.emplace_back(name, name);
      // formatversion=2 names the local name "name"; version 1 keeps it in "*".
      const std::string local = ns->has("name") ? ns->getValue<std::string>("name")
                                                : ns->optValue<std::string>("*", "");
      if (!local.empty()) aliases.emplace_back(local, name);
    }
    if (const auto list = query->getArray("namespacealiases")) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        const auto alias = list->getObject(static_cast<unsigned>(i));
        const auto it = canonical.find(alias->getValue<int>("id"));
        if (it == canonical.end()) continue;
        const std::string text = alias->has("alias") ? alias->getValue<std::string>("alias")
                                                     : alias->optValue<std::string>("*", "");
        if (!text.empty()) aliases.emplace_back(text, it->second);
      }
    }
  } catch (const Poco::Exception& e) {
    return Status::InvalidArgument("siteinfo reply: " + e.displayText());
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("siteinfo reply: ") + e.what());
  }
  return aliases;
}

Result<int> LoadSiteInfoDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound("no siteinfo directory " + dir);
  int loaded = 0;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto aliases = ParseSiteInfoNamespaces(text.str());
    if (!aliases.ok()) return aliases.status().Annotate(entry.path().string());
    parsers::wikiurl::RegisterNamespaces(entry.path().stem().string(), *aliases);
    ++loaded;
  }
  return loaded;
}

}  // namespace dmca::mediawiki
