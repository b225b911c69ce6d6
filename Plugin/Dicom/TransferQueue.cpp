#include "Dicom/TransferQueue.h"

#include "Core/Common/Errors.h"
#include "Core/Pacing/FairStarts.h"
#include "Orthanc/Log.h"

#include <algorithm>
#include <chrono>

namespace XnatDqr
{
  TransferQueue::TransferQueue(TransferStore& store, Clock& clock, ReceiverRegistry& registry,
                               SchedulePolicy& schedules, Throttles& throttles,
                               const RunnerSettings& settings)
      : store_(store), clock_(clock), registry_(registry), schedules_(schedules),
        throttles_(throttles), settings_(settings)
  {
  }

  TransferQueue::~TransferQueue()
  {
    Stop();
  }

  void TransferQueue::Recover()
  {
    RecoverAbandoned(true);
  }

  size_t TransferQueue::RecoverAbandoned(bool mine)
  {
    const int64_t now = clock_.NowMs();
    size_t recovered = 0;
    for (Transfer& transfer : store_.ListAbandoned(now, mine))
    {
      transfer.Recover(now);
      if (store_.RecoverAbandoned(transfer, now, mine))
      {
        recovered++;
        Log::Warning("Transfer " + std::to_string(transfer.id) + " was interrupted after " +
                     std::to_string(transfer.instancesSent) + " of " +
                     std::to_string(transfer.instancesTotal) + " instances" +
                     (mine ? "" : " on another Orthanc (its lease expired)") +
                     (transfer.State() == TransferState::Queued
                        ? "; queued again"
                        : "; " + transfer.Lifecycle().error));
      }
    }
    return recovered;
  }

  void TransferQueue::KeepLeases()
  {
    store_.RenewLeases(throttles_.Runs().Ids());
    if (RecoverAbandoned(false) > 0)
    {
      Wake();
    }
  }

  void TransferQueue::Start()
  {
    thread_ = std::thread([this] { Loop(); });
  }

