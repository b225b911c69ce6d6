// Transfer's transitions: the one place that knows which state may follow which.
#include "Core/Common/Errors.h"
#include "Core/Transfers/QueueOrder.h"
#include "Core/Transfers/Transfer.h"

namespace XnatDqr
{
  void Transfer::Require(bool allowed, const std::string& what) const
  {
    if (!allowed)
    {
      throw ConflictError(std::to_string(id), "Transfer " + std::to_string(id) + " is " +
                                                ToString(life_.state) + ": it cannot be " + what);
    }
  }

  bool Transfer::IsFinal() const
  {
    return life_.state == TransferState::Succeeded || life_.state == TransferState::Failed ||
           life_.state == TransferState::Canceled;
  }

  void Transfer::StartInMove(int64_t nowMs)
  {
    Require(life_.state == TransferState::Queued && life_.startedMs == 0,
            "sent inside a C-MOVE (only a new one can)");
    life_.state = TransferState::Running;
    life_.insideMove = true;
    life_.startedMs = nowMs;
  }

  void Transfer::Refuse(const std::string& reason, int64_t nowMs)
  {
    Require(life_.state == TransferState::Queued && life_.startedMs == 0,
            "refused (only a new one can)");
    life_.state = TransferState::Failed;
    life_.finishedMs = nowMs;
    life_.error = reason;
  }

  void Transfer::Start(int64_t nowMs)
  {
    Require(life_.state == TransferState::Queued, "started (only a Queued one can)");
    life_.state = TransferState::Running;
    life_.insideMove = false;
    life_.startedMs = life_.startedMs == 0 ? nowMs : life_.startedMs;
  }

  void Transfer::Sent(uint64_t bytes)
  {
    Require(life_.state == TransferState::Running, "sending (only a Running one is)");
    instancesSent++;
    bytesSent += bytes;
  }

  void Transfer::InstanceFailed()
  {
    Require(life_.state == TransferState::Running, "sending (only a Running one is)");
    instancesFailed++;
  }

  void Transfer::Reconnected(const std::string& what)
  {
    Require(life_.state == TransferState::Running && life_.insideMove,
            "reconnected (only one a C-MOVE sends can)");
    life_.attempts++;
    life_.lastError = what;
  }

  void Transfer::Succeed(int64_t nowMs)
  {
    Require(life_.state == TransferState::Running, "finished (only a Running one can)");
    life_.state = TransferState::Succeeded;
    life_.finishedMs = nowMs;
    life_.error.clear();
    life_.nextAttemptMs = 0;
    life_.insideMove = false;
  }

  void Transfer::Interrupt()
  {
    Require(life_.state == TransferState::Running && !life_.insideMove,
            "put back in the queue (only one the queue runs can)");
    life_.state = TransferState::Queued;
  }

  void Transfer::Recover(int64_t nowMs)
  {
    Require(life_.state == TransferState::Running, "recovered (only a Running one can)");
    life_.insideMove = false;
    if (origin == "DICOMweb")
    {
      // Its answer was the data: the XNAT asks again; a C-STORE would send it twice.
      life_.state = TransferState::Failed;
      life_.finishedMs = nowMs;
      life_.error = "Orthanc stopped during the DICOMweb retrieve, after " +
                    std::to_string(instancesSent) + " of " + std::to_string(instancesTotal) +
                    " instances; the XNAT retrieves it again";
      return;
    }
    life_.state = TransferState::Queued;
  }

  bool Transfer::FailAttempt(const std::string& error, int64_t nowMs, const RetryPolicy& policy)
  {
    Require(life_.state == TransferState::Running, "failed (only a Running one can)");
    life_.attempts++;
    life_.lastError = error;
    if (life_.insideMove || life_.attempts >= policy.maxAttempts)
    {
      life_.state = TransferState::Failed;
      life_.finishedMs = nowMs;
      life_.error = error;
      life_.nextAttemptMs = 0;
      life_.insideMove = false;
      return false;
    }
    life_.state = TransferState::Queued;
    life_.nextAttemptMs = nowMs + RetryDelayMs(life_.attempts, policy.retryDelaySeconds);
    return true;
  }

  void Transfer::FailForGood(const std::string& error, int64_t nowMs)
  {
    Require(life_.state == TransferState::Queued || life_.state == TransferState::Running,
            "failed (only a Queued or Running one can)");
    life_.state = TransferState::Failed;
    life_.finishedMs = nowMs;
    life_.error = error;
    life_.lastError = error;
    life_.nextAttemptMs = 0;
    life_.insideMove = false;
  }

  void Transfer::Pause(int64_t nowMs)
  {
    Require(!(life_.state == TransferState::Running && life_.insideMove),
            "paused while a C-MOVE sends it");
    Require(life_.state == TransferState::Queued || life_.state == TransferState::Running,
            "paused (only a Queued or Running one can)");
    if (life_.state == TransferState::Running && AllSent())
    {
      Succeed(nowMs);
      return;
    }
    life_.state = TransferState::Paused;
  }

  void Transfer::Resume(int64_t)
  {
    Require(life_.state == TransferState::Paused, "resumed (only a Paused one can)");
    life_.state = TransferState::Queued;
  }

  void Transfer::Cancel(int64_t nowMs)
  {
    Require(!(life_.state == TransferState::Running && life_.insideMove),
            "canceled while a C-MOVE sends it");
    Require(life_.state == TransferState::Queued || life_.state == TransferState::Running ||
              life_.state == TransferState::Paused,
            "canceled (only a Queued, Running or Paused one can)");
    if (life_.state == TransferState::Running && AllSent())
    {
      Succeed(nowMs);
      return;
    }
    life_.state = TransferState::Canceled;
    life_.finishedMs = nowMs;
  }

  void Transfer::Retry(int64_t)
  {
    Require(life_.state == TransferState::Failed || life_.state == TransferState::Canceled,
            "retried (only a Failed or Canceled one can)");
    if (receiverId.empty() || AllSent())
    {
      throw ConflictError(std::to_string(id), "Transfer " + std::to_string(id) +
                                                " has nothing left to send to a Receiver");
    }
    life_.state = TransferState::Queued;
    life_.attempts = 0;
    life_.nextAttemptMs = 0;
    life_.finishedMs = 0;
    life_.error.clear();
  }

  void Transfer::SetPriority(int64_t value)
  {
    Require(!IsFinal() && !life_.insideMove, "reprioritized");
    priority = value;
  }

  std::vector<std::string> Transfer::Actions() const
  {
    switch (life_.state)
    {
    case TransferState::Queued:
      return {"Pause", "Cancel", "Priority"};
    case TransferState::Running:
      return life_.insideMove ? std::vector<std::string>()
                              : std::vector<std::string>{"Pause", "Cancel", "Priority"};
    case TransferState::Paused:
      return {"Resume", "Cancel", "Priority"};
    case TransferState::Failed:
    case TransferState::Canceled:
      return receiverId.empty() || AllSent() || origin == "DICOMweb"
               ? std::vector<std::string>()
               : std::vector<std::string>{"Retry"};
    default:
      return {};
    }
  }

  Transfer Transfer::Restore(Transfer data, const TransferLifecycle& lifecycle)
  {
    data.life_ = lifecycle;
    return data;
  }
} // namespace XnatDqr
