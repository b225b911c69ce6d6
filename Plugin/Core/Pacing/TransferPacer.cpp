#include "Core/Pacing/TransferPacer.h"

#include <algorithm>

namespace XnatDqr
{
  TransferPacer::TransferPacer(Throttles& throttles, Clock& clock, const std::string& receiverId,
                               const EffectiveState& caps, std::function<bool()> stop)
      : throttles_(throttles), clock_(clock), receiverId_(receiverId), caps_(caps),
        stop_(std::move(stop))
  {
    throttles_.Shares().Join(receiverId_, caps_.weight);
  }

  TransferPacer::~TransferPacer()
  {
    throttles_.Shares().Leave(receiverId_);
  }

  void TransferPacer::Sleep(int64_t ms)
  {
    const int64_t until = clock_.SteadyMicros() + ms * 1000;
    for (int64_t left = ms * 1000; left > 0 && !(stop_ && stop_());
         left = until - clock_.SteadyMicros())
    {
      clock_.SleepMs(std::min<int64_t>((left + 999) / 1000, 100));
    }
  }

  void TransferPacer::BeforeSend(uint64_t bytes)
  {
    const int64_t now = clock_.NowMs();
    const int64_t own =
      throttles_.ForReceiver(receiverId_).Reserve(bytes, caps_.window.maxMBps, now);
    const int64_t total = throttles_.Global().Reserve(bytes, caps_.globalMaxMBps, now);
    // Under a PACS-wide cap, this Receiver's part of it by weight among those sending now.
    int64_t share = 0;
    if (caps_.globalMaxMBps > 0)
    {
      const double part =
        ShareOf(caps_.globalMaxMBps, caps_.weight, throttles_.Shares().ActiveWeights());
      share = throttles_.ForShare(receiverId_).Reserve(bytes, part, now);
    }
    const int64_t wait = std::max({own, total, share});
    if (wait > 0)
    {
      Sleep(wait);
      idleMs_ += wait;
    }
  }

  bool TransferPacer::AfterSend(int64_t busyMs)
  {
    busyMs_ += busyMs;
    batchBusyMs_ += busyMs;
    batchInstances_++;
    if (batchBusyMs_ < BATCH_BUSY_MS && batchInstances_ < BATCH_INSTANCES)
    {
      return false;
    }
    Finish();
    return true;
  }

  void TransferPacer::Delivered(uint64_t bytes)
  {
    const int64_t now = clock_.NowMs();
    throttles_.Rates().Record(receiverId_, bytes, now);
    throttles_.Recorder().Delivered(receiverId_, bytes, now);
    for (const BudgetUse& budget : caps_.budgets)
    {
      throttles_.Budgets().Spend(budget.key, bytes);
    }
  }

  void TransferPacer::Failed()
  {
    throttles_.Recorder().Failed(receiverId_, clock_.NowMs());
  }

  void TransferPacer::Finish()
  {
    const int64_t idle = IdleAfter(batchBusyMs_, caps_.window.utilization);
    batchBusyMs_ = 0;
    batchInstances_ = 0;
    if (idle > 0)
    {
      Sleep(idle);
      idleMs_ += idle;
    }
  }
} // namespace XnatDqr
