#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/base/iso8601.h"

namespace dmca::pipeline {

// Where "now" comes from. Every deadline (the 10-to-14 business day restoration window of
// 17 U.S.C. §512(g)(2)(C)) is computed from an injected Clock so tests can use a fixed one.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
};

// A clock that stands still until told to move. Not thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point now) : now_(now) {}
  std::chrono::system_clock::time_point Now() const override { return now_; }
  void Advance(std::chrono::system_clock::duration by) { now_ += by; }
  void Set(std::chrono::system_clock::time_point now) { now_ = now; }

 private:
  std::chrono::system_clock::time_point now_;
};

// The system clock set to read `start` now, and running on from there: a rehearsal of a later
// day (`dmca tick --now`, DMCA_NOW) in which leases and retry delays still pass.
class ShiftedClock final : public Clock {
 public:
  explicit ShiftedClock(std::chrono::system_clock::time_point start)
      : offset_(start - std::chrono::system_clock::now()) {}
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now() + offset_;
  }

 private:
  std::chrono::system_clock::duration offset_;
};

// The ISO 8601 instants of parsers/base/iso8601.h, where the parsers (a notice's receipt) see
// them too.
using dmca::FormatIso8601;
using dmca::ParseIso8601;

}  // namespace dmca::pipeline
