#include "Core/Common/Errors.h"
#include "Core/Common/TimeFormat.h"
#include "Core/Pacing/Bandwidth.h"
#include "Fixtures.h"
#include "StoreBackends.h"

#include <gtest/gtest.h>

// The store's ports, the same assertions on SQLite and on PostgreSQL.
using namespace XnatDqr;
using XnatDqr::Testing::MakeReceiver;

namespace
{
  class StoreTest : public Testing::StoreTest
  {
  };
} // namespace

TEST_P(StoreTest, SaveReplacesAndDeleteRemoves)
{
  SqlStore& store = *store_;
  store.SaveReceiver(MakeReceiver("a", "XNATA", 1001));
  store.SaveReceiver(MakeReceiver("a", "OTHER", 1001));
  EXPECT_EQ("OTHER", store.FindReceiver("a")->aet);
  store.DeleteReceiver("a");
  EXPECT_FALSE(store.FindReceiver("a").has_value());
}

TEST_P(StoreTest, ConfigurationReceiversAreReplacedAsAWhole)
{
  SqlStore& store = *store_;
  Receiver old = MakeReceiver("old", "OLD", 1001);
  old.source = ReceiverSource::Configuration;
  store.SaveReceiver(old);
  store.SaveReceiver(MakeReceiver("api", "API", 1002));
  Receiver fresh = MakeReceiver("fresh", "FRESH", 1003);
  fresh.source = ReceiverSource::Configuration;
  store.ReplaceConfigurationReceivers({fresh});
  const std::vector<Receiver> receivers = store.ListReceivers();
  ASSERT_EQ(2u, receivers.size());
  EXPECT_EQ("api", receivers[0].id);
  EXPECT_EQ("fresh", receivers[1].id);
  EXPECT_EQ(ReceiverSource::Configuration, receivers[1].source);
}

TEST_P(StoreTest, OwnedModalitiesAreRecorded)
{
  SqlStore& store = *store_;
  store.AddOwnedModalities({"a", "a_caller-1"});
  store.ForgetOwnedModalities({"a_caller-1"});
  EXPECT_EQ(std::set<std::string>({"a"}), store.ListOwnedModalities());
}

TEST_P(StoreTest, OwnedModalitiesOfOneReceiverAreItsEntryAndItsCallers)
{
  SqlStore& store = *store_;
  store.AddOwnedModalities({"a", "a_caller-1", "a_caller-2", "ab", "ab_caller-1", "b_caller-1"});
  store.AddOwnedModalities({"a"}); // already there: nothing changes
  EXPECT_EQ(std::set<std::string>({"a", "a_caller-1", "a_caller-2"}),
            store.ListOwnedModalitiesOf("a"));
  EXPECT_EQ(std::set<std::string>({"ab", "ab_caller-1"}), store.ListOwnedModalitiesOf("ab"));
  EXPECT_EQ(6u, store.ListOwnedModalities().size());
}

TEST_P(StoreTest, ReceiversAreListedByIdWithTheirPacsAet)
{
  SqlStore& store = *store_;
  Receiver a = MakeReceiver("xnata", "XNAT", 1001, {"XNATA"});
  a.pacsAet = "PACSA";
  store.SaveReceiver(MakeReceiver("xnat1", "XNAT", 1002));
  store.SaveReceiver(MakeReceiver("xnat-b", "XNAT", 1003));
  store.SaveReceiver(a);
  std::vector<std::string> ids;
  for (const Receiver& receiver : store.ListReceivers())
  {
    ids.push_back(receiver.id);
  }
  // Bytewise, whatever the server's locale (which would ignore the '-').
  EXPECT_EQ(std::vector<std::string>({"xnat-b", "xnat1", "xnata"}), ids);
  EXPECT_EQ(a.ToJson(), store.FindReceiver("xnata")->ToJson());
  EXPECT_EQ("", store.FindReceiver("xnat1")->pacsAet);
  EXPECT_FALSE(store.FindReceiver("nobody"));
}

TEST_P(StoreTest, SettingsAreReplacedAndDeleted)
{
  SqlStore& store = *store_;
  EXPECT_FALSE(store.GetSetting("GlobalSchedule"));
  store.SetSetting("GlobalSchedule", "{}");
  store.SetSetting("GlobalSchedule", "{\"Monday\": []}");
  EXPECT_EQ("{\"Monday\": []}", store.GetSetting("GlobalSchedule").value_or(""));
  store.DeleteSetting("GlobalSchedule");
  EXPECT_FALSE(store.GetSetting("GlobalSchedule"));
}

