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
    if (!send.localAet.empty() && (send.localAetWins || receiver.localAet.empty()))
    {
      transfer.query["LocalAet"] = send.localAet;
    }
    const MatchedInstances matched = instances.OfResources(send.resources, transfer.level);
    const std::vector<std::string> ids = DescribeInTransfer(matched, transfer);
    store.CreateTransfer(transfer, ids); // a new Transfer is Queued
    queue.Wake();
    return transfer;
  }

  std::string RequestedLocalAet(const Transfer& transfer)
  {
    const Json::Value& chosen = transfer.query["LocalAet"];
    return transfer.origin == "REST" && chosen.isString() ? chosen.asString() : "";
  }
} // namespace XnatDqr
