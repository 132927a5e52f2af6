// The web service's commands: serve, doctor, and the staff accounts (user add|passwd|token).

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "app/context.h"
#include "app/mail_access.h"
#include "app/render_options.h"
#include "app/serve/security.h"
#include "app/serve/server.h"
#include "app/store_access.h"
#include "app/wiki_access.h"
#include "mediawiki/api.h"
#include "mediawiki/reply.h"
#include "pipeline/store/accounts.h"

namespace dmca::app {
namespace {

pipeline::StoreOptions StoreOptionsOf(Context& ctx) {
  pipeline::StoreOptions options;
  options.sqlite_path = ctx.config.store_path;
  options.postgres_url = ctx.config.store_url;
  options.clock = ctx.clock.get();
  return options;
}

int RunServe(Context& ctx, const Args& args) {
  if (!args.positionals().empty()) return UsageError(ctx, "serve", "takes no arguments");
  if (auto listen = args.Get("--listen")) ctx.config.serve.listen = *listen;
  auto render = MakeRenderOptions(ctx);
  if (!render.ok()) return Fail(ctx, render.status());
  return serve::RunServer(ctx.config, *ctx.clock, CounterNoticePolicyFrom(ctx, render->options()),
                          ctx.out, ctx.err);
}

// A password from --password-file, else one line of standard input (never an argument, which
// `ps` would show to every user of the machine).
Result<std::string> ReadPassword(Context& ctx, const Args& args) {
  std::string password;
  if (auto file = args.Get("--password-file")) {
    auto secret = ReadSecret(*file, "DMCA_STAFF_PASSWORD");
    if (!secret.ok()) return secret.status();
    password = *secret;
  } else {
    if (ctx.interactive) ctx.err << "password: " << std::flush;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
  }
  if (const std::string why = serve::PasswordProblem(password); !why.empty()) {
    return Status::InvalidArgument(why);
  }
  return password;
}

int RunUser(Context& ctx, const Args& args) {
  const auto& p = args.positionals();
  if (p.size() != 2) return UsageError(ctx, "user", "expects add|passwd|token and a NAME");
  const std::string& verb = p[0];
  const std::string& name = p[1];
  if (name.empty() || name.size() > 64 ||
      name.find_first_of(" \t\r\n<>&\"'") != std::string::npos) {
    return UsageError(ctx, "user", "a user name is 1-64 characters without spaces or markup");
  }
  auto accounts = pipeline::OpenAccountStore(StoreOptionsOf(ctx));
  if (!accounts.ok()) return Fail(ctx, accounts.status());
  if (verb == "add" || verb == "passwd") {
    pipeline::Role role = pipeline::Role::kReviewer;
    if (verb == "add") {
      const std::string role_name = args.GetOr("--role", "");
      const auto parsed = pipeline::RoleFromName(role_name);
      if (!parsed) return UsageError(ctx, "user", "--role reviewer, approver or admin");
      role = *parsed;
    }
    auto password = ReadPassword(ctx, args);
    if (!password.ok()) return Fail(ctx, password.status());
    auto hash = serve::HashPassword(*password);
    if (!hash.ok()) return Fail(ctx, hash.status());
    Status s = verb == "add" ? (*accounts)->AddStaff(name, role, *hash)
                             : (*accounts)->SetPassword(name, *hash);
    if (!s.ok()) return Fail(ctx, s);
    ctx.out << (verb == "add" ? "added " + name + " (" + std::string(pipeline::RoleName(role)) + ")"
                              : "password of " + name + " changed; its sessions ended")
            << "\n";
    return kExitOk;
  }
  if (verb == "token") {
    auto staff = (*accounts)->FindStaff(name);
    if (!staff.ok()) return Fail(ctx, staff.status());
    if (!*staff) return Fail(ctx, Status::NotFound("no staff account '" + name + "'"));
    const std::string token = serve::RandomHex(32);
    Status s =
        (*accounts)->AddToken(serve::TokenHash(token), (*staff)->id, args.GetOr("--label", "api"));
    if (!s.ok()) return Fail(ctx, s);
    // Shown once: only its hash is kept.
    ctx.out << token << "\n";
    return kExitOk;
  }
  return UsageError(ctx, "user", "unknown action '" + verb + "' (add, passwd, token)");
}

// One line per check: "ok", "FAIL" (dmca cannot work so) or "warn" (it works, but look).
struct Doctor {
  Context& ctx;
  int failures = 0;
  void Line(const char* verdict, const std::string& what, const std::string& detail) {
    ctx.out << verdict << std::string(5 - std::string(verdict).size(), ' ') << what << ": "
            << detail << "\n";
  }
  void Ok(const std::string& what, const std::string& detail) { Line("ok", what, detail); }
  void Warn(const std::string& what, const std::string& detail) { Line("warn", what, detail); }
  void Fail(const std::string& what, const std::string& detail) {
    ++failures;
    Line("FAIL", what, detail);
  }
};

bool Readable(const std::string& path) { return ::access(path.c_str(), R_OK) == 0; }

void CheckWikis(Doctor& d) {
  const Config& config = d.ctx.config;
  if (config.wiki.user.empty() && config.wiki.oauth_token_file.empty() &&
      config.wiki_sites.empty() && !std::getenv("DMCA_MEDIAWIKI_TOKEN")) {
    d.Fail("wiki credentials",
           "[mediawiki] user and password_file are not set (a bot password from "
           "Special:BotPasswords), nor oauth_token_file");
    return;
  }
  auto http = WikiClientConfig(d.ctx);
  if (!http.ok()) {
    d.Fail("wiki credentials", http.status().message());
    return;
  }
  if (config.change_tag.empty()) {
    d.Fail("change tag", "[mediawiki] change_tag is not set (office actions must be tagged)");
  }
  std::vector<std::string> sites = {"commons.wikimedia.org"};
  for (const auto& [site, account] : config.wiki_sites) sites.push_back(site);
  auto client = mediawiki::HttpClient::Create(*http);
  if (!client.ok()) {
    d.Fail("wiki", client.status().message());
    return;
  }
  for (const std::string& site : sites) {
    auto account = (*client)->AccountName(site);
    if (!account.ok()) {
      d.Fail("wiki " + site, "cannot log in: " + account.status().message());
      continue;
    }
    d.Ok("wiki " + site, "logged in as " + *account);
    if (config.change_tag.empty()) continue;
    auto tags = (*client)->Send(mediawiki::TagsQuery(site));
    Status tag =
        tags.ok() ? mediawiki::CheckChangeTag(*tags, config.change_tag, site) : tags.status();
    if (tag.ok()) {
      d.Ok("change tag " + site, config.change_tag + " is defined and active");
    } else {
      d.Fail("change tag " + site, tag.message());
    }
  }
}

void CheckMail(Doctor& d) {
  const Config& config = d.ctx.config;
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path outbox = config.mail_outbox;
  const fs::path parent = outbox.has_parent_path() ? outbox.parent_path() : fs::path(".");
  if (!fs::is_directory(outbox, ec) && !fs::is_directory(parent, ec)) {
    d.Fail("mail outbox", "[mail] outbox " + config.mail_outbox + ": folder " + parent.string() +
                              " does not exist");
  } else if (fs::is_directory(outbox, ec) ? ::access(outbox.c_str(), W_OK) == 0
                                          : ::access(parent.c_str(), W_OK) == 0) {
    d.Ok("mail outbox", config.mail_outbox + " is writable");
  } else {
    d.Fail("mail outbox", "[mail] outbox " + config.mail_outbox + " is not writable");
  }
  for (const auto* server : {&config.pop3, &config.imap}) {
    const std::string name = server == &config.pop3 ? "pop3" : "imap";
    if (server->host.empty()) continue;
    int port = server->port;
    if (port == 0) {
      const bool implicit = server->tls == "implicit";
      port = name == "pop3" ? (implicit ? 995 : 110) : (implicit ? 993 : 143);
    }
    try {
      Poco::Net::StreamSocket socket;
      socket.connect(Poco::Net::SocketAddress(server->host, static_cast<Poco::UInt16>(port)),
                     Poco::Timespan(5, 0));
      d.Ok("mail server " + name, server->host + ":" + std::to_string(port) + " answers");
    } catch (const std::exception& e) {
      d.Fail("mail server " + name,
             "cannot reach [" + name + "] host " + server->host + ":" + std::to_string(port));
    }
    if (server->password_file.empty() &&
        !std::getenv(name == "pop3" ? "DMCA_POP3_PASSWORD" : "DMCA_IMAP_PASSWORD")) {
      d.Fail("mail server " + name, "[" + name + "] password_file is not set");
    } else if (!server->password_file.empty() && !Readable(server->password_file)) {
      d.Fail("mail server " + name, "cannot read " + server->password_file);
    }
  }
}

int RunDoctor(Context& ctx, const Args& args) {
  if (!args.positionals().empty()) return UsageError(ctx, "doctor", "takes no arguments");
  Doctor d{ctx};
  const Config& config = ctx.config;
  if (config.source_path.empty()) {
    d.Fail("configuration",
           "no configuration file: pass --config FILE, set $DMCA_CONFIG or create ./dmca.conf "
           "(the package's example: /etc/dmca/dmca.conf)");
  } else {
    d.Ok("configuration", config.source_path);
  }
  const bool sqlite = config.store_url.empty();
  if (sqlite && !std::filesystem::exists(config.store_path)) {
    d.Fail("store", "no store at " + config.store_path +
                        " ([store] path; 'dmca ingest' or 'dmca user add' creates it)");
  } else {
    auto store = OpenConfiguredStore(ctx, /*must_exist=*/true);
    if (store.ok()) {
      d.Ok("store",
           (*store)->Describe() + ", schema version " + std::to_string((*store)->SchemaVersion()));
      auto accounts = pipeline::OpenAccountStore(StoreOptionsOf(ctx));
      auto n = accounts.ok() ? (*accounts)->StaffCount() : Result<std::size_t>(accounts.status());
      if (!n.ok()) {
        d.Fail("staff accounts", n.status().message());
      } else if (*n == 0) {
        d.Warn("staff accounts", "none: 'dmca user add NAME --role approver' before 'dmca serve'");
      } else {
        d.Ok("staff accounts", std::to_string(*n));
      }
    } else {
      d.Fail("store", store.status().message());
    }
  }
  CheckWikis(d);
  CheckMail(d);
  const auto& s = config.serve;
  if (!s.tls_cert.empty() && (!Readable(s.tls_cert) || !Readable(s.tls_key))) {
    d.Fail("serve tls", "cannot read [serve] tls_cert or tls_key");
  } else if (s.tls_cert.empty() && s.trusted_proxies.empty() &&
             s.listen.rfind("127.0.0.1:", 0) != 0 && s.listen.rfind("[::1]:", 0) != 0) {
    d.Warn("serve", "listening on " + s.listen + " without TLS and without a trusted proxy");
  } else {
    d.Ok("serve", "listens on " + s.listen + (s.tls_cert.empty() ? "" : " with TLS"));
  }
  ctx.out << (d.failures ? std::to_string(d.failures) + " problem(s) found\n"
                         : "everything checked is in order\n");
  return d.failures ? kExitFailure : kExitOk;
}

}  // namespace

std::vector<Command> ServeCommands() {
  return {
      {"serve",
       "the staff dashboard, the counter-notice form and the JSON API",
       "dmca serve [--listen ADDRESS:PORT]",
       "Serves the review queue, the cases and their decisions to staff who log in (accounts:\n"
       "'dmca user'), the uploaders' counter-notice form at /counter-notice, and the JSON\n"
       "API at /api/v1/ (token: 'dmca user token'). Settings in [serve]; SIGTERM stops it\n"
       "after the requests in flight.\n\nexample: dmca serve --listen 127.0.0.1:8080",
       {},
       {"--listen"},
       RunServe},
      {"user",
       "staff accounts of the web service",
       "dmca user add NAME --role ROLE | passwd NAME | token NAME [--label L]",
       "add: a new account (ROLE: reviewer, approver, admin; a reviewer cannot approve);\n"
       "passwd: a new password (its sessions end). The password is one line of standard input\n"
       "or --password-file FILE, at least 12 characters, kept as an argon2id hash.\n"
       "token: prints a new API token for NAME once (only its hash is kept).\n\n"
       "example: dmca user add jdoe --role approver < jdoe.password",
       {},
       {"--role", "--password-file", "--label"},
       RunUser},
      {"doctor",
       "check the configuration, store, wikis and mail server",
       "dmca doctor",
       "Checks the configuration file, the store, the staff accounts, each wiki's credentials\n"
       "and change tag, the mail outbox and servers, and the web service's TLS, one line each;\n"
       "exit 1 when something must be fixed.",
       {},
       {},
       RunDoctor},
  };
}

}  // namespace dmca::app
