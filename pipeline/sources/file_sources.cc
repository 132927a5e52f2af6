#include "pipeline/sources/file_sources.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <sstream>
#include <system_error>

namespace dmca::pipeline {
namespace {

namespace fs = std::filesystem;

// Reads a whole file. kNotFound when it vanished (another reader committed it).
Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error = errno;
    if (error == ENOENT) return Status::NotFound("no such file: " + path);
    if (error == EACCES) return Status::PermissionDenied("cannot read " + path + ": permission denied");
    return Status::IOError("cannot read " + path + ": " + std::strerror(error));
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IOError("error reading " + path);
  return bytes;
}

bool IsMaildir(const fs::path& dir) {
  std::error_code error;
  return fs::is_directory(dir / "cur", error) && fs::is_directory(dir / "new", error) &&
         fs::is_directory(dir / "tmp", error);
}

// Maildir file names: "UNIQUE" in new/, "UNIQUE:2,FLAGS" in cur/ (flags in ASCII order).
std::string WithSeenFlag(const std::string& name) {
  const auto info = name.find(":2,");
  if (info == std::string::npos) return name.substr(0, name.find(':')) + ":2,S";
  std::string flags = name.substr(info + 3);
  if (flags.find('S') != std::string::npos) return name;
  flags += 'S';
  std::sort(flags.begin(), flags.end());
  return name.substr(0, info) + ":2," + flags;
}

Result<std::vector<std::string>> ListDir(const fs::path& dir, const std::string& sub) {
  std::vector<std::string> keys;
  std::error_code error;
  for (fs::directory_iterator it(dir / sub, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    // Dot files are not messages (Maildir spec; mail clients keep indexes there).
    if (name.empty() || name[0] == '.') continue;
    std::error_code type_error;
    if (!it->is_regular_file(type_error)) continue;
    keys.push_back(sub + "/" + name);
  }
  if (error) {
    return Status::IOError("cannot list " + (dir / sub).string() + ": " + error.message());
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace

Result<std::unique_ptr<MaildirSource>> MaildirSource::Open(const std::string& dir,
                                                           const FileSourceOptions& options) {
  std::error_code error;
  if (!fs::exists(dir, error)) return Status::NotFound("no such directory: " + dir);
  if (!IsMaildir(dir)) {
    return Status::InvalidArgument(dir + " is a directory but not a Maildir (no cur/, new/, tmp/)");
  }
  auto keys = ListDir(dir, "new");
  if (!keys.ok()) return keys.status();
  if (options.include_cur) {
    auto cur = ListDir(dir, "cur");
    if (!cur.ok()) return cur.status();
    keys->insert(keys->end(), cur->begin(), cur->end());
  }
  std::string clean = dir;
  while (clean.size() > 1 && clean.back() == '/') clean.pop_back();
  return std::unique_ptr<MaildirSource>(new MaildirSource(std::move(clean), std::move(*keys)));
}

Result<std::optional<RawMessage>> MaildirSource::Next() {
  while (next_ < keys_.size()) {
    const std::string& key = keys_[next_++];
    auto bytes = ReadFile(dir_ + "/" + key);
    if (bytes.status().code() == Status::Code::kNotFound) continue;  // taken by another reader
    if (!bytes.ok()) return bytes.status();
    RawMessage message;
    message.bytes = std::move(bytes).value();
    message.source_id = "maildir:" + dir_ + "/" + key;
    message.key = key;
    return std::optional<RawMessage>(std::move(message));
  }
  return std::optional<RawMessage>();
}

Status MaildirSource::Commit(const RawMessage& message) {
  const std::string& key = message.key;
  const auto slash = key.find('/');
  if (slash == std::string::npos) return Status::InvalidArgument("not a Maildir key: " + key);
  const std::string name = key.substr(slash + 1);
  const std::string from = dir_ + "/" + key;
  const std::string to = dir_ + "/cur/" + WithSeenFlag(name);
  if (from == to) return Status::Ok();
  // rename(2) is atomic within one file system, which a Maildir is (Maildir spec).
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    const int error = errno;
    std::error_code ignored;
    if (error == ENOENT && fs::exists(to, ignored)) return Status::Ok();  // already committed
    return Status::IOError("cannot move " + from + " to " + to + ": " + std::strerror(error));
  }
  return Status::Ok();
}

Result<std::unique_ptr<SingleMessageSource>> SingleMessageSource::OpenFile(
    const std::string& path) {
  auto bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  if (bytes->empty()) return Status::InvalidArgument(path + " is empty");
  RawMessage message{std::move(bytes).value(), "file:" + path, path};
  return std::unique_ptr<SingleMessageSource>(
      new SingleMessageSource("file " + path, std::move(message)));
}

Result<std::unique_ptr<SingleMessageSource>> SingleMessageSource::OpenStdin() {
  std::ostringstream buffer;
  buffer << std::cin.rdbuf();
  std::string bytes = buffer.str();
  if (bytes.empty()) return Status::InvalidArgument("standard input is empty");
  RawMessage message{std::move(bytes), "stdin", "-"};
  return std::unique_ptr<SingleMessageSource>(
      new SingleMessageSource("standard input", std::move(message)));
}

Result<std::optional<RawMessage>> SingleMessageSource::Next() {
  std::optional<RawMessage> out = std::move(message_);
  message_.reset();
  return out;
}

}  // namespace dmca::pipeline
