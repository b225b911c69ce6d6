#include "Core/Observability/History.h"

#include "Core/Common/Errors.h"
#include "Core/Common/TimeFormat.h"
#include "Core/Schedules/ScheduleClock.h"

#include <algorithm>

namespace XnatDqr
{
  using namespace HistoryPeriods;

  HistoryQuery HistoryQuery::Last(const std::string& receiverId, int64_t hours,
                                  const std::string& resolution, int64_t nowMs)
  {
    const int64_t maxHours = KEEP_HOURS_MS / HOUR_MS;
    if (hours < 1 || hours > maxHours)
    {
      throw ValidationError("hours", "hours must be a whole number from 1 to " +
                                       std::to_string(maxHours) + " (hourly history is kept " +
                                       std::to_string(maxHours / 24) + " days)");
    }
    HistoryQuery query;
    query.receiverId = receiverId;
    if (resolution == "minute" || (resolution.empty() && hours * HOUR_MS <= KEEP_MINUTES_MS))
    {
      if (hours * HOUR_MS > KEEP_MINUTES_MS)
      {
        throw ValidationError("resolution", "resolution=minute covers at most " +
                                              std::to_string(KEEP_MINUTES_MS / HOUR_MS) +
                                              " hours (per-minute history is kept that long)");
      }
      query.resolutionMs = MINUTE_MS;
    }
    else if (resolution == "hour" || resolution.empty())
    {
      query.resolutionMs = HOUR_MS;
    }
    else
    {
      throw ValidationError("resolution", "resolution must be \"minute\" or \"hour\"");
    }
    query.toMs = Floor(nowMs, query.resolutionMs) + query.resolutionMs;
    query.fromMs = query.toMs - hours * HOUR_MS;
    return query;
  }

  std::vector<std::pair<int64_t, int64_t>> OpenSpans(const std::optional<Schedule>& receiver,
                                                     const std::optional<Schedule>& global,
                                                     int64_t fromMs, int64_t toMs)
  {
    std::vector<std::pair<int64_t, int64_t>> spans;
    int64_t t = fromMs;
    while (t < toMs)
    {
      const ScheduleState r = StateAt(receiver, t);
      const ScheduleState g = StateAt(global, t);
      int64_t next = toMs;
      for (const std::optional<int64_t>& change : {r.nextChange, g.nextChange})
      {
        if (change && *change > t)
        {
          next = std::min(next, *change);
        }
      }
      if (r.open && g.open)
      {
        if (!spans.empty() && spans.back().second == t)
        {
          spans.back().second = next; // a change of Window, not a closing
        }
        else
        {
          spans.emplace_back(t, next);
        }
      }
      t = next;
    }
    return spans;
  }

  std::map<std::string, uint64_t> History::QueueDepths()
  {
    std::map<std::string, uint64_t> depths;
    for (const TransferTally& tally : transfers_.TallyTransfers())
    {
      if (tally.state == TransferState::Queued || tally.state == TransferState::Running ||
          tally.state == TransferState::Paused)
      {
        depths[tally.receiverId] += tally.count;
      }
    }
    return depths;
  }

  void History::Tick(int64_t nowMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const int64_t minute = Floor(nowMs, MINUTE_MS);
    recorder_.SampleQueue(QueueDepths(), minute - 1); // the end of the minute just gone
    Store(recorder_.TakeBefore(minute));
    store_.PruneHistory(minute - KEEP_MINUTES_MS, Floor(nowMs, HOUR_MS) - KEEP_HOURS_MS);
  }

  void History::Flush(int64_t nowMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    recorder_.SampleQueue(QueueDepths(), nowMs);
    Store(recorder_.TakeBefore(nowMs + MINUTE_MS));
  }

  void History::Store(const std::vector<HistoryRow>& rows)
  {
    if (rows.empty())
    {
      return;
    }
    try
    {
      store_.AddHistory(rows);
    }
    catch (...)
    {
      recorder_.Restore(rows); // written at the next Tick
      throw;
    }
  }

