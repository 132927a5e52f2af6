#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <system_error>

#include "pipeline/sources/file_sources.h"

namespace dmca::pipeline {

namespace fs = std::filesystem;

Result<std::unique_ptr<Source>> OpenSource(const std::string& path,
                                           const FileSourceOptions& options) {
  auto up = [](auto result) -> Result<std::unique_ptr<Source>> {
    if (!result.ok()) return result.status();
    return std::unique_ptr<Source>(std::move(result).value());
  };
  if (path == "-") return up(SingleMessageSource::OpenStdin());
  std::error_code error;
  const auto status = fs::status(path, error);
  if (!fs::exists(status)) return Status::NotFound("no such file or directory: " + path);
  if (fs::is_directory(status)) return up(MaildirSource::Open(path, options));
  if (::access(path.c_str(), R_OK) != 0) {
    return Status::PermissionDenied("cannot read " + path + ": permission denied");
  }
  const auto size = fs::file_size(path, error);
  if (!error && size == 0) return Status::InvalidArgument(path + " is empty");
  // An mbox starts with its first separator line (RFC 4155).
  std::ifstream in(path, std::ios::binary);
  char head[5] = {};
  in.read(head, sizeof head);
  if (in.gcount() == 5 && std::string_view(head, 5) == "From ") {
    return up(MboxSource::Open(path, options));
  }
  return up(SingleMessageSource::OpenFile(path));
}

}  // namespace dmca::pipeline
