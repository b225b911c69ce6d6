#include "Core/Observability/Glance.h"

#include "Core/Common/TimeFormat.h"

namespace XnatDqr
{
  void EchoLog::Record(const std::string& receiverId, const Echo& echo)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    echoes_[receiverId] = echo;
  }

  std::map<std::string, EchoLog::Echo> EchoLog::Snapshot()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return echoes_;
  }

  Json::Value Glance::Describe(int64_t nowMs)
  {
    Json::Value answer(Json::objectValue);
    const std::map<std::string, EchoLog::Echo> echoes = echoes_.Snapshot();
    for (const Receiver& receiver : *registry_.Snapshot())
    {
      Json::Value one(Json::objectValue);
      one["Waiting"] = 0;
      one["OldestWaiting"] = Json::Value();
      one["LastSent"] = Json::Value();
      const EffectiveState state = schedules_.StateFor(receiver, nowMs);
      one["Open"] = state.open;
      one["NextChange"] =
        state.nextChange ? TimeFormat::TimeOrNull(*state.nextChange) : Json::Value();
      auto echo = echoes.find(receiver.id);
      if (echo == echoes.end())
      {
        one["LastEcho"] = Json::Value();
      }
      else
      {
        one["LastEcho"]["Time"] = TimeFormat::ToLocalIso(echo->second.timeMs);
        one["LastEcho"]["Success"] = echo->second.success;
        one["LastEcho"]["Text"] = echo->second.text;
      }
      one["Refused24h"] = Json::Value(Json::objectValue);
      answer[receiver.id] = one;
    }
    for (const TransferTally& tally : store_.TallyTransfers())
    {
      if (!answer.isMember(tally.receiverId))
      {
        continue; // a deleted Receiver, or plain modalities
      }
      Json::Value& one = answer[tally.receiverId];
      if (tally.state == TransferState::Queued || tally.state == TransferState::Paused)
      {
        one["Waiting"] = one["Waiting"].asUInt64() + tally.count;
        const int64_t oldest = one["OldestWaiting"].isNull()
                                 ? 0
                                 : TimeFormat::Parse(one["OldestWaiting"].asString()).value();
        if (oldest == 0 || tally.oldestCreatedMs < oldest)
        {
          one["OldestWaiting"] = TimeFormat::TimeOrNull(tally.oldestCreatedMs);
        }
      }
      if (tally.state == TransferState::Succeeded)
      {
        one["LastSent"] = TimeFormat::TimeOrNull(tally.latestFinishedMs);
      }
    }
    for (const auto& [key, count] : refusals_.Since(nowMs - REFUSALS_MS))
    {
      if (answer.isMember(key.first))
      {
        answer[key.first]["Refused24h"][ToString(key.second)] = static_cast<Json::UInt64>(count);
      }
    }
    return answer;
  }
} // namespace XnatDqr
