#pragma once

#include <map>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace dmca::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the dmca binary with `args` in `cwd`, feeding `stdin_text` to it.
RunResult RunDmca(const std::vector<std::string>& args, const std::string& cwd = ".",
                  const std::string& stdin_text = "");

// The same, with `env` added to the environment (DMCA_NOW, passwords).
RunResult RunDmcaWith(const std::map<std::string, std::string>& env,
                      const std::vector<std::string>& args, const std::string& cwd = ".",
                      const std::string& stdin_text = "");

// Starts the dmca binary with `args`, its standard output and error appended to `log`, and
// returns at once (the crash tests kill it at random instants).
int SpawnDmca(const std::vector<std::string>& args, const std::string& log);

// A fresh empty directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Poco::JSON::Object::Ptr ParseObject(const std::string& json);
std::string Sample(const std::string& name);  // samples/maildir/new/<name>

}  // namespace dmca::testing
