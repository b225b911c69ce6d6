#pragma once

#include "Core/Pacing/Bandwidth.h"
#include "Core/Pacing/Budgets.h"
#include "Core/Pacing/FairShare.h"
#include "Core/Pacing/Threads.h"
#include "Core/Recording/HistoryRecorder.h"
#include "Core/Recording/RateMeter.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace XnatDqr
{
  // The plugin's shared throttling state: concurrent Transfers, and one bandwidth timeline
  // per Receiver plus one for the whole PACS, and the
  // delivered rate per Receiver. Thread-safe.
  class Throttles
  {
  public:
    explicit Throttles(Clock& clock) : threads_(clock) {}
    Threads& GetThreads() { return threads_; }
    TokenBucket& ForReceiver(const std::string& receiverId);
    TokenBucket& ForShare(const std::string& receiverId); // its part of the global cap
    TokenBucket& Global() { return global_; }
    RateMeter& Rates() { return rates_; }             // what was delivered, per Receiver
    HistoryRecorder& Recorder() { return recorder_; } // idem, and failures, for the history
    BudgetLedger& Budgets() { return budgets_; }
    Sharing& Shares() { return shares_; } // who sends now, for the PACS-wide bandwidth share
    LocalRuns& Runs() { return runs_; }   // the Transfers running here, for their leases
    // Several Orthancs on one database: the Receivers' caps and the global MaxMBps are
    // timelines there, totals across them (not owned; set once at start, before any send).
    // The shares by weight stay this Orthanc's.
    void SetSharedBandwidth(SharedBandwidth* shared);

  private:
    SharedBandwidth* sharedBandwidth_ = nullptr;
    Threads threads_;
    TokenBucket global_;
    RateMeter rates_;
    HistoryRecorder recorder_;
    BudgetLedger budgets_;
    Sharing shares_;
    LocalRuns runs_;
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<TokenBucket>> receivers_;
    std::map<std::string, std::unique_ptr<TokenBucket>> shareBuckets_;
  };
} // namespace XnatDqr
