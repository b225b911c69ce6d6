#pragma once

#include "Core/Common/Clock.h"
#include "Core/Observability/AuditStore.h"
#include "Core/Pacing/Bandwidth.h"
#include "Core/Pacing/SettingsStore.h"
#include "Core/Pacing/Threads.h"
#include "Core/Receivers/RegistryStore.h"
#include "Core/Recording/HistoryStore.h"
#include "Core/Transfers/TransferStore.h"
#include "Store/Sql.h"

#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace XnatDqr
{
  // The store's ports over one SQL connection, the same SQL for every backend; the
  // connection comes migrated (SqliteStore, PostgresStore). One statement at a time.
  class SqlStore : public RegistryStore,
                   public TransferStore,
                   public SettingsStore,
                   public AuditStore,
                   public HistoryStore,
                   public SharedThreads,
                   public SharedBandwidth
  {
  public:
    // orthanc: which Orthanc's DicomModalities the owned-modality calls are about, when several
    // Orthancs share the database ("" for SQLite's one).
    // The clock gives the leases' times.
    SqlStore(Clock& clock, std::unique_ptr<Sql::Connection> connection, std::string orthanc);
    // How long a Running Transfer or a taken thread is this Orthanc's without a renewal
    // (XnatDqr.LeaseSeconds); set once at start.
    void SetLeaseMs(int64_t leaseMs) { leaseMs_ = leaseMs; }
    int64_t LeaseMs() const { return leaseMs_; }

    std::vector<Receiver> ListReceivers() override;
    std::optional<Receiver> FindReceiver(const std::string& id) override;
    void SaveReceiver(const Receiver& receiver) override;
    void DeleteReceiver(const std::string& id) override;
    void ReplaceConfigurationReceivers(const std::vector<Receiver>& receivers) override;
    int64_t RegistryVersion() override;

    std::set<std::string> ListOwnedModalities() override;
    std::set<std::string> ListOwnedModalitiesOf(const std::string& receiverId) override;
    void AddOwnedModalities(const std::set<std::string>& names) override;
    void ForgetOwnedModalities(const std::set<std::string>& names) override;

    void CreateTransfer(Transfer& transfer, const std::vector<std::string>& instanceIds) override;
    std::vector<std::string> ListTransferInstances(int64_t id, uint64_t fromPosition) override;
    std::vector<Transfer> ListActiveTransfers() override;
    void UpdateTransfer(const Transfer& transfer) override;
    bool ClaimTransfer(const Transfer& started) override;
    void RenewLeases(const std::vector<int64_t>& ids) override;
    std::vector<Transfer> ListAbandoned(int64_t nowMs, bool mine) override;
    bool RecoverAbandoned(const Transfer& recovered, int64_t nowMs, bool mine) override;
    std::optional<Transfer> FindTransfer(int64_t id) override;
    std::vector<Transfer> ListTransfers(const TransferFilter& filter) override;
    size_t CountTransfers() override;
    std::vector<RefusalGroup> ListRefusals(int64_t sinceMs, size_t limit) override;
    std::vector<std::string> ListQueuedReceivers() override;
    std::vector<Transfer> NextQueued(const std::string& receiverId, int64_t nowMs,
                                     size_t limit) override;
    std::optional<int64_t> NextRetry(const std::string& receiverId, int64_t nowMs) override;
    std::vector<int64_t> ListActiveIds(const std::string& receiverId) override;
    std::vector<TransferTally> TallyTransfers() override;

    void AppendAudit(AuditRecord& record) override;
    std::vector<AuditRecord> ListAudit(int64_t sinceMs, size_t limit) override;

    std::optional<int64_t> TakeThread(const std::string& receiverId, uint32_t receiverCap,
                                      uint32_t totalCap) override;
    void ReturnThread(int64_t token) override;
    int64_t ReserveBandwidth(const std::string& key, uint64_t bytes, double megabytesPerSecond,
                             int64_t nowMs) override;
    // At start: the threads this Orthanc held before a crash are free again.
    void ForgetMyThreads();

    void AddHistory(const std::vector<HistoryRow>& minutes) override;
    std::vector<HistoryRow> ListHistory(const std::string& receiverId, int64_t resolutionMs,
                                        int64_t fromMs, int64_t toMs) override;
    void PruneHistory(int64_t minutesBeforeMs, int64_t hoursBeforeMs) override;

    std::optional<std::string> GetSetting(const std::string& key) override;
    void SetSetting(const std::string& key, const std::string& value) override;
    void DeleteSetting(const std::string& key) override;

  protected:
    std::mutex mutex_;
    std::unique_ptr<Sql::Connection> connection_;
    Sql::Connection& db_;

  private:
    void BumpRegistryVersion(); // in the transaction of a change to the Receivers
    // Binds calling_address, owner and lease_until_ms from index on; returns the next index.
    int BindLease(Sql::Statement& statement, int index, const Transfer& transfer);
    void SaveLocked(const Receiver& receiver);
    // One statement with one parameter, run for each name, in one transaction.
    void ForEachName(const char* sql, const std::set<std::string>& names);
    // Transfers read by one statement, its parameters bound by bind.
    std::vector<Transfer> Select(const std::string& sql,
                                 const std::function<void(Sql::Statement&)>& bind);

    std::string orthanc_;
    Clock& clock_;
    int64_t leaseMs_ = LEASE_MS;
  };
} // namespace XnatDqr
