#pragma once

#include "Core/Transfers/Transfer.h"

#include <cstdint>
#include <string>

namespace XnatDqr
{
  // The Transfers of one Receiver ("" for plain Orthanc modalities) in one state: what a
  // store sums up for the metrics.
  struct TransferTally
  {
    std::string receiverId;
    TransferState state = TransferState::Queued;
    uint64_t count = 0;
    uint64_t instancesSent = 0;
    uint64_t instancesFailed = 0;
    uint64_t bytesSent = 0;
    int64_t oldestCreatedMs = 0;
    int64_t latestFinishedMs = 0;
  };
} // namespace XnatDqr
