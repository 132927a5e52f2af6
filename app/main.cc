// dmca: the DMCA takedown pipeline's command line. See README.md for every command.

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli.h"
#include "app/commands.h"
#include "app/context.h"
#include "mediawiki/siteinfo.h"

namespace dmca::app {
namespace {

constexpr std::string_view kVersion = "0.1.0";

void PrintCommandHelp(std::ostream& out, const Command& command) {
  out << "usage: " << command.usage << "\n\n" << command.summary << "\n";
  if (!command.help.empty()) out << "\n" << command.help << "\n";
}

void PrintHelp(std::ostream& out, const std::vector<Command>& commands) {
  out << "usage: dmca [--config FILE] COMMAND [ARGS]\n\n"
         "Processes DMCA takedown notices for the Wikimedia Foundation: ingests mail, checks the\n"
         "legal elements, queues deletions for approval, executes them and publishes the\n"
         "redacted archive.\n\ncommands:\n";
  for (const Command& command : commands) {
    out << "  " << command.name
        << std::string(command.name.size() < 10 ? 10 - command.name.size() : 1, ' ')
        << command.summary << "\n";
  }
  out << "\nglobal options:\n"
         "  --config FILE  the configuration file (default: $DMCA_CONFIG, else ./dmca.conf)\n"
         "  --help         this help; 'dmca COMMAND --help' for one command\n"
         "  --version      the version\n";
}

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<Command> commands = NoticeCommands();
  for (Command& command : CaseCommands()) commands.push_back(std::move(command));
  for (Command& command : DecideCommands()) commands.push_back(std::move(command));
  for (Command& command : PublishCommands()) commands.push_back(std::move(command));
  for (Command& command : NotifyCommands()) commands.push_back(std::move(command));
  for (Command& command : AuditCommands()) commands.push_back(std::move(command));
  for (Command& command : ServeCommands()) commands.push_back(std::move(command));

  std::string config_path;
  while (!args.empty() && args.front().rfind("--", 0) == 0) {
    const std::string flag = args.front();
    if (flag == "--help" || flag == "-h") {
      PrintHelp(std::cout, commands);
      return kExitOk;
    }
    if (flag == "--version") {
      std::cout << "dmca " << kVersion << "\n";
      return kExitOk;
    }
    if (flag == "--config" && args.size() >= 2) {
      config_path = args[1];
      args.erase(args.begin(), args.begin() + 2);
    } else if (flag.rfind("--config=", 0) == 0) {
      config_path = flag.substr(9);
      args.erase(args.begin());
    } else {
      std::cerr << "dmca: unknown option " << flag << "\nTry 'dmca --help'.\n";
      return kExitUsage;
    }
  }
  if (args.empty()) {
    PrintHelp(std::cerr, commands);
    return kExitUsage;
  }
  const std::string name = args.front();
  args.erase(args.begin());
  const Command* command = nullptr;
  for (const Command& candidate : commands) {
    if (candidate.name == name) command = &candidate;
  }
  if (command == nullptr) {
    std::cerr << "dmca: unknown command '" << name << "'\nTry 'dmca --help'.\n";
    return kExitUsage;
  }
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg == "--help" || arg == "-h") {
      PrintCommandHelp(std::cout, *command);
      return kExitOk;
    }
  }
  Context ctx;
  ctx.interactive = isatty(STDERR_FILENO) == 1;
  std::string error;
  const auto parsed = Args::Parse(args, command->flags, command->options, &error);
  if (!parsed) return UsageError(ctx, name, error);
  // DMCA_NOW: the command runs as if it were that instant (rehearsing the legal clock on a test
  // store or wiki; `dmca tick --now` does the same for one tick).
  if (const char* now = std::getenv("DMCA_NOW"); now != nullptr && *now != '\0') {
    const auto at = pipeline::ParseIso8601(now);
    if (!at) return UsageError(ctx, name, "DMCA_NOW must be YYYY-MM-DDTHH:MM:SSZ");
    ctx.clock = std::make_unique<pipeline::ShiftedClock>(*at);
  }
  auto config = LoadConfig(config_path);
  if (!config.ok()) return Fail(ctx, config.status());
  ctx.config = std::move(config).value();
  if (!ctx.config.siteinfo_dir.empty()) {
    // Namespace names refreshed from the wikis' siteinfo replace the built-in table.
    auto loaded = mediawiki::LoadSiteInfoDir(ctx.config.siteinfo_dir);
    if (!loaded.ok()) return Fail(ctx, loaded.status().Annotate("[wikiurl] siteinfo_dir"));
  }
  return command->run(ctx, *parsed);
}

}  // namespace
}  // namespace dmca::app

int main(int argc, char** argv) { return dmca::app::Main(argc, argv); }
