#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace dmca {

// The outcome of work that can fail for reasons outside the input: disk, database, network,
// a remote API, or a caller's wrong arguments. Malformed *input* is not a failure: it becomes
// a Finding (finding.h) and the work goes on.
//
// A Status is cheap to copy when OK. Retryable() tells the runner whether trying again later
// may succeed (an unreachable server, a locked database), as opposed to a permanent error.
class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk,
    kInvalidArgument,     // the caller asked for something impossible (usage error)
    kNotFound,            // a file, case, page or message that does not exist
    kAlreadyExists,       // a unique thing made twice
    kCorruption,          // stored data that does not read back as written
    kIOError,             // the local file system said no
    kUnavailable,         // a server or lock that may answer later: retryable
    kFailedPrecondition,  // the state does not allow this now (e.g. executing an unapproved case)
    kPermissionDenied,    // credentials refused, path not writable
    kInternal,            // a bug: an invariant did not hold
  };

  Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return {Code::kInvalidArgument, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) { return {Code::kAlreadyExists, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {Code::kCorruption, std::move(msg)}; }
  static Status IOError(std::string msg) { return {Code::kIOError, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {Code::kUnavailable, std::move(msg)}; }
  static Status FailedPrecondition(std::string msg) {
    return {Code::kFailedPrecondition, std::move(msg)};
  }
  static Status PermissionDenied(std::string msg) {
    return {Code::kPermissionDenied, std::move(msg)};
  }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  bool Retryable() const { return code_ == Code::kUnavailable; }

  // "NotFound: no such case 12"; "OK" when ok().
  std::string ToString() const;
  static std::string_view CodeName(Code code);

  // Prefixes the message with context, keeping the code: "store: " + "disk full".
  Status Annotate(std::string_view context) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status that explains its absence. Never holds an OK Status without a value.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}                  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {            // NOLINT: implicit by design
    if (std::get<Status>(data_).ok()) data_ = Status::Internal("Result built from OK status");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }

  // Precondition: ok().
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace dmca

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define DMCA_RETURN_IF_ERROR(expr)         \
  do {                                     \
    ::dmca::Status dmca_status_ = (expr);  \
    if (!dmca_status_.ok()) return dmca_status_; \
  } while (false)
