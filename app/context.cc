#include "app/context.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "app/cli.h"

namespace dmca::app {

Result<std::string> ReadInput(const std::string& path) {
  std::string bytes;
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    bytes = std::move(buffer).str();
    if (bytes.empty()) return Status::InvalidArgument("standard input is empty");
    return bytes;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path + ": " + std::strerror(errno));
  bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IOError("cannot read " + path + ": " + std::strerror(errno));
  if (bytes.empty()) return Status::InvalidArgument(path + " is empty");
  return bytes;
}

bool LooksLikeMessage(std::string_view bytes) {
  // Field names every real message carries somewhere in its header block (RFC 5322 §3.6).
  static constexpr std::array<std::string_view, 12> kFields = {
      "from", "to", "subject", "date", "message-id", "mime-version", "content-type",
      "received", "return-path", "delivered-to", "reply-to", "sender"};
  std::size_t pos = 0;
  bool known = false;
  int lines = 0;
  if (bytes.substr(0, 5) == "From ") pos = bytes.find('\n') + 1;  // an mbox separator
  while (pos < bytes.size() && lines < 200) {
    std::size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) return known;  // the end of the header block
    if (line[0] == ' ' || line[0] == '\t') {
      if (lines == 0) return false;  // a continuation with nothing to continue
    } else {
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0) return false;
      std::string name(line.substr(0, colon));
      while (!name.empty() && name.back() == ' ') name.pop_back();
      for (char& c : name) {
        if (c <= ' ' || c > '~') return false;
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      for (std::string_view field : kFields) known = known || name == field;
    }
    ++lines;
    pos = end + 1;
  }
  return known;
}

int Fail(Context& ctx, const Status& status) {
  ctx.err << "dmca: " << status.message() << '\n';
  return status.Retryable() ? kExitTempFail : kExitFailure;
}

int UsageError(Context& ctx, std::string_view command, std::string_view message) {
  ctx.err << "dmca " << command << ": " << message << "\n"
          << "Try 'dmca " << command << " --help'.\n";
  return kExitUsage;
}

}  // namespace dmca::app
