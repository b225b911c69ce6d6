#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace XnatDqr
{
  // Bytes sent per Receiver over the last WINDOW_MS: the "current MB/s". Thread-safe.
  class RateMeter
  {
  public:
    static constexpr int64_t WINDOW_MS = 10000;
    void Record(const std::string& receiverId, uint64_t bytes, int64_t nowMs);
    double MBps(const std::string& receiverId, int64_t nowMs);

  private:
    std::mutex mutex_;
    std::map<std::string, std::deque<std::pair<int64_t, uint64_t>>> samples_;
  };
} // namespace XnatDqr
