#pragma once

#include "Core/Transfers/RefusalGroup.h"
#include "Core/Transfers/Transfer.h"
#include "Core/Transfers/TransferTally.h"

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

    // Several Orthancs may share the store: a Running Transfer belongs to the Orthanc that
    // wrote it so (its owner), with a lease (by default LEASE_MS) from that write, renewed by
    // RenewLeases while it runs. Another Orthanc recovers it once the lease has expired.
    static constexpr int64_t LEASE_MS = 20000;
    // Stores a Transfer that was Queued and is now started, only if it is still Queued in the
    // store: false when another Orthanc claimed it first.
    virtual bool ClaimTransfer(const Transfer& started) = 0;
    // These Running Transfers of this Orthanc (the ones it still runs), and its threads: their
    // leases start again.
    virtual void RenewLeases(const std::vector<int64_t>& ids) = 0;
    // Running Transfers whose lease expired before nowMs; mine: this Orthanc's own too (at
    // start: they were cut short by its crash or stop).
    virtual std::vector<Transfer> ListAbandoned(int64_t nowMs, bool mine) = 0;
    // Stores a recovered (Queued again) Transfer, only if it is still abandoned as above:
    // false when its owner renewed it or another Orthanc recovered it first.
    virtual bool RecoverAbandoned(const Transfer& recovered, int64_t nowMs, bool mine) = 0;
    virtual std::optional<Transfer> FindTransfer(int64_t id) = 0;
    // Newest first.
    virtual std::vector<Transfer> ListTransfers(const TransferFilter& filter) = 0;
    virtual size_t CountTransfers() = 0;
    // The C-MOVEs refused since sinceMs that no Receiver took (routing found none), grouped by
    // their AE Titles and the caller's address, the latest first; at most limit groups.
    virtual std::vector<RefusalGroup> ListRefusals(int64_t sinceMs, size_t limit) = 0;

    // The queue, so that looking for work costs what the Receivers with work cost, not what
    // every queued Transfer costs:
    // Receivers with at least one Queued Transfer.
    virtual std::vector<std::string> ListQueuedReceivers() = 0;
    // Up to limit of the Receiver's Queued Transfers that are due at nowMs, in queue order
    // (QueueOrder: Priority first, then oldest first).
    virtual std::vector<Transfer> NextQueued(const std::string& receiverId, int64_t nowMs,
                                             size_t limit) = 0;
    // The earliest NextAttempt after nowMs among the Receiver's Queued Transfers.
    virtual std::optional<int64_t> NextRetry(const std::string& receiverId, int64_t nowMs) = 0;
    // Ids of the Receiver's Queued, Running or Paused Transfers, oldest first.
    virtual std::vector<int64_t> ListActiveIds(const std::string& receiverId) = 0;

    // Every Transfer summed up per Receiver and state, for the metrics.
    virtual std::vector<TransferTally> TallyTransfers() = 0;
  };
} // namespace XnatDqr
