#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dmca::app {

// Exit codes: 0 success, 1 the work failed, 2 a usage error (sysexits' EX_USAGE is 64, but
// CONTRACT.md and the tests say 2), 75 a temporary failure an MTA should retry (EX_TEMPFAIL).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitTempFail = 75;

// A subcommand's arguments after the name: flags ("--json"), options with a value
// ("--out DIR" or "--out=DIR") and positionals, checked against what the command declares.
class Args {
 public:
  // Parses `argv` against the declared flags and options. On error returns nullopt and sets
  // `error` to a one-line message.
  static std::optional<Args> Parse(const std::vector<std::string>& argv,
                                   const std::set<std::string>& flags,
                                   const std::set<std::string>& options, std::string* error);

  bool Has(std::string_view flag) const { return flags_.count(std::string(flag)) > 0; }
  std::optional<std::string> Get(std::string_view option) const;
  std::string GetOr(std::string_view option, std::string fallback) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  std::set<std::string> flags_;
  std::map<std::string, std::string> options_;
  std::vector<std::string> positionals_;
};

struct Context;  // app/context.h

// One subcommand: its name, one-line summary, full help, the flags/options it takes, and what it
// runs. `run` returns the exit code.
struct Command {
  std::string name;
  std::string summary;
  std::string usage;  // "dmca check [--json] FILE"
  std::string help;   // paragraphs after the usage line
  std::set<std::string> flags;
  std::set<std::string> options;
  std::function<int(Context&, const Args&)> run;
};

}  // namespace dmca::app
