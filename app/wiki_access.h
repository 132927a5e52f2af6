#pragma once

#include <string>

#include "app/context.h"
#include "mediawiki/client.h"
#include "pipeline/execute/execute.h"

namespace dmca::app {

// A secret from its file (first line), else from the environment variable `env`; never printed.
Result<std::string> ReadSecret(const std::string& file, const char* env);

// The MediaWiki client settings from [mediawiki] and [mediawiki.<site>]: endpoints, the shared
// and per-site accounts (bot password, or OAuth token: file or $DMCA_MEDIAWIKI_TOKEN), the
// User-Agent contact, the CA file, maxlag, timeouts. Errors name the setting to fix.
Result<mediawiki::HttpClientConfig> WikiClientConfig(const Context& ctx);

// The wording and settings of office actions from [mediawiki].
pipeline::ActOptions ActOptionsFrom(const Config& config);

}  // namespace dmca::app
