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
    std::string calledAet; // the AE Title the C-MOVE addressed the PACS by; "" for REST
    std::string level;     // Patient, Study, Series or Instance
    Json::Value query;     // the identifying keys of the request
    uint16_t moveOriginatorId = 0;
    uint64_t instancesTotal = 0;
    uint64_t instancesSent = 0;
    uint64_t instancesFailed = 0;
    uint64_t bytesTotal = 0;
    uint64_t bytesSent = 0;
    int64_t createdMs = 0;
    int64_t startedMs = 0;  // 0: not yet
    int64_t finishedMs = 0; // 0: not yet
    std::string error;      // why it Failed (or was refused)

    // The queue. InstancesSent is also the position in the Transfer's instance list: after a
    // restart, sending resumes there (an instance may then arrive twice, never zero times).
    int64_t priority = 0;      // higher first
    uint32_t attempts = 0;     // failed attempts so far
    int64_t nextAttemptMs = 0; // not before (retry backoff)
    std::string lastError;     // the last failed attempt: Receiver and DICOM error
    int64_t busyMs = 0;        // time spent sending
    int64_t idleMs = 0;        // time spent idle for the duty cycle and the bandwidth cap
    Json::Value sopClasses;    // {"<SOP Class UID>": ["<transfer syntax>", ...]} to propose

    bool IsFinal() const;

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
