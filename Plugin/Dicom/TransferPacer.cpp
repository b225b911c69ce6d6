#include "Dicom/TransferPacer.h"

#include "Core/Common/TimeFormat.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace XnatDqr
{
  TransferPacer::TransferPacer(Throttles& throttles, const std::string& receiverId,
                               const EffectiveState& caps, std::function<bool()> stop)
      : throttles_(throttles), receiverId_(receiverId), caps_(caps), stop_(std::move(stop))
  {
    throttles_.Shares().Join(receiverId_, caps_.weight);
  }

  TransferPacer::~TransferPacer()
  {
    throttles_.Shares().Leave(receiverId_);
  }

  void TransferPacer::Sleep(int64_t ms)
  {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < until && !(stop_ && stop_()))
    {
      std::this_thread::sleep_for(
        std::min(std::chrono::duration_cast<std::chrono::nanoseconds>(
                   until - std::chrono::steady_clock::now()),
                 std::chrono::nanoseconds(std::chrono::milliseconds(100))));
    }
  }

  void TransferPacer::BeforeSend(uint64_t bytes)
  {
    const int64_t now = TimeFormat::NowMs();
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
    const int64_t now = TimeFormat::NowMs();
    throttles_.Rates().Record(receiverId_, bytes, now);
    throttles_.Recorder().Delivered(receiverId_, bytes, now);
    for (const BudgetUse& budget : caps_.budgets)
    {
      throttles_.Budgets().Spend(budget.key, bytes);
    }
  }

  void TransferPacer::Failed()
  {
    throttles_.Recorder().Failed(receiverId_, TimeFormat::NowMs());
  }

  PacedSend SendPaced(InstanceSender& sender, TransferPacer* pacer, const InstanceFile& file)
  {
    if (pacer != nullptr)
    {
      pacer->BeforeSend(file.storedBytes);
    }
    const auto start = std::chrono::steady_clock::now();
    const InstanceSender::Sent sent = sender.Store(*file.data);
    const auto stored = std::chrono::steady_clock::now();
    if (!IsDelivered(sent.status))
    {
      throw std::runtime_error(sender.CalledAet() + " refused instance " + sent.sopInstanceUid +
                               " with status " + StatusText(sent.status));
    }
    PacedSend result;
    result.bytes = file.storedBytes;
    // The wait for the bandwidth caps is neither read nor store.
    result.storeMicros =
      std::chrono::duration_cast<std::chrono::microseconds>(stored - start).count();
    if (pacer != nullptr)
    {
      pacer->Delivered(result.bytes);
      result.boundary = pacer->AfterSend(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::steady_clock::now() - start)
                                           .count());
    }
    return result;
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
