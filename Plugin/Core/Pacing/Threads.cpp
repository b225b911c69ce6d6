#include "Core/Pacing/Threads.h"

#include <algorithm>

namespace XnatDqr
{
  bool Threads::Free(const std::string& receiverId, uint32_t receiverCap, uint32_t totalCap) const
  {
    auto found = running_.find(receiverId);
    const uint32_t mine = found == running_.end() ? 0 : found->second;
    return mine < receiverCap && (totalCap == 0 || total_ < totalCap);
  }

  bool Threads::Take(const std::string& receiverId, uint32_t receiverCap, uint32_t totalCap)
  {
    if (shared_ != nullptr)
    {
      const std::optional<int64_t> token = shared_->TakeThread(receiverId, receiverCap, totalCap);
      if (!token)
      {
        return false;
      }
      tokens_[receiverId].push_back(*token);
    }
    running_[receiverId]++;
    total_++;
    return true;
  }

  bool Threads::TryAcquire(const std::string& receiverId, uint32_t receiverCap, uint32_t totalCap)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return Free(receiverId, receiverCap, totalCap) && Take(receiverId, receiverCap, totalCap);
  }

  bool Threads::Acquire(const std::string& receiverId, uint32_t receiverCap, uint32_t totalCap,
                        int64_t timeoutMs)
  {
    // Another Orthanc's release is not signalled here: with shared threads, look again often
    // (and not in a loop that would keep the store busy).
    const int64_t step = shared_ != nullptr ? 50 : timeoutMs;
    const int64_t deadline = clock_.SteadyMs() + timeoutMs;
    std::unique_lock<std::mutex> lock(mutex_);
    while (true)
    {
      if (Free(receiverId, receiverCap, totalCap) && Take(receiverId, receiverCap, totalCap))
      {
        return true;
      }
      const int64_t now = clock_.SteadyMs();
      if (now >= deadline)
      {
        return false;
      }
      clock_.WaitFor(released_, lock, std::min(step, deadline - now));
    }
  }

  void Threads::Release(const std::string& receiverId)
  {
    std::optional<int64_t> token;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto found = running_.find(receiverId);
      if (found != running_.end() && found->second > 0)
      {
        found->second--;
        total_--;
      }
      auto held = tokens_.find(receiverId);
      if (held != tokens_.end() && !held->second.empty())
      {
        token = held->second.back();
        held->second.pop_back();
      }
    }
    if (token)
    {
      try
      {
        shared_->ReturnThread(*token);
      }
      catch (const std::exception&)
      {
        // The database is away: the thread's lease runs out instead.
      }
    }
    released_.notify_all();
    if (onRelease_)
    {
      onRelease_();
    }
  }

  uint32_t Threads::Running(const std::string& receiverId)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = running_.find(receiverId);
    return found == running_.end() ? 0 : found->second;
  }

  uint32_t Threads::Total()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return total_;
  }
} // namespace XnatDqr
