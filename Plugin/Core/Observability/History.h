#pragma once

#include "Core/Recording/HistoryRecorder.h"
#include "Core/Recording/HistoryStore.h"
#include "Core/Schedules/Schedule.h"
#include "Core/Transfers/TransferStore.h"

#include <json/value.h>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace XnatDqr
{
  // A period of a history answer: one minute or one hour.
  struct HistoryQuery
  {
    std::string receiverId;   // "": the whole PACS
    int64_t resolutionMs = 0; // HistoryPeriods::MINUTE_MS or HOUR_MS
    int64_t fromMs = 0;       // first period's start
    int64_t toMs = 0;         // end of the last period (the one in progress)
    // The last `hours` hours, up to and with the period in progress. ValidationError naming
    // `hours` or `resolution` when they do not fit what is kept.
    static HistoryQuery Last(const std::string& receiverId, int64_t hours,
                             const std::string& resolution, int64_t nowMs);
  };

  // Spans of [fromMs, toMs) when both schedules are open (none: always open), as epoch ms.
  std::vector<std::pair<int64_t, int64_t>> OpenSpans(const std::optional<Schedule>& receiver,
                                                     const std::optional<Schedule>& global,
                                                     int64_t fromMs, int64_t toMs);

  // The history: written once a minute, served with the minutes not yet written. Nothing owned.
  class History
  {
  public:
    History(HistoryStore& store, TransferStore& transfers, HistoryRecorder& recorder)
        : store_(store), transfers_(transfers), recorder_(recorder)
    {
    }

    // Once a minute, just after it ends: the queue depths, the finished minutes stored, what
    // is older than kept dropped.
    void Tick(int64_t nowMs);
    // At stop: every minute so far, the one in progress too.
    void Flush(int64_t nowMs);

    // {"Receiver", "Resolution", "From", "To", "Totals": {"Bytes", "Instances", "Failures"},
    //  "Points": [{"Start", "Bytes", "Instances", "Failures", "Queued", "MBps"}],
    //  "Open": [{"From", "To"}]}: one point per period, none left out.
    Json::Value Describe(const HistoryQuery& query,
                         const std::vector<std::pair<int64_t, int64_t>>& open, int64_t nowMs);

  private:
    std::map<std::string, uint64_t> QueueDepths();
    // The query's periods that hold something, by start: stored, pending and the queue now.
    std::map<int64_t, HistoryRow> Periods(const HistoryQuery& query, int64_t nowMs);
    void Store(const std::vector<HistoryRow>& rows); // under mutex_

    std::mutex mutex_; // a Tick's rows are either pending or stored for Describe, never neither
    HistoryStore& store_;
    TransferStore& transfers_;
    HistoryRecorder& recorder_;
  };
} // namespace XnatDqr
