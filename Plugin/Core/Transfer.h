#pragma once

#include <cstdint>
#include <json/value.h>
#include <optional>
#include <string>

namespace XnatDqr
{
  enum class TransferState
  {
    Queued,
    Running,
    Paused,
    Succeeded,
    Failed,
    Canceled
  };

  const char* ToString(TransferState state);
  std::optional<TransferState> ParseTransferState(const std::string& text);

  // One unit of outgoing work: the instances matched by one C-MOVE for one destination.
  struct Transfer
  {
    int64_t id = 0;
    TransferState state = TransferState::Queued;
    std::string origin = "C-MOVE";
    std::string receiverId;   // the Receiver, or "" for a plain Orthanc modality
    std::string modalityName; // the fallback modality, or ""
    std::string destinationAet;
    std::string callingAet;
    std::string level; // Patient, Study, Series or Instance
    Json::Value query; // the identifying keys of the request
    uint16_t moveOriginatorId = 0;
    uint64_t instancesTotal = 0;
    uint64_t instancesSent = 0;
    uint64_t instancesFailed = 0;
    uint64_t bytesTotal = 0;
    uint64_t bytesSent = 0;
    int64_t createdMs = 0;
    int64_t startedMs = 0;  // 0: not yet
    int64_t finishedMs = 0; // 0: not yet
    std::string error;

    Json::Value ToJson() const;
    static Transfer FromJson(const Json::Value& json);
  };

  struct TransferFilter
  {
    size_t limit = 100;
    int64_t sinceMs = 0; // created at or after
    std::string receiverId;
    std::optional<TransferState> state;
  };
} // namespace XnatDqr
