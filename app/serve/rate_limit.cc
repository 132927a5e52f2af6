#include "app/serve/rate_limit.h"

#include <algorithm>

namespace dmca::app::serve {

double RateLimiter::Refilled(const Bucket& b, Clock::time_point now) const {
  const double earned = std::chrono::duration<double>(now - b.at).count() /
                        std::chrono::duration<double>(interval_).count();
  return std::min(burst_, b.tokens + earned);
}

bool RateLimiter::Allow(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) {
      std::erase_if(buckets_, [&](const auto& kv) { return Refilled(kv.second, now) >= burst_; });
    }
    it = buckets_.emplace(key, Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  b.tokens = Refilled(b, now);
  b.at = now;
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

}  // namespace dmca::app::serve