  void TransferQueue::Stop()
  {
    if (stopping_.exchange(true))
    {
      return;
    }
    Wake();
    if (thread_.joinable())
    {
      thread_.join();
    }
    std::map<int64_t, std::unique_ptr<Runner>> runners;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto& runner : runners_)
      {
        runner.second->request = RunnerRequest::Stop;
      }
      runners.swap(runners_);
    }
    for (auto& runner : runners)
    {
      runner.second->thread.join();
    }
  }

  void TransferQueue::Wake()
  {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      woken_ = true;
    }
    wake_.notify_all();
  }

  void TransferQueue::Loop()
  {
    int64_t lookAgainMs = 0;
    while (!stopping_)
    {
      {
        // Woken by events (a Transfer queued, resumed or retried, a thread freed, a schedule
        // changed), else at the next known change: a Window opening or a retry falling due.
        std::unique_lock<std::mutex> lock(mutex_);
        const int64_t waitMs = std::clamp<int64_t>(lookAgainMs - clock_.NowMs(), 0, MAX_SLEEP_MS);
        if (!woken_ && !stopping_)
        {
          clock_.WaitFor(wake_, lock, waitMs);
        }
        woken_ = false;
      }
      if (stopping_)
      {
        break;
      }
      try
      {
        Reap();
        lookAgainMs = StartEligible();
      }
      catch (const std::exception& e)
      {
        Log::Error(std::string("transfer queue: ") + e.what());
        lookAgainMs = clock_.NowMs() + 1000;
      }
    }
  }

  void TransferQueue::Reap()
  {
    // Joined outside the lock: a finishing runner takes the lock to wake us.
    std::vector<std::unique_ptr<Runner>> finished;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto it = runners_.begin(); it != runners_.end();)
      {
        if (it->second->done)
        {
          finished.push_back(std::move(it->second));
          it = runners_.erase(it);
        }
        else
        {
          ++it;
        }
      }
    }
    for (auto& runner : finished)
    {
      runner->thread.join();
    }
  }

  int64_t TransferQueue::StartEligible()
  {
    const int64_t now = clock_.NowMs();
    int64_t lookAgain = now + MAX_SLEEP_MS;
    std::vector<WaitingWork> waiting = Waiting(now, lookAgain);
    FairStarts::Actions actions;
    actions.running = [this](const std::string& receiverId)
    { return throttles_.GetThreads().Running(receiverId); };
    actions.started = [this](int64_t id) { return IsStarted(id); };
    actions.start = [this](const WaitingWork& work, int64_t id)
    { return StartOne(work.receiverId, work.state, id); };
    starts_.Round(std::move(waiting), actions);
    return lookAgain;
  }

  std::vector<WaitingWork> TransferQueue::Waiting(int64_t now, int64_t& lookAgain)
  {
    // The Receivers with work that may start now, with a few of their Queued Transfers each
    // (some may be starting already: still Queued in the store). A closed one tells when to
    // look again.
    std::vector<WaitingWork> waiting;
    for (const std::string& receiverId : store_.ListQueuedReceivers())
    {
      Receiver receiver;
      receiver.id = receiverId;
      bool exists = true;
      try
      {
        receiver = registry_.Get(receiverId);
      }
      catch (const NotFoundError&)
      {
        exists = false; // the runner records the failure
      }
      const EffectiveState state = schedules_.StateFor(receiver, now);
      lookAgain = std::min(lookAgain, store_.NextRetry(receiverId, now).value_or(lookAgain));
      if (exists && !state.open)
      {
        lookAgain = std::min(lookAgain, state.nextChange.value_or(lookAgain));
        continue;
      }
      WaitingWork work{receiverId, state, {}};
      for (const Transfer& due : store_.NextQueued(receiverId, now, state.window.threads + 8))
      {
        work.queued.push_back(due.id);
      }
      waiting.push_back(std::move(work));
    }
    return waiting;
  }

  bool TransferQueue::IsStarted(int64_t id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return runners_.count(id) > 0;
  }

  bool TransferQueue::StartOne(const std::string& receiverId, const EffectiveState& state,
                               int64_t id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ || runners_.count(id) > 0)
    {
      return !stopping_;
    }
    if (!throttles_.GetThreads().TryAcquire(receiverId, state.window.threads, state.globalThreads))
    {
      return false;
    }
    auto runner = std::make_unique<Runner>();
    Runner* raw = runner.get();
    runner->thread = std::thread(
      [this, raw, id, receiverId]
      {
        {
          ThreadLease lease(throttles_.GetThreads(), receiverId); // released before the wake-up
          try
          {
            RunTransfer(id, store_, clock_, registry_, schedules_, throttles_, settings_,
                        raw->request);
          }
          catch (const std::exception& e)
          {
            Log::Error("Transfer " + std::to_string(id) + ": " + e.what());
          }
        }
        raw->done = true;
        Wake();
      });
    runners_[id] = std::move(runner);
    return true;
  }

  Transfer TransferQueue::Get(int64_t id)
  {
    std::optional<Transfer> transfer = store_.FindTransfer(id);
    if (!transfer)
    {
      throw NotFoundError("There is no Transfer " + std::to_string(id));
    }
    return *transfer;
  }

  bool TransferQueue::IsRunningHere(int64_t id)
  {
    auto found = runners_.find(id);
    return found != runners_.end() && !found->second->done;
  }

  bool TransferQueue::Ask(int64_t id, RunnerRequest request)
  {
    if (!IsRunningHere(id))
    {
      return false;
    }
    runners_[id]->request = request;
    return true;
  }

  void TransferQueue::RefuseIfRunningElsewhere(const Transfer& transfer) const
  {
    if (transfer.State() == TransferState::Running && !transfer.runningOn.empty() &&
        transfer.runningOn != settings_.instanceId)
    {
      // Its runner is another Orthanc's: a state written here would be overwritten there (and
      // take its lease), and a resume from here would start it twice.
      throw ConflictError(std::to_string(transfer.id),
                          "Transfer " + std::to_string(transfer.id) +
                            " is running on the Orthanc \"" + transfer.runningOn +
                            "\"; pause, cancel or reprioritize it there");
    }
  }

  Transfer TransferQueue::Halt(int64_t id, RunnerRequest request)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Transfer transfer = Get(id);
    if (transfer.State() == TransferState::Running && Ask(id, request))
    {
      return transfer; // the runner stops at its next batch boundary
    }
    RefuseIfRunningElsewhere(transfer);
    const int64_t now = clock_.NowMs();
    request == RunnerRequest::Pause ? transfer.Pause(now) : transfer.Cancel(now);
    store_.UpdateTransfer(transfer);
    return transfer;
  }

  Transfer TransferQueue::Requeue(Transfer& transfer)
  {
    store_.UpdateTransfer(transfer);
    woken_ = true; // the caller holds mutex_
    wake_.notify_all();
    return transfer;
  }

  Transfer TransferQueue::Pause(int64_t id)
  {
    return Halt(id, RunnerRequest::Pause);
  }

  Transfer TransferQueue::Resume(int64_t id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Transfer transfer = Get(id);
    transfer.Resume(clock_.NowMs());
    return Requeue(transfer);
  }

  Transfer TransferQueue::Cancel(int64_t id)
  {
    return Halt(id, RunnerRequest::Cancel);
  }

  Transfer TransferQueue::Retry(int64_t id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Transfer transfer = Get(id);
    transfer.Retry(clock_.NowMs());
    return Requeue(transfer);
  }

  Transfer TransferQueue::SetPriority(int64_t id, int64_t priority)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Transfer transfer = Get(id);
    RefuseIfRunningElsewhere(transfer);
    transfer.SetPriority(priority);
    store_.UpdateTransfer(transfer);
    return transfer;
  }

  std::vector<int64_t> TransferQueue::ActiveFor(const std::string& receiverId)
  {
    return store_.ListActiveIds(receiverId);
  }

  void TransferQueue::CancelAllFor(const std::string& receiverId)
  {
    for (int64_t id : ActiveFor(receiverId))
    {
      try
      {
        Cancel(id);
      }
      catch (const ConflictError&)
      {
        // Sent inside a C-MOVE: it ends with the C-MOVE.
      }
    }
  }
} // namespace XnatDqr
