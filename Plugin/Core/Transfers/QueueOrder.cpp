#include "Core/Transfers/QueueOrder.h"

#include <algorithm>

namespace XnatDqr
{
  std::vector<Transfer> QueueOrder(std::vector<Transfer> queued, int64_t nowMs)
  {
    queued.erase(std::remove_if(queued.begin(), queued.end(),
                                [nowMs](const Transfer& t) {
                                  return t.State() != TransferState::Queued ||
                                         t.Lifecycle().nextAttemptMs > nowMs;
                                }),
                 queued.end());
    std::sort(queued.begin(), queued.end(),
              [](const Transfer& a, const Transfer& b)
              { return a.priority != b.priority ? a.priority > b.priority : a.id < b.id; });
    return queued;
  }

  int64_t RetryDelayMs(uint32_t attempts, uint32_t baseSeconds)
  {
    const int64_t cap = 3600 * 1000;
    int64_t delay = static_cast<int64_t>(baseSeconds) * 1000;
    for (uint32_t i = 1; i < attempts && delay < cap; i++)
    {
      delay *= 2;
    }
    return std::min(delay, cap);
  }
} // namespace XnatDqr
