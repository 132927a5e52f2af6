#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace dmca::app::serve {

// A token bucket per key (a client address): `burst` requests at once, then one every
// `interval`. Thread-safe. Memory is bounded: past `max_keys` keys, full buckets are dropped
// (a flood from many addresses then costs each one a fresh bucket, never the memory).
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(std::size_t burst, std::chrono::milliseconds interval, std::size_t max_keys = 100'000)
      : burst_(static_cast<double>(burst)), interval_(interval), max_keys_(max_keys) {}

  // True when a request from `key` may go ahead now (and counts it).
  bool Allow(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point at;
  };
  double Refilled(const Bucket& b, Clock::time_point now) const;

  const double burst_;
  const std::chrono::milliseconds interval_;
  const std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace dmca::app::serve
