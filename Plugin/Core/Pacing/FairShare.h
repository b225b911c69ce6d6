#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace XnatDqr
{
  // When the PACS-wide Threads or MaxMBps is the bottleneck, Receivers share it by Weight
  // instead of first come, first served.

  struct ShareCandidate
  {
    std::string receiverId;
    uint32_t running = 0; // its Transfers started so far (or running now): its service
    uint32_t weight = 1;
  };

  // The candidate with the least service per unit of weight (ties: the first).
  std::optional<size_t> NextByWeight(const std::vector<ShareCandidate>& candidates);

  // A Receiver's part of a PACS-wide bandwidth cap, by its weight among those sending now
  // (itself included). The whole cap when it sends alone.
  double ShareOf(double totalMBps, uint32_t weight, uint32_t activeWeights);

  // The Receivers sending now and their weights, each counted once however many Transfers it
  // runs. Thread-safe.
  class Sharing
  {
  public:
    void Join(const std::string& receiverId, uint32_t weight);
    void Leave(const std::string& receiverId);
    uint32_t ActiveWeights();

  private:
    struct Active
    {
      uint32_t weight = 1;
      uint32_t senders = 0;
    };
    std::mutex mutex_;
    std::map<std::string, Active> active_;
  };
} // namespace XnatDqr
