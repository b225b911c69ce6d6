#include "Core/Recording/RateMeter.h"

namespace XnatDqr
{
  void RateMeter::Record(const std::string& receiverId, uint64_t bytes, int64_t nowMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& samples = samples_[receiverId];
    samples.emplace_back(nowMs, bytes);
    while (!samples.empty() && samples.front().first <= nowMs - WINDOW_MS)
    {
      samples.pop_front();
    }
  }

  double RateMeter::MBps(const std::string& receiverId, int64_t nowMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = samples_.find(receiverId);
    if (found == samples_.end())
    {
      return 0;
    }
    uint64_t bytes = 0;
    for (const auto& [timeMs, size] : found->second)
    {
      if (timeMs > nowMs - WINDOW_MS)
      {
        bytes += size;
      }
    }
    return static_cast<double>(bytes) / 1e6 / (WINDOW_MS / 1000.0);
  }
} // namespace XnatDqr
