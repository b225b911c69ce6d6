#include "Core/Observability/TransferView.h"

#include "Core/Common/Errors.h"
#include "Core/Common/TimeFormat.h"

#include <map>

namespace XnatDqr
{
  Json::Value TransferView::Describe(const std::vector<Transfer>& transfers, int64_t nowMs)
  {
    std::map<std::string, std::optional<EffectiveState>> states; // nullopt: no such Receiver
    Threads& threads = throttles_.GetThreads();
    const uint32_t total = threads.Total();
    Json::Value answer(Json::arrayValue);
    for (const Transfer& transfer : transfers)
    {
      Json::Value json = transfer.ToJson();
      json["Waiting"] = Json::Value();
      if (!transfer.receiverId.empty() &&
          (transfer.State() == TransferState::Queued || transfer.State() == TransferState::Paused))
      {
        auto found = states.find(transfer.receiverId);
        if (found == states.end())
        {
          std::optional<EffectiveState> state;
          try
          {
            state = schedules_.StateFor(registry_.Get(transfer.receiverId), nowMs);
          }
          catch (const NotFoundError&)
          {
          }
          found = states.emplace(transfer.receiverId, state).first;
        }
        if (found->second)
        {
          const std::optional<QueueWait> wait = WhyWaiting(
            transfer, *found->second, threads.Running(transfer.receiverId), total, retry_, nowMs);
          if (wait)
          {
            Json::Value waiting(Json::objectValue);
            waiting["Reason"] = wait->reason;
            waiting["Until"] =
              wait->until ? Json::Value(TimeFormat::ToLocalIso(*wait->until)) : Json::Value();
            json["Waiting"] = waiting;
          }
        }
      }
      answer.append(json);
    }
    return answer;
  }

  Json::Value TransferView::Describe(const Transfer& transfer, int64_t nowMs)
  {
    return Describe(std::vector<Transfer>{transfer}, nowMs)[0];
  }
} // namespace XnatDqr
