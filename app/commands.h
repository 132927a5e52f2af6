#pragma once

#include <vector>

#include "app/cli.h"

namespace dmca::app {

// The subcommands, by area. main.cc lists them in `dmca --help` in this order.
std::vector<Command> NoticeCommands();  // parse, check, url, render, calendar
std::vector<Command> CaseCommands();    // ingest, fetch, cases, approve, reject, execute,
                                        // archive, letter

}  // namespace dmca::app