TEST_P(StoreTest, TheAuditIsAppendedAndListedNewestFirst)
{
  SqlStore& store = *store_;
  for (int i = 0; i < 3; i++)
  {
    AuditRecord record;
    record.timeMs = 1000 * (i + 1);
    record.method = "PUT";
    record.uri = "/xnat-dqr/receivers/xnat-a";
    record.remoteAddress = "127.0.0.1";
    record.user = i == 0 ? "" : "admin";
    record.after["Port"] = 1000 + i;
    store.AppendAudit(record);
    EXPECT_EQ(i + 1, record.id);
  }
  const std::vector<AuditRecord> records = store.ListAudit(2000, 10);
  ASSERT_EQ(2u, records.size());
  EXPECT_EQ(3, records[0].id);
  EXPECT_EQ("admin", records[0].user);
  EXPECT_EQ(1002, records[0].after["Port"].asInt());
  EXPECT_TRUE(records[0].before.isNull());
  EXPECT_EQ(1u, store.ListAudit(0, 1).size());
}

TEST_P(StoreTest, ATransfersInstancesAreReadFromWhereItStopped)
{
  SqlStore& store = *store_;
  Transfer transfer;
  transfer.receiverId = "xnat-a";
  store.CreateTransfer(transfer, {"i0", "i1", "i2"});
  Transfer other;
  store.CreateTransfer(other, {"j0"});
  EXPECT_EQ(std::vector<std::string>({"i1", "i2"}), store.ListTransferInstances(transfer.id, 1));
  EXPECT_TRUE(store.ListTransferInstances(transfer.id, 3).empty());
  EXPECT_EQ(transfer.id + 1, other.id);
  EXPECT_EQ(2u, store.CountTransfers());
}

TEST_P(StoreTest, EveryChangeToTheReceiversGrowsTheRegistryVersion)
{
  SqlStore& store = *store_;
  const int64_t start = store.RegistryVersion();
  store.SaveReceiver(MakeReceiver("xnat-a", "XNATA", 1001));
  EXPECT_EQ(start + 1, store.RegistryVersion());
  store.ReplaceConfigurationReceivers({});
  store.DeleteReceiver("xnat-a");
  EXPECT_EQ(start + 3, store.RegistryVersion());
  store.SetSetting("GlobalSchedule", "{}"); // not a Receiver
  EXPECT_EQ(start + 3, store.RegistryVersion());
}

TEST_P(StoreTest, AQueuedTransferIsClaimedOnceAndRecoveredWhenItsLeaseExpires)
{
  SqlStore& store = *store_;
  Transfer transfer;
  transfer.receiverId = "xnat-a";
  store.CreateTransfer(transfer, {"i0"});
  const int64_t now = clock_.NowMs();
  Transfer started = transfer;
  started.Start(now);
  EXPECT_TRUE(store.ClaimTransfer(started));
  EXPECT_FALSE(store.ClaimTransfer(started)); // Running already: nobody claims it again
  EXPECT_EQ(TransferState::Running, store.FindTransfer(transfer.id)->State());
  EXPECT_TRUE(store.ListAbandoned(now, false).empty()); // its lease holds
  ASSERT_EQ(1u, store.ListAbandoned(now, true).size()); // but it is this Orthanc's own
  const int64_t expired = now + TransferStore::LEASE_MS + 1000;
  ASSERT_EQ(1u, store.ListAbandoned(expired, false).size());
  store.RenewLeases({}); // not running here any more: its lease is left to run out
  EXPECT_EQ(1u, store.ListAbandoned(expired, false).size());
  store.RenewLeases({transfer.id}); // at the clock's now, which has not moved
  EXPECT_TRUE(store.ListAbandoned(now + TransferStore::LEASE_MS / 2, false).empty());
  Transfer recovered = started;
  recovered.Recover();
  EXPECT_TRUE(store.RecoverAbandoned(recovered, expired, false));
  EXPECT_FALSE(store.RecoverAbandoned(recovered, expired, false)); // Queued now
  EXPECT_EQ(TransferState::Queued, store.FindTransfer(transfer.id)->State());
  EXPECT_TRUE(store.ListAbandoned(expired, true).empty());
  // The renewal took the clock's time: half a lease later, it holds half a lease longer.
  Transfer again = *store.FindTransfer(transfer.id);
  again.Start(clock_.NowMs());
  ASSERT_TRUE(store.ClaimTransfer(again));
  clock_.Advance(TransferStore::LEASE_MS / 2);
  store.RenewLeases({transfer.id});
  EXPECT_TRUE(store.ListAbandoned(expired, false).empty());
  EXPECT_EQ(1u, store.ListAbandoned(expired + TransferStore::LEASE_MS / 2, false).size());
}

