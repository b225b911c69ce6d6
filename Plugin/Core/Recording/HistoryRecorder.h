#pragma once

#include "Core/Recording/HistoryStore.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace XnatDqr
{
  // What each Receiver did in the minutes not yet stored, in memory. Thread-safe.
  class HistoryRecorder
  {
  public:
    void Delivered(const std::string& receiverId, uint64_t bytes, int64_t nowMs);
    void Failed(const std::string& receiverId, int64_t nowMs);
    // Each Receiver's queue depth at the end of the minute that holds atMs.
    void SampleQueue(const std::map<std::string, uint64_t>& depths, int64_t atMs);
    // Removes and returns the minutes that start before beforeMs, oldest first.
    std::vector<HistoryRow> TakeBefore(int64_t beforeMs);
    // Puts taken minutes back (their store write failed), merged with what came since.
    void Restore(const std::vector<HistoryRow>& rows);
    // The minutes not yet stored, of one Receiver ("": all), oldest first.
    std::vector<HistoryRow> Pending(const std::string& receiverId);

  private:
    HistoryRow& At(const std::string& receiverId, int64_t nowMs); // under mutex_

    std::mutex mutex_;
    std::map<std::pair<int64_t, std::string>, HistoryRow> minutes_;
  };
} // namespace XnatDqr
