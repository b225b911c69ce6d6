#include "Core/Transfer.h"

#include "Core/TimeFormat.h"

namespace XnatDqr
{
  namespace
  {
    const char* const STATES[] = {"Queued", "Running", "Paused", "Succeeded", "Failed", "Canceled"};

    Json::Value TimeOrNull(int64_t ms)
    {
      return ms == 0 ? Json::Value() : Json::Value(TimeFormat::ToLocalIso(ms));
    }

    Json::Value TextOrNull(const std::string& text)
    {
      return text.empty() ? Json::Value() : Json::Value(text);
    }

    int64_t MsOf(const Json::Value& value)
    {
      if (!value.isString())
      {
        return 0;
      }
      return TimeFormat::Parse(value.asString()).value_or(0);
    }
  } // namespace

  const char* ToString(TransferState state)
  {
    return STATES[static_cast<int>(state)];
  }

  std::optional<TransferState> ParseTransferState(const std::string& text)
  {
    for (int i = 0; i < 6; i++)
    {
      if (text == STATES[i])
      {
        return static_cast<TransferState>(i);
      }
    }
    return std::nullopt;
  }

  bool Transfer::IsFinal() const
  {
    return state == TransferState::Succeeded || state == TransferState::Failed ||
           state == TransferState::Canceled;
  }

  Json::Value Transfer::ToJson() const
  {
    Json::Value json(Json::objectValue);
    json["Id"] = static_cast<Json::Int64>(id);
    json["State"] = ToString(state);
    json["Origin"] = origin;
    json["Receiver"] = TextOrNull(receiverId);
    json["Modality"] = TextOrNull(modalityName);
    json["DestinationAET"] = destinationAet;
    json["CallingAET"] = callingAet;
    json["CalledAET"] = calledAet;
    json["Level"] = level;
    json["Query"] = query.isNull() ? Json::Value(Json::objectValue) : query;
    json["MoveOriginatorID"] = moveOriginatorId;
    json["InstancesTotal"] = static_cast<Json::UInt64>(instancesTotal);
    json["InstancesSent"] = static_cast<Json::UInt64>(instancesSent);
    json["InstancesFailed"] = static_cast<Json::UInt64>(instancesFailed);
    json["BytesTotal"] = static_cast<Json::UInt64>(bytesTotal);
    json["BytesSent"] = static_cast<Json::UInt64>(bytesSent);
    json["Created"] = TimeOrNull(createdMs);
    json["Started"] = TimeOrNull(startedMs);
    json["Finished"] = TimeOrNull(finishedMs);
    json["Error"] = TextOrNull(error);
    json["Priority"] = static_cast<Json::Int64>(priority);
    json["Attempts"] = attempts;
    json["NextAttempt"] = nextAttemptMs == 0 ? Json::Value() : TimeOrNull(nextAttemptMs);
    json["LastError"] = TextOrNull(lastError);
    json["BusySeconds"] = busyMs / 1000.0;
    json["IdleSeconds"] = idleMs / 1000.0;
    const int64_t elapsed = busyMs + idleMs;
    json["AverageMBps"] = elapsed > 0 ? (bytesSent / 1e6) / (elapsed / 1000.0) : 0.0;
    json["SopClasses"] = sopClasses.isNull() ? Json::Value(Json::objectValue) : sopClasses;
    return json;
  }

  Transfer Transfer::FromJson(const Json::Value& json)
  {
    Transfer transfer;
    transfer.id = json["Id"].asInt64();
    transfer.state = ParseTransferState(json["State"].asString()).value_or(TransferState::Failed);
    transfer.origin = json["Origin"].asString();
    transfer.receiverId = json["Receiver"].isString() ? json["Receiver"].asString() : "";
    transfer.modalityName = json["Modality"].isString() ? json["Modality"].asString() : "";
    transfer.destinationAet = json["DestinationAET"].asString();
    transfer.callingAet = json["CallingAET"].asString();
    transfer.calledAet = json["CalledAET"].asString(); // "" in Transfers older than PacsAET
    transfer.level = json["Level"].asString();
    transfer.query = json["Query"];
    transfer.moveOriginatorId = static_cast<uint16_t>(json["MoveOriginatorID"].asUInt());
    transfer.instancesTotal = json["InstancesTotal"].asUInt64();
    transfer.instancesSent = json["InstancesSent"].asUInt64();
    transfer.instancesFailed = json["InstancesFailed"].asUInt64();
    transfer.bytesTotal = json["BytesTotal"].asUInt64();
    transfer.bytesSent = json["BytesSent"].asUInt64();
    transfer.createdMs = MsOf(json["Created"]);
    transfer.startedMs = MsOf(json["Started"]);
    transfer.finishedMs = MsOf(json["Finished"]);
    transfer.error = json["Error"].isString() ? json["Error"].asString() : "";
    transfer.priority = json["Priority"].asInt64();
    transfer.attempts = json["Attempts"].asUInt();
    transfer.nextAttemptMs = MsOf(json["NextAttempt"]);
    transfer.lastError = json["LastError"].isString() ? json["LastError"].asString() : "";
    transfer.busyMs = static_cast<int64_t>(json["BusySeconds"].asDouble() * 1000 + 0.5);
    transfer.idleMs = static_cast<int64_t>(json["IdleSeconds"].asDouble() * 1000 + 0.5);
    transfer.sopClasses = json["SopClasses"];
    return transfer;
  }
} // namespace XnatDqr
