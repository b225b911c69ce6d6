#include "Dicom/TransferRunner.h"

#include "Core/Common/Errors.h"
#include "Core/Transfers/QueueOrder.h"
#include "Core/Transfers/ResourceSend.h"
#include "Dicom/InstanceReader.h"
#include "Dicom/InstanceSender.h"
#include "Dicom/SendPaced.h"
#include "Orthanc/Log.h"

namespace XnatDqr
{
  namespace
  {
    class Run
    {
    public:
      Run(Transfer transfer, TransferStore& store, Clock& clock, ReceiverRegistry& registry,
          SchedulePolicy& schedules, const RunnerSettings& settings,
          const std::atomic<RunnerRequest>& request)
          : transfer_(std::move(transfer)), store_(store), clock_(clock), registry_(registry),
            schedules_(schedules), settings_(settings), request_(request)
      {
      }

      void Execute(const Receiver& receiver, Throttles& throttles)
      {
        const std::vector<std::string> instances =
          store_.ListTransferInstances(transfer_.id, transfer_.instancesSent);
        transfer_.Start(clock_.NowMs());
        if (!store_.ClaimTransfer(transfer_))
        {
          return; // another Orthanc on the same database started it first
        }
        const LocalRun run(throttles.Runs(), transfer_.id); // its lease is renewed meanwhile
        TransferPacer pacer(throttles, clock_, receiver.id,
                            schedules_.StateFor(receiver, clock_.NowMs()),
                            [this] { return request_.load() != RunnerRequest::None; });
        // From the AE Title the XNAT called the PACS by, when a C-MOVE queued it; from the one
        // a REST request chose, when it chose one.
        StoreDestination destination = receiver.Destination();
        const std::string requested = RequestedLocalAet(transfer_);
        if (!requested.empty())
        {
          destination.localAet = requested;
        }
        InstanceSender sender(settings_.scu.EndpointFor(destination, transfer_.calledAet),
                              transfer_.sopClasses, transfer_.caller, transfer_.moveOriginatorId);
        sender.KeepIn(settings_.associations, receiver.id);
        const int64_t busyBefore = transfer_.busyMs;
        const int64_t idleBefore = transfer_.idleMs;
        try
        {
          sender.Open();
          InstanceReader reader(instances, [&sender](const Sdk::MemoryBuffer& file)
                                { return sender.Prepare(file); }); // one read ahead

          for (size_t i = 0; i < instances.size(); i++)
          {
            const bool boundary = SendOne(sender, pacer, reader.Take(i));
            transfer_.busyMs = busyBefore + pacer.BusyMs();
            transfer_.idleMs = idleBefore + pacer.IdleMs();
            // Each delivered instance is recorded (0.08 ms): a crash re-sends at most the one
            // in flight.
            store_.UpdateTransfer(transfer_);
            // After the last instance there is nothing to stop: it ends Succeeded.
            if (boundary && i + 1 < instances.size() && StopsHere(receiver))
            {
              return;
            }
          }
          sender.Done();
          pacer.Finish();
          transfer_.idleMs = idleBefore + pacer.IdleMs();
          transfer_.Succeed(clock_.NowMs());
          store_.UpdateTransfer(transfer_);
        }
        catch (const std::exception& e)
        {
          Failed(receiver, pacer, e.what());
        }
      }

    private:
      // Returns true at a batch boundary.
      bool SendOne(InstanceSender& sender, TransferPacer& pacer, const InstanceFile& file)
      {
        const PacedSend sent = SendPaced(sender, &pacer, file, clock_);
        transfer_.Sent(sent.bytes);
        return sent.boundary;
      }

      // At a batch boundary: save progress; stop when asked or when the window has closed.
      bool StopsHere(const Receiver& receiver)
      {
        const RunnerRequest request = request_.load();
        const int64_t now = clock_.NowMs();
        if (request == RunnerRequest::Pause)
        {
          transfer_.Pause(now);
        }
        else if (request == RunnerRequest::Cancel)
        {
          transfer_.Cancel(now);
        }
        else if (request == RunnerRequest::Stop || !StillOpen(receiver.id))
        {
          transfer_.Interrupt(); // continues from here later
        }
        store_.UpdateTransfer(transfer_);
        return transfer_.State() != TransferState::Running;
      }

      // The Receiver as it is now: its schedule may have changed since the Transfer started.
      bool StillOpen(const std::string& receiverId)
      {
        try
        {
          return schedules_.StateFor(registry_.Get(receiverId), clock_.NowMs()).open;
        }
        catch (const NotFoundError&)
        {
          return false;
        }
      }

      void Failed(const Receiver& receiver, TransferPacer& pacer, const std::string& error)
      {
        if (request_.load() == RunnerRequest::Stop)
        {
          transfer_.Interrupt(); // Orthanc is stopping: not the peer's fault
          store_.UpdateTransfer(transfer_);
          return;
        }
        const std::string why = "Receiver \"" + receiver.id + "\" (" + receiver.aet + " at " +
                                receiver.host + ":" + std::to_string(receiver.port) + "): " + error;
        transfer_.FailAttempt(why, clock_.NowMs(), settings_.retry);
        store_.UpdateTransfer(transfer_);
        pacer.Failed();
        Log::Warning("Transfer " + std::to_string(transfer_.id) + " attempt " +
                     std::to_string(transfer_.Lifecycle().attempts) + " failed: " + why);
      }

      Transfer transfer_;
      TransferStore& store_;
      Clock& clock_;
      ReceiverRegistry& registry_;
      SchedulePolicy& schedules_;
      const RunnerSettings& settings_;
      const std::atomic<RunnerRequest>& request_;
    };
  } // namespace

  void RunTransfer(int64_t id, TransferStore& store, Clock& clock, ReceiverRegistry& registry,
                   SchedulePolicy& schedules, Throttles& throttles, const RunnerSettings& settings,
                   const std::atomic<RunnerRequest>& request)
  {
    std::optional<Transfer> transfer = store.FindTransfer(id);
    if (!transfer || transfer->State() != TransferState::Queued)
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
      transfer->FailForGood("Receiver \"" + transfer->receiverId + "\" no longer exists",
                            clock.NowMs());
      store.UpdateTransfer(*transfer);
      return;
    }
    Run(*transfer, store, clock, registry, schedules, settings, request)
      .Execute(receiver, throttles);
  }
} // namespace XnatDqr
