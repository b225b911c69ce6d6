#include "Dicom/TransferWorker.h"

#include "Core/Errors.h"
#include "Core/TimeFormat.h"
#include "Orthanc/Log.h"

#include <algorithm>
#include <chrono>

namespace XnatDqr
{
  TransferWorker::TransferWorker(TransferStore& store, ReceiverRegistry& registry,
                                 SchedulePolicy& policy, Throttles& throttles,
                                 const RunnerSettings& settings)
      : store_(store), registry_(registry), policy_(policy), throttles_(throttles),
        settings_(settings)
  {
  }

  TransferWorker::~TransferWorker()
  {
    Stop();
  }

  void TransferWorker::Recover()
  {
    TransferFilter running;
    running.state = TransferState::Running;
    running.limit = 1000000;
    for (Transfer& transfer : store_.ListTransfers(running))
    {
      {
        transfer.Recover();
        store_.UpdateTransfer(transfer);
        Log::Warning("Transfer " + std::to_string(transfer.id) + " was interrupted after " +
                     std::to_string(transfer.instancesSent) + " of " +
                     std::to_string(transfer.instancesTotal) + " instances; queued again");
      }
    }
  }

  void TransferWorker::Start()
  {
    thread_ = std::thread([this] { Loop(); });
  }

  void TransferWorker::Stop()
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

  void TransferWorker::Wake()
  {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      woken_ = true;
    }
    wake_.notify_all();
  }

  void TransferWorker::Loop()
  {
    int64_t lookAgainMs = 0;
    while (!stopping_)
    {
      {
        // Woken by events (a Transfer queued, resumed or retried, a thread freed, a schedule
        // changed), else at the next known change: a Window opening or a retry falling due.
        std::unique_lock<std::mutex> lock(mutex_);
        const int64_t waitMs =
          std::clamp<int64_t>(lookAgainMs - TimeFormat::NowMs(), 0, MAX_SLEEP_MS);
        wake_.wait_for(lock, std::chrono::milliseconds(waitMs),
                       [this] { return woken_ || stopping_; });
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
        lookAgainMs = TimeFormat::NowMs() + 1000;
      }
    }
  }

  void TransferWorker::Reap()
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

  int64_t TransferWorker::StartEligible()
  {
    const int64_t now = TimeFormat::NowMs();
    int64_t lookAgain = now + MAX_SLEEP_MS;
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
      const EffectiveState state = policy_.StateFor(receiver, now);
      if (exists && !state.open)
      {
        lookAgain = std::min(lookAgain, state.nextChange.value_or(lookAgain));
        continue;
      }
      StartFor(receiverId, state, now);
      lookAgain = std::min(lookAgain, store_.NextRetry(receiverId, now).value_or(lookAgain));
    }
    return lookAgain;
  }

  void TransferWorker::StartFor(const std::string& receiverId, const EffectiveState& state,
                                int64_t now)
  {
    // A few more than the threads: some may be starting already (still Queued in the store).
    const size_t wanted = state.window.threads + 8;
    for (const Transfer& transfer : store_.NextQueued(receiverId, now, wanted))
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_)
      {
        return;
      }
      if (runners_.count(transfer.id) > 0)
      {
        continue;
      }
      if (!throttles_.GetThreads().TryAcquire(receiverId, state.window.threads,
                                              state.globalThreads))
      {
        return;
      }
      auto runner = std::make_unique<Runner>();
      Runner* raw = runner.get();
      const int64_t id = transfer.id;
      runner->thread = std::thread(
        [this, raw, id, receiverId]
        {
          {
            ThreadLease lease(throttles_.GetThreads(), receiverId); // released before the wake-up
            try
            {
              RunTransfer(id, store_, registry_, policy_, throttles_, settings_, raw->request);
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
    }
  }

  Transfer TransferWorker::Get(int64_t id)
  {
    std::optional<Transfer> transfer = store_.FindTransfer(id);
    if (!transfer)
    {
      throw NotFoundError("There is no Transfer " + std::to_string(id));
    }
    return *transfer;
  }

  bool TransferWorker::IsRunningHere(int64_t id)
  {
    auto found = runners_.find(id);
    return found != runners_.end() && !found->second->done;
  }

  bool TransferWorker::Ask(int64_t id, RunnerRequest request)
  {
    if (!IsRunningHere(id))
    {
      return false;
    }
    runners_[id]->request = request;
    return true;
  }

  Transfer TransferWorker::Halt(int64_t id, RunnerRequest request)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Transfer transfer = Get(id);
    if (transfer.State() == TransferState::Running && Ask(id, request))
    {
      return transfer; // the runner stops at its next batch boundary
    }
    const int64_t now = TimeFormat::NowMs();
    request == RunnerRequest::Pause ? transfer.Pause(now) : transfer.Cancel(now);
    store_.UpdateTransfer(transfer);
    return transfer;
  }

  Transfer TransferWorker::Requeue(Transfer& transfer)
  {
    store_.UpdateTransfer(transfer);
    woken_ = true; // the caller holds mutex_
    wake_.notify_all();
    return transfer;
  }

  Transfer TransferWorker::Pause(int64_t id)
  {
    return Halt(id, RunnerRequest::Pause);
  }

  Transfer TransferWorker::Resume(int64_t id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Transfer transfer = Get(id);
    transfer.Resume(TimeFormat::NowMs());
    return Requeue(transfer);
  }

  Transfer TransferWorker::Cancel(int64_t id)
  {
    return Halt(id, RunnerRequest::Cancel);
  }

  Transfer TransferWorker::Retry(int64_t id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Transfer transfer = Get(id);
    transfer.Retry(TimeFormat::NowMs());
    return Requeue(transfer);
  }

  Transfer TransferWorker::SetPriority(int64_t id, int64_t priority)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Transfer transfer = Get(id);
    transfer.SetPriority(priority);
    store_.UpdateTransfer(transfer);
    return transfer;
  }

  std::vector<int64_t> TransferWorker::ActiveFor(const std::string& receiverId)
  {
    return store_.ListActiveIds(receiverId);
  }

  void TransferWorker::CancelAllFor(const std::string& receiverId)
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
