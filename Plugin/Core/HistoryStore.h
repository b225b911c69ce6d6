#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace XnatDqr
{
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
