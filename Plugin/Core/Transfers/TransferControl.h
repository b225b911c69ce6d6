#pragma once

#include "Core/Transfers/Transfer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace XnatDqr
{
  // The port to the queue that runs Transfers: what REST (and a C-MOVE that queues) may ask of
  // it. The queue knows which Transfers it is sending; the rules of each change are Core's
  // (Transfer's transitions). Implementations are thread-safe.
  class TransferControl
  {
  public:
    virtual ~TransferControl() = default;

    // Each returns the Transfer after the change; NotFoundError, or ConflictError naming the
    // state when the change is not allowed. A Transfer being sent is asked to stop at its next
    // batch boundary and is returned as it is now.
    virtual Transfer Pause(int64_t id) = 0;
    virtual Transfer Resume(int64_t id) = 0;
    virtual Transfer Cancel(int64_t id) = 0;
    virtual Transfer Retry(int64_t id) = 0;
    virtual Transfer SetPriority(int64_t id, int64_t priority) = 0;

    // A Transfer was queued or a thread freed: look at the queue again.
    virtual void Wake() = 0;

    // Ids of the Receiver's Queued, Running or Paused Transfers.
    virtual std::vector<int64_t> ActiveFor(const std::string& receiverId) = 0;
    // Cancels those the queue runs or waits on (those sent inside a C-MOVE end with it).
    virtual void CancelAllFor(const std::string& receiverId) = 0;
  };
} // namespace XnatDqr
