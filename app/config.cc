#include "app/config.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Util/IniFileConfiguration.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <type_traits>
#include <vector>

#include "pipeline/calendar/time_zone.h"

namespace dmca::app {
namespace {

using Poco::Util::AbstractConfiguration;

// Every key the file may hold, "section.key".
const std::set<std::string>& KnownKeys() {
  static const std::set<std::string> keys = {"store.path",
                                             "store.url",
                                             "archive.out",
                                             "archive.marker",
                                             "templates.dir",
                                             "wikiurl.siteinfo_dir",
                                             "intake.staff_domains",
                                             "intake.staff_addresses",
                                             "staff.user",
                                             "mediawiki.delete_reason",
                                             "mediawiki.restore_reason",
                                             "mediawiki.protect_reason",
                                             "mediawiki.protect_level",
                                             "mediawiki.protect_expiry",
                                             "mediawiki.change_tag",
                                             "mediawiki.user",
                                             "mediawiki.password_file",
                                             "mediawiki.oauth_token_file",
                                             "mediawiki.api",
                                             "mediawiki.contact",
                                             "mediawiki.ca_file",
                                             "mediawiki.maxlag",
                                             "mediawiki.timeout",
                                             "mediawiki.max_attempts",
                                             "mediawiki.lease",
                                             "mediawiki.foundation_interwiki",
                                             "mail.outbox",
                                             "mail.from",
                                             "mail.from_name",
                                             "mail.staff",
                                             "mail.remind_days",
                                             "smtp.host",
                                             "smtp.port",
                                             "smtp.tls",
                                             "smtp.ca_file",
                                             "smtp.user",
                                             "smtp.password_file",
                                             "smtp.timeout",
                                             "smtp.helo",
                                             "calendar.time_zone",
                                             "calendar.restore_after",
                                             "publish.summary_notice",
                                             "publish.summary_list",
                                             "publish.summary_pump",
                                             "publish.summary_uploader",
                                             "publish.summary_update",
                                             "publish.change_tag",
                                             "publish.commons_list_title",
                                             "publish.village_pump_title",
                                             "publish.village_pump",
                                             "lumen.url",
                                             "lumen.token_file",
                                             "lumen.ca_file",
                                             "lumen.timeout",
                                             "pop3.host",
                                             "pop3.port",
                                             "pop3.tls",
                                             "pop3.ca_file",
                                             "pop3.user",
                                             "pop3.password_file",
                                             "pop3.delete_after_commit",
                                             "pop3.timeout",
                                             "imap.host",
                                             "imap.port",
                                             "imap.tls",
                                             "imap.ca_file",
                                             "imap.user",
                                             "imap.password_file",
                                             "imap.mailbox",
                                             "imap.after_commit",
                                             "imap.timeout",
                                             "limits.message_bytes",
                                             "limits.message_seconds",
                                             "limits.urls",
                                             "limits.pdf_pages",
                                             "limits.pdf_seconds",
                                             "limits.pdf_memory_mb",
                                             "serve.listen",
                                             "serve.trusted_proxies",
                                             "serve.tls_cert",
                                             "serve.tls_key",
                                             "serve.secure_cookies",
                                             "serve.threads",
                                             "serve.max_body_kib",
                                             "serve.timeout",
                                             "serve.session_hours",
                                             "serve.login_per_minute",
                                             "serve.form_per_hour",
                                             "serve.access_log",
                                             "serve.legal_email"};
  return keys;
}

// The settings one site may override: [mediawiki.commons.wikimedia.org] api = ...
constexpr const char* kSiteKeys[] = {"api", "user", "password_file", "oauth_token_file"};

// "mediawiki.<site>.<key>" for a per-site key: the site (which holds dots itself), else empty.
std::string SiteKey(const std::string& full) {
  if (!full.starts_with("mediawiki.")) return "";
  for (const char* key : kSiteKeys) {
    const std::string suffix = std::string(".") + key;
    if (full.size() > 10 + suffix.size() && full.ends_with(suffix)) {
      return full.substr(10, full.size() - 10 - suffix.size());
    }
  }
  return "";
}

void CollectSites(const AbstractConfiguration& conf, const std::string& prefix,
                  std::map<std::string, WikiAccountConfig>* sites) {
  AbstractConfiguration::Keys keys;
  conf.keys(prefix, keys);
  for (const std::string& key : keys) {
    const std::string full = prefix + "." + key;
    AbstractConfiguration::Keys sub;
    conf.keys(full, sub);
    if (!sub.empty()) {
      CollectSites(conf, full, sites);
      continue;
    }
    const std::string site = SiteKey(full);
    if (site.empty()) continue;
    WikiAccountConfig& account = (*sites)[site];
    const std::string value = conf.getString(full);
    if (key == "api") account.api = value;
    if (key == "user") account.user = value;
    if (key == "password_file") account.password_file = value;
    if (key == "oauth_token_file") account.oauth_token_file = value;
  }
}

Status CheckKeys(const AbstractConfiguration& conf, const std::string& prefix) {
  AbstractConfiguration::Keys keys;
  conf.keys(prefix, keys);
  for (const std::string& key : keys) {
    const std::string full = prefix.empty() ? key : prefix + "." + key;
    AbstractConfiguration::Keys sub;
    conf.keys(full, sub);
    if (!sub.empty()) {
      DMCA_RETURN_IF_ERROR(CheckKeys(conf, full));
    } else if (!prefix.empty() && !KnownKeys().count(full) && SiteKey(full).empty()) {
      return Status::InvalidArgument("unknown setting '" + full + "'");
    } else if (prefix.empty()) {
      return Status::InvalidArgument("setting '" + full + "' is outside any [section]");
    }
  }
  return Status::Ok();
}

void ReadMail(const AbstractConfiguration& conf, const std::string& s, MailServerConfig* m) {
  m->host = conf.getString(s + ".host", m->host);
  m->port = conf.getInt(s + ".port", m->port);
  m->tls = conf.getString(s + ".tls", m->tls);
  m->ca_file = conf.getString(s + ".ca_file", m->ca_file);
  m->user = conf.getString(s + ".user", m->user);
  m->password_file = conf.getString(s + ".password_file", m->password_file);
  m->mailbox = conf.getString(s + ".mailbox", m->mailbox);
  m->after_commit = conf.getString(s + ".after_commit", m->after_commit);
  m->delete_after_commit = conf.getBool(s + ".delete_after_commit", m->delete_after_commit);
  m->timeout_seconds = conf.getInt(s + ".timeout", m->timeout_seconds);
}

// "a, b ,c" -> {"a", "b", "c"}; empty items dropped.
std::vector<std::string> CommaList(const std::string& value) {
  std::vector<std::string> items;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t end = value.find(',', pos);
    if (end == std::string::npos) end = value.size();
    const std::size_t b = value.find_first_not_of(" \t", pos);
    if (b != std::string::npos && b < end) {
      const std::size_t e = value.find_last_not_of(" \t", end - 1);
      items.push_back(value.substr(b, e - b + 1));
    }
    pos = end + 1;
  }
  return items;
}

// [limits]: each a positive whole number (a zero or negative limit would refuse every message).
Status ReadLimits(const AbstractConfiguration& conf, Config* config) {
  auto read = [&](const char* key, auto* value) -> Status {
    if (!conf.hasProperty(key)) return Status::Ok();
    const Poco::Int64 n = conf.getInt64(key);
    if (n <= 0) return Status::InvalidArgument(std::string(key) + " must be a positive number");
    *value = static_cast<std::remove_reference_t<decltype(*value)>>(n);
    return Status::Ok();
  };
  auto& limits = config->intake.limits;
  DMCA_RETURN_IF_ERROR(read("limits.message_bytes", &config->max_message_bytes));
  DMCA_RETURN_IF_ERROR(read("limits.message_seconds", &config->max_message_seconds));
  DMCA_RETURN_IF_ERROR(read("limits.urls", &limits.max_urls));
  DMCA_RETURN_IF_ERROR(read("limits.pdf_pages", &limits.pdf.max_pages));
  DMCA_RETURN_IF_ERROR(read("limits.pdf_seconds", &limits.pdf.max_seconds));
  return read("limits.pdf_memory_mb", &limits.pdf.max_memory_mb);
}

void ReadServe(const AbstractConfiguration& conf, ServeConfig* s) {
  s->listen = conf.getString("serve.listen", s->listen);
  if (conf.hasProperty("serve.trusted_proxies")) {
    s->trusted_proxies = CommaList(conf.getString("serve.trusted_proxies"));
  }
  s->tls_cert = conf.getString("serve.tls_cert", s->tls_cert);
  s->tls_key = conf.getString("serve.tls_key", s->tls_key);
  s->secure_cookies = conf.getBool("serve.secure_cookies", s->secure_cookies);
  s->threads = conf.getInt("serve.threads", s->threads);
  s->max_body_kib = conf.getInt("serve.max_body_kib", s->max_body_kib);
  s->timeout_seconds = conf.getInt("serve.timeout", s->timeout_seconds);
  s->session_hours = conf.getInt("serve.session_hours", s->session_hours);
  s->login_per_minute = conf.getInt("serve.login_per_minute", s->login_per_minute);
  s->form_per_hour = conf.getInt("serve.form_per_hour", s->form_per_hour);
  s->access_log = conf.getString("serve.access_log", s->access_log);
  s->legal_email = conf.getString("serve.legal_email", s->legal_email);
}

// The file without its inline comments: "key = value   ; why" is value "value", as in
// CONTRACT.md's and the README's examples. Poco's INI reader keeps everything after "=", so a
// comment would become part of the value. A ";" or "#" starts a comment only after blanks.
std::string WithoutInlineComments(std::istream& in) {
  std::string out;
  for (std::string line; std::getline(in, line);) {
    for (std::size_t at = 1; at < line.size(); ++at) {
      if ((line[at] == ';' || line[at] == '#') && (line[at - 1] == ' ' || line[at - 1] == '\t')) {
        line.erase(at);
        break;
      }
    }
    out += line;
    out += '\n';
  }
  return out;
}

}  // namespace

