#include "Core/Recording/HistoryRecorder.h"

#include <algorithm>

namespace XnatDqr
{
  using namespace HistoryPeriods;

  HistoryRow& HistoryRecorder::At(const std::string& receiverId, int64_t nowMs)
  {
    const int64_t start = Floor(nowMs, MINUTE_MS);
    HistoryRow& row = minutes_[{start, receiverId}];
    row.receiverId = receiverId;
    row.startMs = start;
    return row;
  }

  void HistoryRecorder::Delivered(const std::string& receiverId, uint64_t bytes, int64_t nowMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    HistoryRow& row = At(receiverId, nowMs);
    row.bytes += bytes;
    row.instances++;
  }

  void HistoryRecorder::Failed(const std::string& receiverId, int64_t nowMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    At(receiverId, nowMs).failures++;
  }

  void HistoryRecorder::SampleQueue(const std::map<std::string, uint64_t>& depths, int64_t atMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [receiverId, depth] : depths)
    {
      if (depth > 0)
      {
        HistoryRow& row = At(receiverId, atMs);
        row.queued = std::max(row.queued, depth);
      }
    }
  }

  std::vector<HistoryRow> HistoryRecorder::TakeBefore(int64_t beforeMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<HistoryRow> rows;
    auto end = minutes_.lower_bound({beforeMs, std::string()});
    for (auto it = minutes_.begin(); it != end; ++it)
    {
      rows.push_back(it->second);
    }
    minutes_.erase(minutes_.begin(), end);
    return rows;
  }

  void HistoryRecorder::Restore(const std::vector<HistoryRow>& rows)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const HistoryRow& row : rows)
    {
      At(row.receiverId, row.startMs).Add(row);
    }
  }

  std::vector<HistoryRow> HistoryRecorder::Pending(const std::string& receiverId)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<HistoryRow> rows;
    for (const auto& [key, row] : minutes_)
    {
      if (receiverId.empty() || key.second == receiverId)
      {
        rows.push_back(row);
      }
    }
    return rows;
  }
} // namespace XnatDqr
