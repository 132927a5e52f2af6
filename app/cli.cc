#include "app/cli.h"

namespace dmca::app {

std::optional<Args> Args::Parse(const std::vector<std::string>& argv,
                                const std::set<std::string>& flags,
                                const std::set<std::string>& options, std::string* error) {
  Args args;
  bool only_positionals = false;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    // "-" alone is standard input, a positional.
    if (only_positionals || arg.size() < 2 || arg[0] != '-' || arg == "-") {
      args.positionals_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positionals = true;
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    if (flags.count(name)) {
      if (inline_value) {
        *error = name + " takes no value";
        return std::nullopt;
      }
      args.flags_.insert(name);
    } else if (options.count(name)) {
      if (inline_value) {
        args.options_[name] = *inline_value;
      } else if (i + 1 < argv.size()) {
        args.options_[name] = argv[++i];
      } else {
        *error = name + " needs a value";
        return std::nullopt;
      }
    } else {
      *error = "unknown option " + name;
      return std::nullopt;
    }
  }
  return args;
}

std::optional<std::string> Args::Get(std::string_view option) const {
  const auto it = options_.find(std::string(option));
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::string Args::GetOr(std::string_view option, std::string fallback) const {
  auto value = Get(option);
  return value ? *value : std::move(fallback);
}

}  // namespace dmca::app
