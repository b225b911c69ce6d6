#pragma once

#include "Core/Transfer.h"

#include <optional>
#include <vector>

namespace XnatDqr
{
  // Persistence of Transfers; every method is one transaction.
  class TransferStore
  {
  public:
    virtual ~TransferStore() = default;
    // Stores a new Transfer and sets its id.
    virtual void CreateTransfer(Transfer& transfer) = 0;
    virtual void UpdateTransfer(const Transfer& transfer) = 0;
    virtual std::optional<Transfer> FindTransfer(int64_t id) = 0;
    // Newest first.
    virtual std::vector<Transfer> ListTransfers(const TransferFilter& filter) = 0;
    virtual size_t CountTransfers() = 0;
  };
} // namespace XnatDqr
