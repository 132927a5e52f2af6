#include "app/wiki_access.h"

#include <cstdlib>
#include <fstream>

namespace dmca::app {
namespace {

Result<mediawiki::Credentials> CredentialsFor(const WikiAccountConfig& account,
                                              const std::string& where) {
  mediawiki::Credentials credentials;
  const char* token_env = std::getenv("DMCA_MEDIAWIKI_TOKEN");
  if (!account.oauth_token_file.empty() ||
      (where == "[mediawiki]" && token_env && *token_env && account.user.empty())) {
    auto token = ReadSecret(account.oauth_token_file, "DMCA_MEDIAWIKI_TOKEN");
    if (!token.ok()) return token.status().Annotate(where + " oauth_token_file");
    credentials.oauth_token = *token;
    return credentials;
  }
  if (account.user.empty()) return credentials;
  auto password = ReadSecret(account.password_file, "DMCA_MEDIAWIKI_PASSWORD");
  if (!password.ok()) return password.status().Annotate(where + " password_file");
  credentials.user = account.user;
  credentials.password = *password;
  return credentials;
}

}  // namespace

Result<std::string> ReadSecret(const std::string& file, const char* env) {
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) return Status::PermissionDenied("cannot read the secret file " + file);
    std::string secret;
    std::getline(in, secret);
    if (!secret.empty() && secret.back() == '\r') secret.pop_back();
    if (secret.empty()) return Status::InvalidArgument("the secret file " + file + " is empty");
    return secret;
  }
  if (const char* value = std::getenv(env); value && *value) return std::string(value);
  return Status::InvalidArgument(std::string("no secret: set the file or $") + env);
}

Result<mediawiki::HttpClientConfig> WikiClientConfig(const Context& ctx) {
  const Config& config = ctx.config;
  mediawiki::HttpClientConfig http;
  http.api = config.wiki.api;
  auto shared = CredentialsFor(config.wiki, "[mediawiki]");
  if (!shared.ok()) return shared.status();
  http.credentials = *shared;
  for (const auto& [site, account] : config.wiki_sites) {
    if (!account.api.empty()) http.api_overrides[site] = account.api;
    if (account.user.empty() && account.oauth_token_file.empty()) continue;
    auto own = CredentialsFor(account, "[mediawiki." + site + "]");
    if (!own.ok()) return own.status();
    http.site_credentials[site] = *own;
  }
  if (http.credentials.empty() && http.site_credentials.empty()) {
    return Status::InvalidArgument(
        "no wiki account configured: set [mediawiki] user and password_file (a bot password) "
        "or oauth_token_file");
  }
  if (config.wiki_contact.empty()) {
    return Status::InvalidArgument(
        "[mediawiki] contact is empty: the wikis ask every tool's User-Agent for a way to reach "
        "its operator");
  }
  http.user_agent = mediawiki::UserAgent(config.wiki_contact);
  http.ca_file = config.wiki_ca_file;
  http.maxlag = config.wiki_maxlag;
  http.timeout_seconds = config.wiki_timeout_seconds;
  http.max_attempts = config.wiki_max_attempts;
  return http;
}

pipeline::ActOptions ActOptionsFrom(const Config& config) {
  pipeline::ActOptions act;
  act.deletion_reason = config.deletion_reason;
  act.restoration_reason = config.restoration_reason;
  act.protection_reason = config.protection_reason;
  act.change_tag = config.change_tag;
  act.protect_level = config.protect_level;
  act.protect_expiry = config.protect_expiry;
  act.foundation_interwiki = config.foundation_interwiki;
  return act;
}

}  // namespace dmca::app
