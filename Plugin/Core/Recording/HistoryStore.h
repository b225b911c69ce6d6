#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace XnatDqr
{
  namespace HistoryPeriods
  {
    constexpr int64_t MINUTE_MS = 60 * 1000;
    constexpr int64_t HOUR_MS = 60 * MINUTE_MS;
    constexpr int64_t KEEP_MINUTES_MS = 48 * HOUR_MS;
    constexpr int64_t KEEP_HOURS_MS = 30 * 24 * HOUR_MS;

    // The start of the period of length periodMs that holds ms (epoch ms, negatives too).
    inline int64_t Floor(int64_t ms, int64_t periodMs)
    {
      const int64_t q = ms / periodMs;
      return (ms % periodMs < 0 ? q - 1 : q) * periodMs;
    }
  } // namespace HistoryPeriods

  // One Receiver's activity in one minute or one hour, from its start.
  struct HistoryRow
  {
    std::string receiverId;
    int64_t startMs = 0;
    uint64_t bytes = 0;     // delivered
    uint64_t instances = 0; // delivered
    uint64_t failures = 0;  // failed attempts of its Transfers (C-MOVE or queue)
    uint64_t queued = 0;    // Transfers Queued, Running or Paused at the end of the minute;
                            // an hour keeps the highest of its minutes
    bool Empty() const { return bytes == 0 && instances == 0 && failures == 0 && queued == 0; }
    // Adds other's bytes, instances and failures into this row.
    void AddCounts(const HistoryRow& other)
    {
      bytes += other.bytes;
      instances += other.instances;
      failures += other.failures;
    }
    // Adds other into this row: counts summed, queue depth the highest.
    void Add(const HistoryRow& other)
    {
      AddCounts(other);
      queued = queued > other.queued ? queued : other.queued;
    }
  };

  // Where the history is kept: rows per minute and per hour, only for periods with something in
  // them. Thread-safe; each call one transaction.
  class HistoryStore
  {
  public:
    virtual ~HistoryStore() = default;
    // Adds finished minutes: each goes into its minute row and into its hour row (counts
    // summed, queued the highest).
    virtual void AddHistory(const std::vector<HistoryRow>& minutes) = 0;
    // Rows of one resolution (60000 or 3600000 ms) starting in [fromMs, toMs), oldest first.
    // receiverId "": every Receiver's rows, summed per period (receiverId "" in the rows).
    virtual std::vector<HistoryRow> ListHistory(const std::string& receiverId, int64_t resolutionMs,
                                                int64_t fromMs, int64_t toMs) = 0;
    // Drops minute rows that start before minutesBeforeMs and hour rows before hoursBeforeMs.
    virtual void PruneHistory(int64_t minutesBeforeMs, int64_t hoursBeforeMs) = 0;
  };
} // namespace XnatDqr
