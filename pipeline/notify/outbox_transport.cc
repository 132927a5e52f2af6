// The outbox (CONTRACT.md `[mail] outbox`): one RFC 5322 .eml file per letter.
//
// The Maildir discipline (write elsewhere, sync, then rename into place, maildir(5)): a file
// under its final name is always a whole letter, on disk, so a reader (an operator, a script
// that mails the outbox on) never sees half a letter, and after a crash the file's presence
// says whether the letter went out.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "pipeline/notify/transport.h"

namespace dmca::pipeline::notify {
namespace {

// NAME_MAX is 255 on every file system we meet; the temporary name adds about 40 bytes.
constexpr std::size_t kMaxStem = 180;

std::string Errno(std::string_view what, const std::string& path) {
  return std::string(what) + " " + path + ": " + std::strerror(errno);
}

// FNV-1a, 64 bits: a fixed function, so a name computed today is the name computed after an
// upgrade (std::hash promises neither).
std::uint64_t Fnv1a(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

bool SafeNameByte(char c, bool first) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  if (first) return false;  // no ".", "-" first: not hidden, not an option to a shell tool
  return c == '.' || c == '-' || c == '_' || c == '+' || c == '@' || c == '=';
}

// The file name of a Message-ID: its bytes between "<" and ">", with every byte a file name
// should not hold ("/", controls, spaces, "%" itself, a leading "." or "-") written as %XX, so
// two different IDs never share a name; a very long one is cut and ends in a hash of the whole.
Result<std::string> FileName(std::string_view message_id) {
  std::string_view id = message_id;
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  if (id.empty()) return Status::InvalidArgument("outbox: a letter without a Message-ID");
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string stem;
  for (std::size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    if (SafeNameByte(c, i == 0)) {
      stem += c;
    } else {
      stem += '%';
      stem += kHex[static_cast<unsigned char>(c) >> 4];
      stem += kHex[static_cast<unsigned char>(c) & 15];
    }
  }
  if (stem.size() > kMaxStem) {
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(Fnv1a(message_id)));
    stem = stem.substr(0, kMaxStem - 17) + "~" + hash;
  }
  return stem + ".eml";
}

// fsync of a directory: makes a rename or a new entry in it durable (rename(2) alone is atomic
// but not durable).
Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IOError(Errno("outbox: cannot open", dir));
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  errno = saved;
  if (rc != 0) return Status::IOError(Errno("outbox: cannot sync", dir));
  return Status::Ok();
}

Status WriteSynced(const std::string& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Status::IOError(Errno("outbox: cannot create", path));
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Status error = Status::IOError(Errno("outbox: cannot write", path));
      ::close(fd);
      return error;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(fd) != 0) {
    Status error = Status::IOError(Errno("outbox: cannot sync", path));
    ::close(fd);
    return error;
  }
  if (::close(fd) != 0) return Status::IOError(Errno("outbox: cannot close", path));
  return Status::Ok();
}

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(Errno("outbox: cannot read", path));
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return Status::IOError(Errno("outbox: cannot read", path));
  return std::move(out).str();
}

class OutboxTransport final : public MailTransport {
 public:
  explicit OutboxTransport(std::string dir) : dir_(std::move(dir)) {}

  Status Send(const OutgoingMail& mail, const BeforeCommit& before_commit) override {
    Result<std::string> name = FileName(mail.message_id);
    if (!name.ok()) return name.status();
    const std::string path = dir_ + "/" + *name;
    // The same letter again (a retry after a crash) finds its file and writes nothing; another
    // letter under a Message-ID already used is a bug in the caller, never an overwrite.
    struct stat info;
    if (::lstat(path.c_str(), &info) == 0) {
      Result<std::string> existing = ReadAll(path);
      if (!existing.ok()) return existing.status();
      if (*existing == mail.data) return Status::Ok();
      return Status::AlreadyExists("outbox: " + path + " holds another letter with Message-ID " +
                                   mail.message_id);
    }
    if (errno != ENOENT) return Status::IOError(Errno("outbox: cannot look at", path));

    // Hidden (a leading "."), and unique to this process and call, in the same directory so
    // that the rename is atomic (rename(2) within one file system).
    static std::atomic<unsigned> counter{0};
    const std::string temporary = dir_ + "/.tmp." + std::to_string(::getpid()) + "." +
                                  std::to_string(++counter) + "." + *name;
    Status written = WriteSynced(temporary, mail.data);
    if (written.ok() && before_commit) written = before_commit();
    if (written.ok() && ::rename(temporary.c_str(), path.c_str()) != 0) {
      written = Status::IOError(Errno("outbox: cannot rename into", path));
    }
    if (!written.ok()) {
      ::unlink(temporary.c_str());
      return written;
    }
    return SyncDirectory(dir_);
  }

  std::optional<bool> Delivered(const OutgoingMail& mail) override {
    Result<std::string> name = FileName(mail.message_id);
    if (!name.ok()) return false;  // such a letter can never have been written
    struct stat info;
    if (::lstat((dir_ + "/" + *name).c_str(), &info) == 0) return true;
    if (errno == ENOENT) return false;
    return std::nullopt;  // cannot look (permissions, I/O): unknown
  }

  std::string Describe() const override { return "outbox " + dir_; }

 private:
  std::string dir_;
};

}  // namespace

Result<std::unique_ptr<MailTransport>> OpenOutbox(const std::string& dir) {
  if (dir.empty()) return Status::InvalidArgument("outbox: no directory");
  std::error_code error;
  std::filesystem::path path = std::filesystem::absolute(dir, error);
  if (error) return Status::IOError("outbox: " + dir + ": " + error.message());
  path = path.lexically_normal();
  if (!path.has_filename()) path = path.parent_path();  // "outbox/"
  bool existed = std::filesystem::is_directory(path, error);
  if (!existed) {
    std::filesystem::create_directories(path, error);
    if (error || !std::filesystem::is_directory(path)) {
      return Status::IOError("outbox: cannot create the directory " + path.string() + ": " +
                             (error ? error.message() : "not a directory"));
    }
    // The new directory's own entry must survive a crash too.
    DMCA_RETURN_IF_ERROR(SyncDirectory(path.parent_path().string()));
  }
  if (::access(path.c_str(), W_OK | X_OK) != 0) {
    return Status::PermissionDenied(Errno("outbox: cannot write into", path.string()));
  }
  return std::unique_ptr<MailTransport>(new OutboxTransport(path.string()));
}

}  // namespace dmca::pipeline::notify
