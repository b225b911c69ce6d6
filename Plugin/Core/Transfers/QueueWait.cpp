#include "Core/Transfers/QueueWait.h"

namespace XnatDqr
{
  std::optional<QueueWait> WhyWaiting(const Transfer& transfer, const EffectiveState& state,
                                      uint32_t receiverRunning, uint32_t totalRunning,
                                      const RetryPolicy& retry, int64_t nowMs)
  {
    const TransferLifecycle& life = transfer.Lifecycle();
    if (life.state == TransferState::Paused)
    {
      return QueueWait{"paused", std::nullopt};
    }
    if (life.state != TransferState::Queued)
    {
      return std::nullopt;
    }
    if (life.nextAttemptMs > nowMs)
    {
      return QueueWait{"retry " + std::to_string(life.attempts + 1) + " of " +
                         std::to_string(retry.maxAttempts),
                       life.nextAttemptMs};
    }
    if (!state.open && state.budgetSpent)
    {
      return QueueWait{"the window's byte budget is spent", state.nextChange};
    }
    if (!state.open)
    {
      return QueueWait{state.receiverOpen ? "global window closed" : "window closed",
                       state.nextChange};
    }
    if (receiverRunning >= state.window.threads)
    {
      return QueueWait{"waiting for a thread (" + std::to_string(receiverRunning) + " of " +
                         std::to_string(state.window.threads) + " busy)",
                       std::nullopt};
    }
    if (state.globalThreads != 0 && totalRunning >= state.globalThreads)
    {
      return QueueWait{"waiting for a thread (all " + std::to_string(state.globalThreads) +
                         " of the PACS busy)",
                       std::nullopt};
    }
    return QueueWait{"starting", nowMs};
  }
} // namespace XnatDqr
