#include "Core/Transfers/ResourceSend.h"

namespace XnatDqr
{
  Transfer QueueResourceSend(const Receiver& receiver, const ResourceSend& send, int64_t nowMs,
                             InstanceSource& instances, TransferStore& store,
                             TransferControl& queue)
  {
    Transfer transfer;
    transfer.origin = "REST";
    transfer.createdMs = nowMs;
    transfer.receiverId = receiver.id;
    transfer.destinationAet = receiver.aet;
    transfer.SetPriority(send.priority);
    for (const std::string& id : send.resources)
    {
      transfer.query["Resources"].append(id);
    }
    if (!send.via.empty())
    {
      transfer.query["Via"] = send.via;
    }
    const MatchedInstances matched = instances.OfResources(send.resources, transfer.level);
    const std::vector<std::string> ids = DescribeInTransfer(matched, transfer);
    store.CreateTransfer(transfer, ids); // a new Transfer is Queued
    queue.Wake();
    return transfer;
  }
} // namespace XnatDqr
