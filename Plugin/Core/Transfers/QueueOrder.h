#pragma once

#include "Core/Transfers/Transfer.h"

#include <vector>

namespace XnatDqr
{
  // The order in which Queued Transfers are considered: higher Priority first, then first in,
  // first out. Transfers waiting for a retry (NextAttempt later than now) are left out.
  std::vector<Transfer> QueueOrder(std::vector<Transfer> queued, int64_t nowMs);

  // The retry delay after this many failed attempts: base x 2^(attempts - 1), at most 1 hour.
  int64_t RetryDelayMs(uint32_t attempts, uint32_t baseSeconds);
} // namespace XnatDqr
