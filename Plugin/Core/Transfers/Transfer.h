#pragma once

#include <cstdint>
#include <json/value.h>
#include <optional>
#include <string>
#include <vector>

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

  // Where a Transfer is in its life. Only Transfer's named transitions change it; a store
  // reads it back as it wrote it (Transfer::Restore).
  struct TransferLifecycle
  {
    TransferState state = TransferState::Queued;
    int64_t startedMs = 0;     // 0: not yet
    int64_t finishedMs = 0;    // 0: not yet
    std::string error;         // why it Failed (or was refused)
    uint32_t attempts = 0;     // failed attempts so far
    int64_t nextAttemptMs = 0; // not before (retry backoff)
    std::string lastError;     // the last failed attempt: Receiver and DICOM error
    bool insideMove = false;   // Running inside its C-MOVE: the C-MOVE owns it
  };

  // How a failed attempt is followed up.
  struct RetryPolicy
  {
    uint32_t maxAttempts = 5;
    uint32_t retryDelaySeconds = 30; // doubled after each failure, at most an hour
  };

  // One unit of outgoing work: the instances matched by one C-MOVE (or one REST request) for
  // one destination. Its identity and counters are plain fields; its lifecycle changes only
  // through the named transitions below, each taking the time. An illegal transition throws
  // ConflictError naming the Transfer and its state.
  class Transfer
  {
  public:
    int64_t id = 0;
    std::string origin = "C-MOVE";
    std::string receiverId;   // the Receiver, or "" for a plain Orthanc modality
    std::string modalityName; // the fallback modality, or ""
    std::string destinationAet;
    std::string caller;         // the C-MOVE's calling AE Title
    std::string calledAet;      // the AE Title the C-MOVE addressed the PACS by; "" for REST
    std::string callingAddress; // the C-MOVE's caller's IP address; "" where not known
    std::string level;          // Patient, Study, Series or Instance
    Json::Value query;          // the identifying keys of the request
    uint16_t moveOriginatorId = 0;
    // What it sends, in words: {"PatientName", "PatientID", "AccessionNumber",
    // "StudyDescription", "Modalities": [...], "Studies": n} of its first study; null: unknown.
    Json::Value study;
    // The InstanceId of the Orthanc that runs it, when Running on a database that several
    // Orthancs share (the store's owner); "" otherwise. Read only.
    std::string runningOn;
    uint64_t instancesTotal = 0;
    uint64_t instancesSent = 0; // also the position to resume from in the instance list
    uint64_t instancesFailed = 0;
    uint64_t bytesTotal = 0;
    uint64_t bytesSent = 0;
    int64_t createdMs = 0;
    int64_t priority = 0;   // higher first; changed through SetPriority
    int64_t busyMs = 0;     // time spent sending
    int64_t idleMs = 0;     // time spent idle for the duty cycle and the bandwidth cap
    Json::Value sopClasses; // {"<SOP Class UID>": ["<transfer syntax>", ...]} to propose

    TransferState State() const { return life_.state; }
    const TransferLifecycle& Lifecycle() const { return life_; }
    bool IsFinal() const;
    bool AllSent() const { return instancesSent >= instancesTotal; }

    // --- transitions ---------------------------------------------------------------------
    void StartInMove(int64_t nowMs); // a new Transfer, sent now inside its C-MOVE
    void Refuse(const std::string& reason, int64_t nowMs); // a new Transfer, never sent
    void Start(int64_t nowMs);                             // the queue starts it
    void Sent(uint64_t bytes);                             // Running: one more delivered
    void InstanceFailed();                                 // Running: one refused
    // Running inside its C-MOVE: the association was lost and opened again; counted in
    // attempts, the error and where it resumed in lastError.
    void Reconnected(const std::string& what);
    void Succeed(int64_t nowMs);
    void Interrupt(); // Running -> Queued: the window closed or Orthanc stops
    // At start, after a crash: whatever was Running, in the queue or inside a C-MOVE whose
    // caller saw no answer, goes back to Queued and resumes where it stopped; a DICOMweb
    // retrieve (origin "DICOMweb") is Failed at nowMs instead: its XNAT asks again.
    void Recover(int64_t nowMs = 0);
    // Running -> Queued with NextAttempt, or Failed once the attempts are used up. Returns
    // true when it will be retried.
    bool FailAttempt(const std::string& error, int64_t nowMs, const RetryPolicy& policy);
    void FailForGood(const std::string& error, int64_t nowMs); // Queued or Running
    // Pause and Cancel end a Transfer whose every instance was sent as Succeeded.
    void Pause(int64_t nowMs);
    void Resume(int64_t nowMs);
    void Cancel(int64_t nowMs);
    void Retry(int64_t nowMs); // Failed or Canceled, with something left to send
    void SetPriority(int64_t value);

    // What the API allows now: "Pause", "Resume", "Cancel", "Retry", "Priority".
    std::vector<std::string> Actions() const;

    Json::Value ToJson() const;
    static Transfer FromJson(const Json::Value& json);
    // A Transfer as a store wrote it.
    static Transfer Restore(Transfer data, const TransferLifecycle& lifecycle);

  private:
    void Require(bool allowed, const std::string& what) const;

    TransferLifecycle life_;
  };

  struct TransferFilter
  {
    size_t limit = 100;
    int64_t sinceMs = 0; // created at or after
    std::string receiverId;
    std::optional<TransferState> state;
  };
} // namespace XnatDqr
