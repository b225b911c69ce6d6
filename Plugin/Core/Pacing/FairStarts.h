#pragma once

#include "Core/Pacing/SchedulePolicy.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace XnatDqr
{
  // A Receiver whose Queued Transfers may start now, as the queue found it.
  struct WaitingWork
  {
    std::string receiverId;
    EffectiveState state;
    std::deque<int64_t> queued; // Transfer ids, first to start first
  };

  // The queue's order of starts: one at a time, to the Receiver started least per unit of
  // Weight while it had work waiting, so that under the PACS-wide Threads Receivers share by
  // weight, not first come, first served. A Receiver without work waiting banks no credit.
  // Keeps what each Receiver was served between rounds; one thread calls it.
  class FairStarts
  {
  public:
    struct Actions
    {
      std::function<uint32_t(const std::string&)> running; // a Receiver's Transfers running
      std::function<bool(int64_t)> started;                // a Transfer started already
      // Starts one; false when no thread is left in all (or the queue stops): the round ends.
      std::function<bool(const WaitingWork&, int64_t)> start;
    };

    // Starts what may start now; returns how many were started.
    size_t Round(std::vector<WaitingWork> waiting, const Actions& actions);

    uint64_t Served(const std::string& receiverId) const;

  private:
    void ForgetIdle(const std::vector<WaitingWork>& waiting);

    std::map<std::string, uint64_t> served_;
  };
} // namespace XnatDqr
