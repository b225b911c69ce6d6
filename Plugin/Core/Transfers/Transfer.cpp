#include "Core/Transfers/Transfer.h"

#include "Core/Common/TimeFormat.h"

namespace XnatDqr
{
  namespace
  {
    const char* const STATES[] = {"Queued", "Running", "Paused", "Succeeded", "Failed", "Canceled"};

    Json::Value TextOrNull(const std::string& text)
    {
      return text.empty() ? Json::Value() : Json::Value(text);
    }

    // Says whether a waiting or failed Transfer will be tried again, and when.
    Json::Value RetryNote(const Transfer& transfer)
    {
      const TransferLifecycle& life = transfer.Lifecycle();
      if (life.state == TransferState::Queued && life.nextAttemptMs != 0)
      {
        return "attempt " + std::to_string(life.attempts + 1) + " at " +
               TimeFormat::ToLocalIso(life.nextAttemptMs);
      }
      if (life.state != TransferState::Failed)
      {
        return Json::Value();
      }
      return life.attempts == 0 ? std::string("no retry")
                                : "no retry: " + std::to_string(life.attempts) + " attempts failed";
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

  Json::Value Transfer::ToJson() const
  {
    Json::Value json(Json::objectValue);
    json["Id"] = static_cast<Json::Int64>(id);
    json["State"] = ToString(life_.state);
    json["Origin"] = origin;
    json["Receiver"] = TextOrNull(receiverId);
    json["Modality"] = TextOrNull(modalityName);
    json["DestinationAET"] = destinationAet;
    json["CallingAET"] = caller;
    json["CalledAET"] = calledAet;
    json["CallingAddress"] = callingAddress.empty() ? Json::Value() : Json::Value(callingAddress);
    json["Level"] = level;
    json["Query"] = query.isNull() ? Json::Value(Json::objectValue) : query;
    json["MoveOriginatorID"] = moveOriginatorId;
    json["InstancesTotal"] = static_cast<Json::UInt64>(instancesTotal);
    json["InstancesSent"] = static_cast<Json::UInt64>(instancesSent);
    json["InstancesFailed"] = static_cast<Json::UInt64>(instancesFailed);
    json["BytesTotal"] = static_cast<Json::UInt64>(bytesTotal);
    json["BytesSent"] = static_cast<Json::UInt64>(bytesSent);
    json["Study"] = study;
    json["RunningOn"] = runningOn.empty() ? Json::Value() : Json::Value(runningOn);
    json["Created"] = TimeFormat::TimeOrNull(createdMs);
    json["Started"] = TimeFormat::TimeOrNull(life_.startedMs);
    json["Finished"] = TimeFormat::TimeOrNull(life_.finishedMs);
    json["Error"] = TextOrNull(life_.error);
    json["Priority"] = static_cast<Json::Int64>(priority);
    json["Attempts"] = life_.attempts;
    json["NextAttempt"] = TimeFormat::TimeOrNull(life_.nextAttemptMs);
    json["Retry"] = RetryNote(*this);
    json["LastError"] = TextOrNull(life_.lastError);
    json["InsideMove"] = life_.insideMove;
    json["Actions"] = Json::Value(Json::arrayValue);
    for (const std::string& action : Actions())
    {
      json["Actions"].append(action);
    }
    json["BusySeconds"] = busyMs / 1000.0;
    json["IdleSeconds"] = idleMs / 1000.0;
    const int64_t elapsed = busyMs + idleMs;
    json["AverageMBps"] = elapsed > 0 ? (bytesSent / 1e6) / (elapsed / 1000.0) : 0.0;
    // While sending only, apart from the duty cycle's and the bandwidth cap's waits.
    json["SendingMBps"] = busyMs > 0 ? (bytesSent / 1e6) / (busyMs / 1000.0) : 0.0;
    json["SopClasses"] = sopClasses.isNull() ? Json::Value(Json::objectValue) : sopClasses;
    return json;
  }

  Transfer Transfer::FromJson(const Json::Value& json)
  {
    Transfer transfer;
    transfer.id = json["Id"].asInt64();
    TransferLifecycle life;
    life.state = ParseTransferState(json["State"].asString()).value_or(TransferState::Failed);
    transfer.origin = json["Origin"].asString();
    transfer.receiverId = json["Receiver"].isString() ? json["Receiver"].asString() : "";
    transfer.modalityName = json["Modality"].isString() ? json["Modality"].asString() : "";
    transfer.destinationAet = json["DestinationAET"].asString();
    transfer.caller = json["CallingAET"].asString();
    transfer.calledAet = json["CalledAET"].asString(); // "" in Transfers older than PacsAET
    transfer.callingAddress =
      json["CallingAddress"].isString() ? json["CallingAddress"].asString() : "";
    transfer.level = json["Level"].asString();
    transfer.query = json["Query"];
    transfer.moveOriginatorId = static_cast<uint16_t>(json["MoveOriginatorID"].asUInt());
    transfer.instancesTotal = json["InstancesTotal"].asUInt64();
    transfer.instancesSent = json["InstancesSent"].asUInt64();
    transfer.instancesFailed = json["InstancesFailed"].asUInt64();
    transfer.bytesTotal = json["BytesTotal"].asUInt64();
    transfer.bytesSent = json["BytesSent"].asUInt64();
    transfer.createdMs = MsOf(json["Created"]);
    transfer.study = json["Study"];
    life.startedMs = MsOf(json["Started"]);
    life.finishedMs = MsOf(json["Finished"]);
    life.error = json["Error"].isString() ? json["Error"].asString() : "";
    transfer.priority = json["Priority"].asInt64();
    life.attempts = json["Attempts"].asUInt();
    life.nextAttemptMs = MsOf(json["NextAttempt"]);
    life.lastError = json["LastError"].isString() ? json["LastError"].asString() : "";
    life.insideMove = json["InsideMove"].asBool();
    transfer.busyMs = static_cast<int64_t>(json["BusySeconds"].asDouble() * 1000 + 0.5);
    transfer.idleMs = static_cast<int64_t>(json["IdleSeconds"].asDouble() * 1000 + 0.5);
    transfer.sopClasses = json["SopClasses"];
    return Restore(transfer, life);
  }
} // namespace XnatDqr
