#pragma once

#include <vector>

#include "app/cli.h"
#include "app/context.h"
#include "pipeline/publish/publish.h"
#include "pipeline/store/store.h"

namespace dmca::app {

// The subcommands, by area. main.cc lists them in `dmca --help` in this order.
std::vector<Command> NoticeCommands();   // parse, check, url, render, calendar
std::vector<Command> CaseCommands();     // ingest, cases
std::vector<Command> DecideCommands();   // queue, approve, reject, retry, set-kind, restore
std::vector<Command> PublishCommands();  // execute, archive, letter, fetch
std::vector<Command> NotifyCommands();   // tick, court-action, letters, received, report
std::vector<Command> AuditCommands();    // audit verify, audit show
std::vector<Command> ServeCommands();    // serve, user, doctor

// What `dmca archive publish` (and each `dmca tick`) publishes with, from [publish] and [lumen].
Result<pipeline::PublishOptions> PublishOptionsFrom(Context& ctx,
                                                    const archive::RenderOptions& render);

// Sends the letters that are due ([smtp] or the outbox); exit 0, 75 (some to retry later) or 1.
int SendQueuedLetters(Context& ctx, pipeline::Store& store);

}  // namespace dmca::app
