#include "Core/Pacing/FairShare.h"

namespace XnatDqr
{
  std::optional<size_t> NextByWeight(const std::vector<ShareCandidate>& candidates)
  {
    std::optional<size_t> best;
    for (size_t i = 0; i < candidates.size(); i++)
    {
      const ShareCandidate& one = candidates[i];
      // running / weight < best.running / best.weight, without division.
      if (!best || static_cast<uint64_t>(one.running) * candidates[*best].weight <
                     static_cast<uint64_t>(candidates[*best].running) * one.weight)
      {
        best = i;
      }
    }
    return best;
  }

  double ShareOf(double totalMBps, uint32_t weight, uint32_t activeWeights)
  {
    if (totalMBps <= 0 || activeWeights <= weight)
    {
      return totalMBps;
    }
    return totalMBps * weight / activeWeights;
  }

  void Sharing::Join(const std::string& receiverId, uint32_t weight)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Active& active = active_[receiverId];
    active.weight = weight == 0 ? 1 : weight;
    active.senders++;
  }

  void Sharing::Leave(const std::string& receiverId)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = active_.find(receiverId);
    if (found != active_.end() && --found->second.senders == 0)
    {
      active_.erase(found);
    }
  }

  uint32_t Sharing::ActiveWeights()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    uint32_t total = 0;
    for (const auto& [id, active] : active_)
    {
      total += active.weight;
    }
    return total;
  }
} // namespace XnatDqr
