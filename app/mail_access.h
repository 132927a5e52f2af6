#pragma once

#include <memory>

#include "app/context.h"
#include "app/render_options.h"
#include "pipeline/decide/workflow.h"
#include "pipeline/notify/sender.h"
#include "pipeline/notify/transport.h"

namespace dmca::app {

// How counter-notices are answered, from [calendar] and [mail]; the letters render with
// `render` (which must outlive the policy's use).
pipeline::CounterNoticePolicy CounterNoticePolicyFrom(const Context& ctx,
                                                      const archive::RenderOptions& render);

// Where letters go: the [smtp] server when its host is set (its password from password_file or
// $DMCA_SMTP_PASSWORD), else the [mail] outbox folder.
Result<std::unique_ptr<pipeline::notify::MailTransport>> OpenMailTransport(const Context& ctx);

pipeline::notify::SendOptions SendOptionsFrom(const Context& ctx);

}  // namespace dmca::app