  std::map<int64_t, HistoryRow> History::Periods(const HistoryQuery& query, int64_t nowMs)
  {
    const int64_t step = query.resolutionMs;
    std::map<int64_t, HistoryRow> periods;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (const HistoryRow& row :
           store_.ListHistory(query.receiverId, step, query.fromMs, query.toMs))
      {
        periods[row.startMs] = row;
      }
      // Not yet stored: summed over Receivers per minute first, so that the PACS's queue depth
      // is a total, then folded into the period.
      std::map<int64_t, HistoryRow> pending;
      for (const HistoryRow& row : recorder_.Pending(query.receiverId))
      {
        HistoryRow& sum = pending[row.startMs];
        sum.AddCounts(row);
        sum.queued += row.queued;
      }
      for (const auto& [start, row] : pending)
      {
        if (start >= query.fromMs && start < query.toMs)
        {
          periods[Floor(start, step)].Add(row);
        }
      }
    }
    // The period in progress shows the queue as it is now.
    uint64_t depthNow = 0;
    for (const auto& [receiverId, depth] : QueueDepths())
    {
      if (query.receiverId.empty() || receiverId == query.receiverId)
      {
        depthNow += depth;
      }
    }
    const int64_t current = Floor(nowMs, step);
    periods[current].queued = std::max(periods[current].queued, depthNow);
    return periods;
  }

  namespace
  {
    Json::Value CountsJson(const HistoryRow& row)
    {
      Json::Value counts(Json::objectValue);
      counts["Bytes"] = static_cast<Json::UInt64>(row.bytes);
      counts["Instances"] = static_cast<Json::UInt64>(row.instances);
      counts["Failures"] = static_cast<Json::UInt64>(row.failures);
      return counts;
    }

    Json::Value PointJson(int64_t start, const HistoryRow& row, int64_t step, int64_t nowMs)
    {
      Json::Value point = CountsJson(row);
      point["Start"] = TimeFormat::ToLocalIso(start);
      point["Queued"] = static_cast<Json::UInt64>(row.queued);
      // The period in progress is rated over its elapsed part.
      const int64_t elapsed = std::clamp<int64_t>(nowMs - start, 1, step);
      point["MBps"] =
        start > nowMs ? 0.0 : static_cast<double>(row.bytes) / 1e6 / (elapsed / 1000.0);
      return point;
    }

    Json::Value SpansJson(const std::vector<std::pair<int64_t, int64_t>>& open)
    {
      Json::Value spans(Json::arrayValue);
      for (const auto& [from, to] : open)
      {
        Json::Value span(Json::objectValue);
        span["From"] = TimeFormat::ToLocalIso(from);
        span["To"] = TimeFormat::ToLocalIso(to);
        spans.append(span);
      }
      return spans;
    }
  } // namespace

  Json::Value History::Describe(const HistoryQuery& query,
                                const std::vector<std::pair<int64_t, int64_t>>& open, int64_t nowMs)
  {
    const int64_t step = query.resolutionMs;
    const std::map<int64_t, HistoryRow> periods = Periods(query, nowMs);
    Json::Value answer(Json::objectValue);
    answer["Receiver"] = query.receiverId.empty() ? Json::Value() : Json::Value(query.receiverId);
    answer["Resolution"] = step == HOUR_MS ? "hour" : "minute";
    answer["From"] = TimeFormat::ToLocalIso(query.fromMs);
    answer["To"] = TimeFormat::ToLocalIso(query.toMs);
    Json::Value points(Json::arrayValue);
    HistoryRow totals;
    for (int64_t start = query.fromMs; start < query.toMs; start += step)
    {
      const auto found = periods.find(start);
      const HistoryRow row = found == periods.end() ? HistoryRow() : found->second;
      totals.AddCounts(row);
      points.append(PointJson(start, row, step, nowMs));
    }
    answer["Points"] = points;
    answer["Totals"] = CountsJson(totals);
    answer["Open"] = SpansJson(open);
    return answer;
  }
} // namespace XnatDqr
