#pragma once

#include "Core/Pacing/FairStarts.h"
#include "Core/Transfers/TransferControl.h"
#include "Dicom/TransferRunner.h"

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace XnatDqr
{
  // The queue's own thread: starts Queued Transfers, highest Priority first and first in first
  // out, when their Receiver's and the global schedule are open and a thread is free. It looks
  // when woken by an event and at the next known change (a Window opening, a retry due), and
  // its cost is per Receiver with queued work, not per queued Transfer. Also the control of
  // Transfers (Core's TransferControl), since it knows which ones it is running.
  class TransferQueue : public TransferControl
  {
  public:
    // A safety net: the queue is looked at again after this long even without an event.
    static constexpr int64_t MAX_SLEEP_MS = 60000;

    // References are not owned and must outlive the queue.
    TransferQueue(TransferStore& store, Clock& clock, ReceiverRegistry& registry,
                   SchedulePolicy& schedules, Throttles& throttles, const RunnerSettings& settings);
    ~TransferQueue();

    // At plugin start, before Start(): a Transfer left Running by this Orthanc's crash, or by
    // another Orthanc whose lease expired, is Queued again.
    void Recover();
    // Every few seconds (a quarter of the lease): renews the leases of this
    // Orthanc's Running Transfers and queues again those another Orthanc abandoned.
    void KeepLeases();
    void Start();
    // Asks running Transfers to stop at their next boundary (they go back to Queued) and waits.
    void Stop();
    void Wake() override;

    Transfer Pause(int64_t id) override;
    Transfer Resume(int64_t id) override;
    Transfer Cancel(int64_t id) override;
    Transfer Retry(int64_t id) override;
    Transfer SetPriority(int64_t id, int64_t priority) override;
    std::vector<int64_t> ActiveFor(const std::string& receiverId) override;
    void CancelAllFor(const std::string& receiverId) override;

  private:
    size_t RecoverAbandoned(bool mine);                            // how many were queued again
    void RefuseIfRunningElsewhere(const Transfer& transfer) const; // ConflictError
    struct Runner
    {
      std::thread thread;
      std::atomic<RunnerRequest> request{RunnerRequest::None};
      std::atomic<bool> done{false};
    };

    void Loop();
    // Starts what may start now; returns when to look again at the latest.
    int64_t StartEligible(); // when to look again
    std::vector<WaitingWork> Waiting(int64_t now, int64_t& lookAgain);
    // Starts Transfer id in a thread of its own if a thread is free for the Receiver and in
    // all; false when none is (or when stopping).
    bool StartOne(const std::string& receiverId, const EffectiveState& state, int64_t id);
    bool IsStarted(int64_t id);
    void Reap();
    Transfer Get(int64_t id);
    bool IsRunningHere(int64_t id);
    bool Ask(int64_t id, RunnerRequest request);
    // Stored (Core has put it back to Queued) and the queue woken; with mutex_ held.
    Transfer Requeue(Transfer& transfer);
    // Pause or Cancel: a running Transfer is asked, a waiting one changes state at once.
    Transfer Halt(int64_t id, RunnerRequest request);

    TransferStore& store_;
    Clock& clock_;
    ReceiverRegistry& registry_;
    SchedulePolicy& schedules_;
    Throttles& throttles_;
    RunnerSettings settings_;

    std::mutex mutex_; // guards runners_ and the state changes made by the control calls
    std::condition_variable wake_;
    bool woken_ = false;
    std::atomic<bool> stopping_{false};
    std::map<int64_t, std::unique_ptr<Runner>> runners_;
    std::thread thread_;
    FairStarts starts_; // StartEligible's thread only
  };
} // namespace XnatDqr
