#include "app/mail_access.h"

#include "app/wiki_access.h"
#include "pipeline/execute/execute.h"

namespace dmca::app {

pipeline::CounterNoticePolicy CounterNoticePolicyFrom(const Context& ctx,
                                                      const archive::RenderOptions& render) {
  pipeline::CounterNoticePolicy policy;
  policy.letters.from_address = ctx.config.mail_from;
  policy.letters.from_name = ctx.config.mail_from_name;
  policy.letters.staff_address = ctx.config.mail_staff;
  policy.letters.render = render;
  policy.time_zone = ctx.config.time_zone;
  policy.restore_after = ctx.config.restore_after;
  return policy;
}

Result<std::unique_ptr<pipeline::notify::MailTransport>> OpenMailTransport(const Context& ctx) {
  const auto& smtp = ctx.config.smtp;
  if (smtp.host.empty()) return pipeline::notify::OpenOutbox(ctx.config.mail_outbox);
  pipeline::notify::SmtpConfig config;
  config.host = smtp.host;
  config.tls = smtp.tls == "implicit" ? pipeline::notify::SmtpTls::kImplicit
               : smtp.tls == "none"   ? pipeline::notify::SmtpTls::kNone
                                      : pipeline::notify::SmtpTls::kStartTls;
  config.port = smtp.port != 0 ? smtp.port
                : config.tls == pipeline::notify::SmtpTls::kImplicit ? 465
                                                                     : 587;
  config.user = smtp.user;
  if (!smtp.user.empty()) {
    auto password = ReadSecret(smtp.password_file, "DMCA_SMTP_PASSWORD");
    if (!password.ok()) return password.status().Annotate("[smtp] password_file");
    config.password = std::move(password).value();
  }
  config.ca_file = smtp.ca_file;
  config.helo = ctx.config.smtp_helo;
  config.timeout = std::chrono::seconds(smtp.timeout_seconds);
  return pipeline::notify::OpenSmtp(config);
}

pipeline::notify::SendOptions SendOptionsFrom(const Context& ctx) {
  pipeline::notify::SendOptions options;
  options.worker = pipeline::WorkerName();
  options.envelope_from = ctx.config.mail_from;
  options.lease = std::chrono::seconds(ctx.config.execute_lease_seconds);
  options.report = [&ctx](const std::string& line) { ctx.out << line << "\n" << std::flush; };
  return options;
}

}  // namespace dmca::app
