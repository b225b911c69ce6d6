#include "Store/SqlStore.h"

#include "Store/SqlTransferRows.h"

#include <algorithm>

// SqlStore's Transfers: one row of typed columns each, plus their instance lists.
namespace XnatDqr
{
  void SqlStore::CreateTransfer(Transfer& transfer, const std::vector<std::string>& instanceIds)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Transaction transaction(db_);
    Sql::Statement statement(db_, SqlTransferRows::INSERT);
    BindLease(statement, SqlTransferRows::Bind(statement, transfer, false), transfer);
    statement.Step();
    transfer.id = statement.GetInteger(0);
    statement.Run();
    Sql::Statement instance(db_, "INSERT INTO transfer_instances (transfer_id, position, "
                                 "instance_id) VALUES (?, ?, ?)");
    for (size_t position = 0; position < instanceIds.size(); position++)
    {
      instance.Bind(1, transfer.id).Bind(2, static_cast<int64_t>(position));
      instance.Bind(3, instanceIds[position]).Run();
      instance.Reset();
    }
    transaction.Commit();
  }

  std::vector<std::string> SqlStore::ListTransferInstances(int64_t id, uint64_t fromPosition)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, "SELECT instance_id FROM transfer_instances WHERE "
                                  "transfer_id = ? AND position >= ? ORDER BY position");
    statement.Bind(1, id).Bind(2, static_cast<int64_t>(fromPosition));
    std::vector<std::string> ids;
    while (statement.Step())
    {
      ids.push_back(statement.GetText(0));
    }
    return ids;
  }

  std::vector<Transfer> SqlStore::ListActiveTransfers()
  {
    return Select(std::string(SqlTransferRows::SELECT_COLUMNS) +
                    " WHERE state IN ('Queued', 'Running', 'Paused') ORDER BY id",
                  [](Sql::Statement&) {});
  }

  int SqlStore::BindLease(Sql::Statement& statement, int index, const Transfer& transfer)
  {
    statement.Bind(index++, transfer.callingAddress);
    // A Running Transfer is this Orthanc's, for the lease from each write or renewal.
    const bool running = transfer.State() == TransferState::Running;
    statement.Bind(index, running ? orthanc_ : std::string());
    statement.Bind(index + 1, running ? clock_.NowMs() + leaseMs_ : int64_t{0});
    return index + 2;
  }

  void SqlStore::UpdateTransfer(const Transfer& transfer)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, SqlTransferRows::UPDATE);
    const int next =
      BindLease(statement, SqlTransferRows::Bind(statement, transfer, false), transfer);
    statement.Bind(next, transfer.id).Run(); // one statement: its own transaction
  }

  bool SqlStore::ClaimTransfer(const Transfer& started)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, std::string(SqlTransferRows::UPDATE) +
                                    " AND state = 'Queued' RETURNING id");
    const int next =
      BindLease(statement, SqlTransferRows::Bind(statement, started, false), started);
    statement.Bind(next, started.id);
    const bool claimed = statement.Step();
    statement.Run();
    return claimed;
  }

  void SqlStore::RenewLeases(const std::vector<int64_t>& ids)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const int64_t now = clock_.NowMs();
    Sql::Transaction transaction(db_);
    Sql::Statement renew(db_, "UPDATE transfers SET lease_until_ms = ? WHERE id = ? AND "
                              "owner = ? AND state = 'Running'");
    for (const int64_t id : ids)
    {
      renew.Bind(1, now + leaseMs_).Bind(2, id).Bind(3, orthanc_);
      renew.Run();
      renew.Reset();
    }
    Sql::Statement(db_, "UPDATE thread_leases SET lease_until_ms = ? WHERE orthanc = ?")
      .Bind(1, now + leaseMs_)
      .Bind(2, orthanc_)
      .Run();
    // Another Orthanc's threads, left by its crash.
    Sql::Statement(db_, "DELETE FROM thread_leases WHERE lease_until_ms < ?").Bind(1, now).Run();
    transaction.Commit();
  }

  std::optional<int64_t> SqlStore::TakeThread(const std::string& receiverId, uint32_t receiverCap,
                                              uint32_t totalCap)
  {
    constexpr int64_t THREADS_LOCK = 0x58445154; // any constant: the key all takes share
    std::lock_guard<std::mutex> lock(mutex_);
    const int64_t now = clock_.NowMs();
    Sql::Transaction transaction(db_);
    db_.LockKey(THREADS_LOCK); // counted and taken as one step by every Orthanc
    Sql::Statement count(db_, "SELECT COUNT(*), SUM(CASE WHEN receiver = ? THEN 1 ELSE 0 END) "
                              "FROM thread_leases WHERE lease_until_ms >= ?");
    count.Bind(1, receiverId).Bind(2, now);
    count.Step();
    const int64_t all = count.GetInteger(0);
    const int64_t mine = count.IsNull(1) ? 0 : count.GetInteger(1);
    if (mine >= receiverCap || (totalCap > 0 && all >= totalCap))
    {
      return std::nullopt; // rolled back: nothing was written
    }
    Sql::Statement take(db_, "INSERT INTO thread_leases (orthanc, receiver, lease_until_ms) "
                             "VALUES (?, ?, ?) RETURNING token");
    take.Bind(1, orthanc_).Bind(2, receiverId).Bind(3, now + leaseMs_);
    take.Step();
    const int64_t token = take.GetInteger(0);
    take.Run();
    transaction.Commit();
    return token;
  }

  void SqlStore::ReturnThread(int64_t token)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement(db_, "DELETE FROM thread_leases WHERE token = ?").Bind(1, token).Run();
  }

  int64_t SqlStore::ReserveBandwidth(const std::string& key, uint64_t bytes,
                                     double megabytesPerSecond, int64_t nowMs)
  {
    // The timeline in microseconds; one statement, so the row's lock makes it atomic.
    const int64_t nowUs = nowMs * 1000;
    const int64_t costUs = static_cast<int64_t>(static_cast<double>(bytes) / megabytesPerSecond);
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement reserve(
      db_, "INSERT INTO bandwidth (key, next_free_us) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
           "SET next_free_us = CASE WHEN bandwidth.next_free_us > ? THEN bandwidth.next_free_us "
           "ELSE ? END + ? RETURNING next_free_us");
    reserve.Bind(1, key).Bind(2, nowUs + costUs).Bind(3, nowUs).Bind(4, nowUs).Bind(5, costUs);
    reserve.Step();
    const int64_t startUs = reserve.GetInteger(0) - costUs;
    reserve.Run();
    return std::max<int64_t>(0, (startUs - nowUs) / 1000);
  }

  void SqlStore::ForgetMyThreads()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement(db_, "DELETE FROM thread_leases WHERE orthanc = ?").Bind(1, orthanc_).Run();
  }

  std::vector<Transfer> SqlStore::ListAbandoned(int64_t nowMs, bool mine)
  {
    return Select(std::string(SqlTransferRows::SELECT_COLUMNS) +
                    " WHERE state = 'Running' AND (lease_until_ms < ? OR owner = ?) ORDER BY id",
                  [&](Sql::Statement& statement)
                  {
                    statement.Bind(1, nowMs);
                    // An owner no Orthanc has: only the expired ones.
                    mine ? statement.Bind(2, orthanc_) : statement.BindNull(2);
                  });
  }

  bool SqlStore::RecoverAbandoned(const Transfer& recovered, int64_t nowMs, bool mine)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, std::string(SqlTransferRows::UPDATE) +
                                    " AND state = 'Running' AND (lease_until_ms < ? OR owner = ?)"
                                    " RETURNING id");
    const int next =
      BindLease(statement, SqlTransferRows::Bind(statement, recovered, false), recovered);
    statement.Bind(next, recovered.id).Bind(next + 1, nowMs);
    mine ? statement.Bind(next + 2, orthanc_) : statement.BindNull(next + 2);
    const bool recoveredHere = statement.Step();
    statement.Run();
    return recoveredHere;
  }

  std::optional<Transfer> SqlStore::FindTransfer(int64_t id)
  {
    std::vector<Transfer> found =
      Select(std::string(SqlTransferRows::SELECT_COLUMNS) + " WHERE id = ?",
             [id](Sql::Statement& statement) { statement.Bind(1, id); });
    return found.empty() ? std::nullopt : std::optional<Transfer>(found.front());
  }

  std::vector<Transfer> SqlStore::ListTransfers(const TransferFilter& filter)
  {
    std::string sql = std::string(SqlTransferRows::SELECT_COLUMNS) + " WHERE created_ms >= ?";
    if (!filter.receiverId.empty())
    {
      sql += " AND receiver = ?";
    }
    if (filter.state)
    {
      sql += " AND state = ?";
    }
    sql += " ORDER BY id DESC LIMIT ?";
    return Select(sql,
                  [&filter](Sql::Statement& statement)
                  {
                    int index = 1;
                    statement.Bind(index++, filter.sinceMs);
                    if (!filter.receiverId.empty())
                    {
                      statement.Bind(index++, filter.receiverId);
                    }
                    if (filter.state)
                    {
                      statement.Bind(index++, std::string(ToString(*filter.state)));
                    }
                    statement.Bind(index, static_cast<int64_t>(filter.limit));
                  });
  }

  std::vector<RefusalGroup> SqlStore::ListRefusals(int64_t sinceMs, size_t limit)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Refused: Failed before it ever started; no Receiver: routing found none to take it.
    Sql::Statement groups(
      db_, "SELECT called_aet, caller, destination_aet, calling_address, COUNT(*), "
           "MIN(created_ms), MAX(created_ms), MAX(id) FROM transfers WHERE receiver IS NULL "
           "AND origin = 'C-MOVE' AND state = 'Failed' AND started_ms = 0 AND created_ms >= ? "
           "GROUP BY called_aet, caller, destination_aet, calling_address "
           "ORDER BY MAX(created_ms) DESC LIMIT ?");
    groups.Bind(1, sinceMs).Bind(2, static_cast<int64_t>(limit));
    std::vector<RefusalGroup> found;
    std::vector<int64_t> latest;
    while (groups.Step())
    {
      RefusalGroup group;
      group.called = groups.GetText(0);
      group.calling = groups.GetText(1);
      group.destination = groups.GetText(2);
      group.address = groups.GetText(3);
      group.count = static_cast<uint64_t>(groups.GetInteger(4));
      group.firstMs = groups.GetInteger(5);
      group.lastMs = groups.GetInteger(6);
      latest.push_back(groups.GetInteger(7));
      found.push_back(group);
    }
    Sql::Statement reason(db_, "SELECT error FROM transfers WHERE id = ?");
    for (size_t i = 0; i < found.size(); i++)
    {
      reason.Bind(1, latest[i]);
      found[i].reason = reason.Step() ? reason.GetText(0) : "";
      reason.Reset();
    }
    return found;
  }

  size_t SqlStore::CountTransfers()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, "SELECT COUNT(*) FROM transfers");
    statement.Step();
    return static_cast<size_t>(statement.GetInteger(0));
  }

  std::vector<std::string> SqlStore::ListQueuedReceivers()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, "SELECT DISTINCT receiver FROM transfers WHERE "
                                  "state = 'Queued' AND receiver IS NOT NULL");
    std::vector<std::string> receivers;
    while (statement.Step())
    {
      receivers.push_back(statement.GetText(0));
    }
    return receivers;
  }

  std::vector<Transfer> SqlStore::NextQueued(const std::string& receiverId, int64_t nowMs,
                                             size_t limit)
  {
    return Select(std::string(SqlTransferRows::SELECT_COLUMNS) +
                    " WHERE state = 'Queued' AND receiver = ? AND next_attempt_ms <= ?"
                    " ORDER BY priority DESC, id LIMIT ?",
                  [&](Sql::Statement& statement)
                  {
                    statement.Bind(1, receiverId).Bind(2, nowMs);
                    statement.Bind(3, static_cast<int64_t>(limit));
                  });
  }

  std::optional<int64_t> SqlStore::NextRetry(const std::string& receiverId, int64_t nowMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, "SELECT MIN(next_attempt_ms) FROM transfers WHERE "
                                  "state = 'Queued' AND receiver = ? AND next_attempt_ms > ?");
    statement.Bind(1, receiverId).Bind(2, nowMs);
    if (!statement.Step() || statement.IsNull(0))
    {
      return std::nullopt;
    }
    return statement.GetInteger(0);
  }

  std::vector<int64_t> SqlStore::ListActiveIds(const std::string& receiverId)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, "SELECT id FROM transfers WHERE receiver = ? AND "
                                  "state IN ('Queued', 'Running', 'Paused') ORDER BY id");
    statement.Bind(1, receiverId);
    std::vector<int64_t> ids;
    while (statement.Step())
    {
      ids.push_back(statement.GetInteger(0));
    }
    return ids;
  }

  std::vector<TransferTally> SqlStore::TallyTransfers()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(
      db_,
      "SELECT COALESCE(receiver, ''), state, COUNT(*), SUM(instances_sent), "
      "SUM(instances_failed), SUM(bytes_sent), MIN(created_ms), MAX(finished_ms) FROM transfers "
      "GROUP BY 1, 2 ORDER BY 1, 2");
    std::vector<TransferTally> tallies;
    while (statement.Step())
    {
      const std::optional<TransferState> state = ParseTransferState(statement.GetText(1));
      if (!state)
      {
        continue; // written by a newer version; not ours to count
      }
      TransferTally tally;
      tally.receiverId = statement.GetText(0);
      tally.state = *state;
      tally.count = static_cast<uint64_t>(statement.GetInteger(2));
      tally.instancesSent = static_cast<uint64_t>(statement.GetInteger(3));
      tally.instancesFailed = static_cast<uint64_t>(statement.GetInteger(4));
      tally.bytesSent = static_cast<uint64_t>(statement.GetInteger(5));
      tally.oldestCreatedMs = statement.GetInteger(6);
      tally.latestFinishedMs = statement.GetInteger(7);
      tallies.push_back(tally);
    }
    return tallies;
  }

  std::vector<Transfer> SqlStore::Select(const std::string& sql,
                                         const std::function<void(Sql::Statement&)>& bind)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, sql);
    bind(statement);
    std::vector<Transfer> transfers;
    while (statement.Step())
    {
      transfers.push_back(SqlTransferRows::Read(statement));
    }
    return transfers;
  }
} // namespace XnatDqr
