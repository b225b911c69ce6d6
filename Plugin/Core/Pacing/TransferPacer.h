#pragma once

#include "Core/Common/Clock.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Pacing/Throttles.h"

#include <cstdint>
#include <functional>
#include <string>

namespace XnatDqr
{
  // Paces one Transfer: the bandwidth caps before each send (the Receiver's and the PACS-wide
  // total), the duty cycle after each batch. The one code path for C-MOVEs sent at once and
  // for queued Transfers (Dicom/SendPaced). Sleeps in short steps so that a stop request is seen
  // quickly.
  class TransferPacer
  {
  public:
    static constexpr int64_t BATCH_BUSY_MS = 500;
    static constexpr uint32_t BATCH_INSTANCES = 20;

    // The throttles and the clock are not owned. stop (may be empty) cuts waits short when it
    // returns true.
    TransferPacer(Throttles& throttles, Clock& clock, const std::string& receiverId,
                  const EffectiveState& caps, std::function<bool()> stop);
    ~TransferPacer();
    TransferPacer(const TransferPacer&) = delete;
    TransferPacer& operator=(const TransferPacer&) = delete;

    void BeforeSend(uint64_t bytes);
    // Returns true at the end of a batch (after its idle time): a boundary where a Transfer
    // may stop and resume later.
    bool AfterSend(int64_t busyMs);
    void Finish();                  // the idle time owed for the last, partial batch
    void Delivered(uint64_t bytes); // for the Receiver's current MB/s, budgets and history
    void Failed();                  // an attempt of the Transfer failed: for the history

    int64_t BusyMs() const { return busyMs_; }
    int64_t IdleMs() const { return idleMs_; }

  private:
    void Sleep(int64_t ms);

    Throttles& throttles_;
    Clock& clock_;
    std::string receiverId_;
    EffectiveState caps_;
    std::function<bool()> stop_;
    int64_t busyMs_ = 0;
    int64_t idleMs_ = 0;
    int64_t batchBusyMs_ = 0;
    uint32_t batchInstances_ = 0;
  };
} // namespace XnatDqr
