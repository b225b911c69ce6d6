#include "Core/Pacing/Bandwidth.h"

#include <algorithm>

namespace XnatDqr
{
  int64_t TokenBucket::Reserve(uint64_t bytes, double megabytesPerSecond, int64_t nowMs)
  {
    if (megabytesPerSecond <= 0)
    {
      return 0;
    }
    if (shared_ != nullptr)
    {
      return shared_->ReserveBandwidth(key_, bytes, megabytesPerSecond, nowMs);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    const double start = std::max(availableMs_, static_cast<double>(nowMs));
    availableMs_ = start + static_cast<double>(bytes) / (megabytesPerSecond * 1000.0);
    return static_cast<int64_t>(start - static_cast<double>(nowMs));
  }

  int64_t IdleAfter(int64_t busyMs, uint32_t utilization)
  {
    if (utilization >= 100 || utilization == 0 || busyMs <= 0)
    {
      return 0;
    }
    return busyMs * (100 - utilization) / utilization;
  }
} // namespace XnatDqr
