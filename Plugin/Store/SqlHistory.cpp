#include "Core/Observability/History.h"
#include "Store/SqlStore.h"

// SqlStore's history: a row per Receiver and period with something in it.
namespace XnatDqr
{
  void SqlStore::AddHistory(const std::vector<HistoryRow>& minutes)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Transaction transaction(db_);
    Sql::Statement add(
      db_, "INSERT INTO history (receiver, resolution_ms, start_ms, bytes, instances, failures, "
           "queued) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (receiver, resolution_ms, start_ms) "
           "DO UPDATE SET bytes = history.bytes + excluded.bytes, instances = history.instances + "
           "excluded.instances, failures = history.failures + excluded.failures, queued = CASE "
           "WHEN excluded.queued > history.queued THEN excluded.queued ELSE history.queued END");
    for (const HistoryRow& row : minutes)
    {
      for (const int64_t period : {HistoryPeriods::MINUTE_MS, HistoryPeriods::HOUR_MS})
      {
        add.Bind(1, row.receiverId).Bind(2, period).Bind(3, row.startMs / period * period);
        add.Bind(4, static_cast<int64_t>(row.bytes)).Bind(5, static_cast<int64_t>(row.instances));
        add.Bind(6, static_cast<int64_t>(row.failures)).Bind(7, static_cast<int64_t>(row.queued));
        add.Run();
        add.Reset();
      }
    }
    transaction.Commit();
  }

  std::vector<HistoryRow> SqlStore::ListHistory(const std::string& receiverId, int64_t resolutionMs,
                                                int64_t fromMs, int64_t toMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const bool all = receiverId.empty();
    Sql::Statement select(
      db_, all ? "SELECT '', start_ms, sum(bytes), sum(instances), sum(failures), sum(queued) "
                 "FROM history WHERE resolution_ms = ? AND start_ms >= ? AND start_ms < ? "
                 "GROUP BY start_ms ORDER BY start_ms"
               : "SELECT receiver, start_ms, bytes, instances, failures, queued FROM history "
                 "WHERE resolution_ms = ? AND start_ms >= ? AND start_ms < ? AND receiver = ? "
                 "ORDER BY start_ms");
    select.Bind(1, resolutionMs).Bind(2, fromMs).Bind(3, toMs);
    if (!all)
    {
      select.Bind(4, receiverId);
    }
    std::vector<HistoryRow> rows;
    while (select.Step())
    {
      HistoryRow row;
      row.receiverId = select.GetText(0);
      row.startMs = select.GetInteger(1);
      row.bytes = static_cast<uint64_t>(select.GetInteger(2));
      row.instances = static_cast<uint64_t>(select.GetInteger(3));
      row.failures = static_cast<uint64_t>(select.GetInteger(4));
      row.queued = static_cast<uint64_t>(select.GetInteger(5));
      rows.push_back(row);
    }
    return rows;
  }

  void SqlStore::PruneHistory(int64_t minutesBeforeMs, int64_t hoursBeforeMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement prune(db_, "DELETE FROM history WHERE resolution_ms = ? AND start_ms < ?");
    prune.Bind(1, HistoryPeriods::MINUTE_MS).Bind(2, minutesBeforeMs);
    prune.Run();
    prune.Reset();
    prune.Bind(1, HistoryPeriods::HOUR_MS).Bind(2, hoursBeforeMs);
    prune.Run();
  }
} // namespace XnatDqr