Result<Config> LoadConfig(const std::string& path) {
  std::string file = path;
  if (file.empty()) {
    if (const char* env = std::getenv("DMCA_CONFIG"); env && *env) {
      file = env;
    } else if (Poco::File("dmca.conf").exists()) {
      file = "dmca.conf";
    }
  }
  Config config;
  if (file.empty()) return config;
  try {
    if (!Poco::File(file).exists()) {
      return Status::NotFound("configuration file " + file + " does not exist");
    }
    std::ifstream in(file);
    if (!in) return Status::PermissionDenied("cannot read the configuration file " + file);
    std::istringstream text(WithoutInlineComments(in));
    Poco::AutoPtr<Poco::Util::IniFileConfiguration> conf(
        new Poco::Util::IniFileConfiguration(text));
    DMCA_RETURN_IF_ERROR(CheckKeys(*conf, "").Annotate(file));
    config.source_path = file;
    config.store_path = conf->getString("store.path", config.store_path);
    config.store_url = conf->getString("store.url", config.store_url);
    config.archive_out = conf->getString("archive.out", config.archive_out);
    config.redaction_marker = conf->getString("archive.marker", config.redaction_marker);
    config.templates_dir = conf->getString("templates.dir", config.templates_dir);
    config.siteinfo_dir = conf->getString("wikiurl.siteinfo_dir", config.siteinfo_dir);
    config.staff_user = conf->getString("staff.user", config.staff_user);
    config.deletion_reason = conf->getString("mediawiki.delete_reason", config.deletion_reason);
    config.restoration_reason =
        conf->getString("mediawiki.restore_reason", config.restoration_reason);
    config.protection_reason =
        conf->getString("mediawiki.protect_reason", config.protection_reason);
    config.protect_level = conf->getString("mediawiki.protect_level", config.protect_level);
    config.protect_expiry = conf->getString("mediawiki.protect_expiry", config.protect_expiry);
    config.change_tag = conf->getString("mediawiki.change_tag", config.change_tag);
    config.wiki.api = conf->getString("mediawiki.api", config.wiki.api);
    config.wiki.user = conf->getString("mediawiki.user", config.wiki.user);
    config.wiki.password_file =
        conf->getString("mediawiki.password_file", config.wiki.password_file);
    config.wiki.oauth_token_file =
        conf->getString("mediawiki.oauth_token_file", config.wiki.oauth_token_file);
    config.wiki_contact = conf->getString("mediawiki.contact", config.wiki_contact);
    config.mail_outbox = conf->getString("mail.outbox", config.mail_outbox);
    config.wiki_ca_file = conf->getString("mediawiki.ca_file", config.wiki_ca_file);
    config.wiki_maxlag = conf->getInt("mediawiki.maxlag", config.wiki_maxlag);
    config.wiki_timeout_seconds = conf->getInt("mediawiki.timeout", config.wiki_timeout_seconds);
    config.wiki_max_attempts = conf->getInt("mediawiki.max_attempts", config.wiki_max_attempts);
    config.execute_lease_seconds = conf->getInt("mediawiki.lease", config.execute_lease_seconds);
    config.foundation_interwiki =
        conf->getString("mediawiki.foundation_interwiki", config.foundation_interwiki);
    CollectSites(*conf, "mediawiki", &config.wiki_sites);
    PublishConfig& pub = config.publish;
    pub.summary_notice = conf->getString("publish.summary_notice", pub.summary_notice);
    pub.summary_list = conf->getString("publish.summary_list", pub.summary_list);
    pub.summary_pump = conf->getString("publish.summary_pump", pub.summary_pump);
    pub.summary_uploader = conf->getString("publish.summary_uploader", pub.summary_uploader);
    pub.summary_update = conf->getString("publish.summary_update", pub.summary_update);
    pub.change_tag = conf->getString("publish.change_tag", config.change_tag);
    pub.commons_list_title = conf->getString("publish.commons_list_title", pub.commons_list_title);
    pub.village_pump_title = conf->getString("publish.village_pump_title", pub.village_pump_title);
    pub.village_pump = conf->getBool("publish.village_pump", pub.village_pump);
    pub.lumen_url = conf->getString("lumen.url", pub.lumen_url);
    pub.lumen_token_file = conf->getString("lumen.token_file", pub.lumen_token_file);
    pub.lumen_ca_file = conf->getString("lumen.ca_file", pub.lumen_ca_file);
    pub.lumen_timeout_seconds = conf->getInt("lumen.timeout", pub.lumen_timeout_seconds);
    if (conf->hasProperty("intake.staff_domains")) {
      config.intake.staff_domains = CommaList(conf->getString("intake.staff_domains"));
    }
    if (conf->hasProperty("intake.staff_addresses")) {
      config.intake.staff_addresses = CommaList(conf->getString("intake.staff_addresses"));
    }
    DMCA_RETURN_IF_ERROR(ReadLimits(*conf, &config).Annotate(file));
    ReadMail(*conf, "pop3", &config.pop3);
    ReadMail(*conf, "imap", &config.imap);
    ReadServe(*conf, &config.serve);
    ReadMail(*conf, "smtp", &config.smtp);
    config.smtp_helo = conf->getString("smtp.helo", config.smtp_helo);
    config.mail_from = conf->getString("mail.from", config.mail_from);
    config.mail_from_name = conf->getString("mail.from_name", config.mail_from_name);
    config.mail_staff = conf->getString("mail.staff", config.mail_staff);
    config.remind_days = conf->getInt("mail.remind_days", config.remind_days);
    config.time_zone = conf->getString("calendar.time_zone", config.time_zone);
    config.restore_after = conf->getInt("calendar.restore_after", config.restore_after);
    if (config.restore_after < 10 || config.restore_after > 14) {
      return Status::InvalidArgument(
          file + ": [calendar] restore_after must be 10 to 14 (17 U.S.C. §512(g)(2)(C))");
    }
    if (auto zone = pipeline::TimeZone::Named(config.time_zone); !zone.ok()) {
      return zone.status().Annotate(file + ": [calendar] time_zone");
    }
    if (config.smtp.tls != "starttls" && config.smtp.tls != "implicit" &&
        config.smtp.tls != "none") {
      return Status::InvalidArgument(file + ": [smtp] tls is starttls, implicit or none");
    }
  } catch (const Poco::Exception& e) {
    return Status::InvalidArgument(file + ": " + e.displayText());
  }
  return config;
}

}  // namespace dmca::app