TEST_P(StoreTest, SharedThreadsAreCountedPerReceiverAndInAll)
{
  SqlStore& store = *store_;
  const std::optional<int64_t> a1 = store.TakeThread("xnat-a", 2, 3);
  const std::optional<int64_t> a2 = store.TakeThread("xnat-a", 2, 3);
  ASSERT_TRUE(a1 && a2);
  EXPECT_FALSE(store.TakeThread("xnat-a", 2, 3)); // the Receiver's 2
  ASSERT_TRUE(store.TakeThread("xnat-b", 2, 3));
  EXPECT_FALSE(store.TakeThread("xnat-c", 2, 3)); // the total's 3
  EXPECT_TRUE(store.TakeThread("xnat-c", 2, 0));  // no total cap
  store.ReturnThread(*a1);
  EXPECT_TRUE(store.TakeThread("xnat-a", 2, 0));
  store.ForgetMyThreads();
  EXPECT_TRUE(store.TakeThread("xnat-a", 1, 1));
}

TEST_P(StoreTest, ABandwidthTimelineIsReservedAsTokenBucketDoes)
{
  SqlStore& store = *store_;
  TokenBucket local;
  const int64_t t = 1'000'000;
  // 10 MB/s: 1 MB takes 100 ms of the timeline.
  for (const auto& [bytes, at] : std::vector<std::pair<uint64_t, int64_t>>{
         {1'000'000, t}, {1'000'000, t}, {500'000, t + 50}, {1'000'000, t + 1000}})
  {
    EXPECT_EQ(local.Reserve(bytes, 10, at), store.ReserveBandwidth("Receiver:a", bytes, 10, at))
      << at;
  }
  EXPECT_EQ(0, store.ReserveBandwidth("Receiver:b", 1'000'000, 10, t)); // a timeline per key
}

TEST_P(StoreTest, TheLeaseIsAsLongAsConfigured)
{
  SqlStore& store = *store_;
  store.SetLeaseMs(4000);
  Transfer transfer;
  store.CreateTransfer(transfer, {"i0"});
  const int64_t now = clock_.NowMs();
  transfer.Start(now);
  ASSERT_TRUE(store.ClaimTransfer(transfer));
  EXPECT_TRUE(store.ListAbandoned(now + 3000, false).empty());
  EXPECT_EQ(1u, store.ListAbandoned(now + 5000, false).size()); // not the default 20 s
}

TEST_P(StoreTest, AFailedAttemptFallsDueWhenTheClockReachesItsRetry)
{
  SqlStore& store = *store_;
  Transfer transfer;
  transfer.receiverId = "xnat-a";
  store.CreateTransfer(transfer, {"i0"});
  transfer.Start(clock_.NowMs());
  ASSERT_TRUE(store.ClaimTransfer(transfer));
  ASSERT_TRUE(transfer.FailAttempt("refused", clock_.NowMs(), RetryPolicy{5, 30}));
  store.UpdateTransfer(transfer);
  EXPECT_TRUE(store.NextQueued("xnat-a", clock_.NowMs(), 8).empty()); // not due yet
  const std::optional<int64_t> due = store.NextRetry("xnat-a", clock_.NowMs());
  ASSERT_TRUE(due);
  EXPECT_EQ(clock_.NowMs() + 30000, *due);
  clock_.Advance(29999);
  EXPECT_TRUE(store.NextQueued("xnat-a", clock_.NowMs(), 8).empty());
  clock_.Advance(1);
  ASSERT_EQ(1u, store.NextQueued("xnat-a", clock_.NowMs(), 8).size());
}

INSTANTIATE_STORE_TESTS(StoreTest);
