#pragma once

#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Transfers/Transfer.h"

#include <cstdint>
#include <optional>
#include <string>

namespace XnatDqr
{
  // Why a Queued or Paused Transfer is not being sent now, and the earliest time it may start
  // when that is known: what the page says next to it.
  struct QueueWait
  {
    std::string reason;           // "window closed", "retry 2 of 5", "waiting for a thread"...
    std::optional<int64_t> until; // epoch ms: the window opens, the retry is due; none: unknown
  };

  // nullopt for a Transfer that is Running or finished. state is its Receiver's schedules now.
  std::optional<QueueWait> WhyWaiting(const Transfer& transfer, const EffectiveState& state,
                                      uint32_t receiverRunning, uint32_t totalRunning,
                                      const RetryPolicy& retry, int64_t nowMs);
} // namespace XnatDqr
