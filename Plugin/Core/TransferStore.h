#pragma once

#include "Core/Transfer.h"

#include <optional>
#include <string>
#include <vector>

namespace XnatDqr
{
  // Persistence of Transfers; every method is one transaction.
  class TransferStore
  {
  public:
    virtual ~TransferStore() = default;
    // Stores a new Transfer with the Orthanc ids of its instances, in sending order, and sets
    // its id.
    virtual void CreateTransfer(Transfer& transfer,
                                const std::vector<std::string>& instanceIds) = 0;
    // The instances from this position (= InstancesSent) on.
    virtual std::vector<std::string> ListTransferInstances(int64_t id, uint64_t fromPosition) = 0;
    // Every Transfer that is Queued, Running or Paused, oldest first.
    virtual std::vector<Transfer> ListActiveTransfers() = 0;
    virtual void UpdateTransfer(const Transfer& transfer) = 0;
    virtual std::optional<Transfer> FindTransfer(int64_t id) = 0;
    // Newest first.
    virtual std::vector<Transfer> ListTransfers(const TransferFilter& filter) = 0;
    virtual size_t CountTransfers() = 0;
  };
} // namespace XnatDqr
