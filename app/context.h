#pragma once

#include <iostream>
#include <memory>
#include <string>

#include "app/config.h"
#include "parsers/base/status.h"
#include "pipeline/calendar/clock.h"

namespace dmca::app {

// What every command runs with: the configuration, where to write, and the clock.
struct Context {
  Config config;
  std::ostream& out = std::cout;
  std::ostream& err = std::cerr;
  bool interactive = false;  // stderr is a terminal: show progress
  std::unique_ptr<pipeline::Clock> clock = std::make_unique<pipeline::SystemClock>();
};

// Reads a whole file, or standard input for "-". A missing, unreadable or empty input is an
// error naming it.
Result<std::string> ReadInput(const std::string& path);

// True when `bytes` starts like an RFC 5322 message (a header block with at least one of the
// fields every real message has), false for a plain text file read as a notice body.
bool LooksLikeMessage(std::string_view bytes);

// Prints "dmca: <message>" on ctx.err; returns kExitTempFail for a retryable status (so an
// MTA retries the delivery), else kExitFailure.
int Fail(Context& ctx, const Status& status);

// Prints a usage error for `command` and returns kExitUsage.
int UsageError(Context& ctx, std::string_view command, std::string_view message);

}  // namespace dmca::app
