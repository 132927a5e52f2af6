#include "tests/integration/run.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <thread>

namespace dmca::testing {

RunResult RunDmca(const std::vector<std::string>& args, const std::string& cwd,
                  const std::string& stdin_text) {
  return RunDmcaWith({}, args, cwd, stdin_text);
}

RunResult RunDmcaWith(const std::map<std::string, std::string>& env,
                      const std::vector<std::string>& args, const std::string& cwd,
                      const std::string& stdin_text) {
  Poco::Pipe in, out, err;
  Poco::Process::Env added(env.begin(), env.end());
  Poco::ProcessHandle handle =
      Poco::Process::launch(DMCA_BINARY, args, cwd, &in, &out, &err, added);
  Poco::PipeOutputStream to_child(in);
  Poco::PipeInputStream from_out(out), from_err(err);
  RunResult result;
  // Drain stderr on its own thread so neither pipe can fill up and block the child.
  std::thread err_reader([&] { Poco::StreamCopier::copyToString(from_err, result.err); });
  to_child << stdin_text;
  to_child.close();
  Poco::StreamCopier::copyToString(from_out, result.out);
  err_reader.join();
  result.exit_code = handle.wait();
  return result;
}

int SpawnDmca(const std::vector<std::string>& args, const std::string& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(DMCA_BINARY));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(DMCA_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

TempDir::TempDir() {
  path_ = Poco::TemporaryFile::tempName();
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

Poco::JSON::Object::Ptr ParseObject(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

std::string Sample(const std::string& name) {
  return std::string(DMCA_SOURCE_DIR) + "/samples/maildir/new/" + name;
}

}  // namespace dmca::testing
