#pragma once

#include <iosfwd>

#include "app/config.h"
#include "pipeline/calendar/clock.h"
#include "pipeline/decide/workflow.h"

namespace dmca::app::serve {

// `dmca serve`: the dashboard, the counter-notice form and the JSON API over Poco's HTTPServer
// under Util::ServerApplication, until SIGTERM or SIGINT. Then it stops accepting, lets the
// requests in flight finish (up to 10 s) and returns 0. It prints "listening on ADDRESS" on
// `out` once it accepts connections; errors on `err`, returning 1.
// `policy` is how counter-notices are answered (as the command line builds it); the letters a
// decision queues are sent by `dmca tick` (the dmca-tick timer).
int RunServer(const Config& config, const pipeline::Clock& clock,
              const pipeline::CounterNoticePolicy& policy, std::ostream& out, std::ostream& err);

}  // namespace dmca::app::serve
