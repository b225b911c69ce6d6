#include "Dicom/TransferRunner.h"

#include "Core/Errors.h"
#include "Core/QueueOrder.h"
#include "Core/TimeFormat.h"
#include "Dicom/InstanceSender.h"
#include "Dicom/TransferPacer.h"
#include "Orthanc/Log.h"

namespace XnatDqr
{
  namespace
  {
    StoreEndpoint EndpointOf(const Receiver& receiver, const std::string& orthancAet)
    {
      StoreEndpoint endpoint;
      endpoint.callingAet = orthancAet;
      endpoint.calledAet = receiver.aet;
      endpoint.host = receiver.host;
      endpoint.port = receiver.port;
      endpoint.timeout = receiver.timeout;
      return endpoint;
    }

    class Run
    {
    public:
      Run(Transfer transfer, TransferStore& store, ReceiverRegistry& registry,
          SchedulePolicy& policy, const RunnerSettings& settings,
          const std::atomic<RunnerRequest>& request)
          : transfer_(std::move(transfer)), store_(store), registry_(registry), policy_(policy),
            settings_(settings), request_(request)
      {
      }

      void Execute(const Receiver& receiver, Throttles& throttles)
      {
        const std::vector<std::string> instances =
          store_.ListTransferInstances(transfer_.id, transfer_.instancesSent);
        transfer_.state = TransferState::Running;
        transfer_.startedMs = transfer_.startedMs == 0 ? TimeFormat::NowMs() : transfer_.startedMs;
        store_.UpdateTransfer(transfer_);
        TransferPacer pacer(throttles, receiver.id, policy_.StateFor(receiver, TimeFormat::NowMs()),
                            [this] { return request_.load() != RunnerRequest::None; });
        InstanceSender sender(EndpointOf(receiver, settings_.orthancAet), transfer_.sopClasses,
                              transfer_.callingAet, transfer_.moveOriginatorId);
        const int64_t busyBefore = transfer_.busyMs;
        const int64_t idleBefore = transfer_.idleMs;
        try
        {
          sender.Open();
          for (const std::string& orthancId : instances)
          {
            const bool boundary = SendOne(sender, pacer, orthancId);
            transfer_.busyMs = busyBefore + pacer.BusyMs();
            transfer_.idleMs = idleBefore + pacer.IdleMs();
            if (boundary && StopsHere(receiver))
            {
              return;
            }
          }
          sender.Close();
          pacer.Finish();
          transfer_.idleMs = idleBefore + pacer.IdleMs();
          transfer_.state = TransferState::Succeeded;
          transfer_.finishedMs = TimeFormat::NowMs();
          transfer_.error.clear();
          store_.UpdateTransfer(transfer_);
        }
        catch (const std::exception& e)
        {
          Failed(receiver, e.what());
        }
      }

    private:
      // Returns true at a batch boundary.
      bool SendOne(InstanceSender& sender, TransferPacer& pacer, const std::string& orthancId)
      {
        const PacedSend sent = SendPaced(sender, &pacer, orthancId);
        transfer_.instancesSent++;
        transfer_.bytesSent += sent.bytes;
        return sent.boundary;
      }

      // At a batch boundary: save progress; stop when asked or when the window has closed.
      bool StopsHere(const Receiver& receiver)
      {
        const RunnerRequest request = request_.load();
        if (request == RunnerRequest::Pause || request == RunnerRequest::Cancel)
        {
          transfer_.state =
            request == RunnerRequest::Pause ? TransferState::Paused : TransferState::Canceled;
          transfer_.finishedMs = request == RunnerRequest::Cancel ? TimeFormat::NowMs() : 0;
        }
        else if (request == RunnerRequest::Stop || !StillOpen(receiver.id))
        {
          transfer_.state = TransferState::Queued; // continues from here later
        }
        store_.UpdateTransfer(transfer_);
        return transfer_.state != TransferState::Running;
      }

      // The Receiver as it is now: its schedule may have changed since the Transfer started.
      bool StillOpen(const std::string& receiverId)
      {
        try
        {
          return policy_.StateFor(registry_.Get(receiverId), TimeFormat::NowMs()).open;
        }
        catch (const NotFoundError&)
        {
          return false;
        }
      }

      void Failed(const Receiver& receiver, const std::string& error)
      {
        if (request_.load() == RunnerRequest::Stop)
        {
          transfer_.state = TransferState::Queued; // Orthanc is stopping: not the peer's fault
          store_.UpdateTransfer(transfer_);
          return;
        }
        transfer_.attempts++;
        transfer_.lastError = "Receiver \"" + receiver.id + "\" (" + receiver.aet + " at " +
                              receiver.host + ":" + std::to_string(receiver.port) + "): " + error;
        if (transfer_.attempts >= settings_.maxAttempts)
        {
          transfer_.state = TransferState::Failed;
          transfer_.finishedMs = TimeFormat::NowMs();
          transfer_.error = transfer_.lastError;
        }
        else
        {
          transfer_.state = TransferState::Queued;
          transfer_.nextAttemptMs =
            TimeFormat::NowMs() + RetryDelayMs(transfer_.attempts, settings_.retryDelaySeconds);
        }
        store_.UpdateTransfer(transfer_);
        Log::Warning("Transfer " + std::to_string(transfer_.id) + " attempt " +
                     std::to_string(transfer_.attempts) + " failed: " + transfer_.lastError);
      }

      Transfer transfer_;
      TransferStore& store_;
      ReceiverRegistry& registry_;
      SchedulePolicy& policy_;
      const RunnerSettings& settings_;
      const std::atomic<RunnerRequest>& request_;
    };
  } // namespace

  void RunTransfer(int64_t id, TransferStore& store, ReceiverRegistry& registry,
                   SchedulePolicy& policy, Throttles& throttles, const RunnerSettings& settings,
                   const std::atomic<RunnerRequest>& request)
  {
    std::optional<Transfer> transfer = store.FindTransfer(id);
    if (!transfer || transfer->state != TransferState::Queued)
    {
      return;
    }
    Receiver receiver;
    try
    {
      receiver = registry.Get(transfer->receiverId);
    }
    catch (const NotFoundError&)
    {
      transfer->state = TransferState::Failed;
      transfer->finishedMs = TimeFormat::NowMs();
      transfer->error = "Receiver \"" + transfer->receiverId + "\" no longer exists";
      store.UpdateTransfer(*transfer);
      return;
    }
    Run(*transfer, store, registry, policy, settings, request).Execute(receiver, throttles);
  }
} // namespace XnatDqr
