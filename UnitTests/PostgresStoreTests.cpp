#include "Clock.h"
#include "Core/Common/Errors.h"
#include "Core/Common/TimeFormat.h"
#include "Core/Pacing/Bandwidth.h"
#include "Core/Pacing/Threads.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Fixtures.h"
#include "Store/Postgres.h"
#include "Store/PostgresStore.h"
#include "StoreBackends.h"

#include <chrono>
#include <gtest/gtest.h>
#include <thread>

// What only the PostgreSQL store does: several stores (Orthancs) on one database, migrations
// under a lock, a lost connection answered as unavailable and opened again.
using namespace XnatDqr;
using XnatDqr::Testing::MakeReceiver;

namespace
{
  std::string DatabaseOf(const Testing::PostgresParameters& parameters)
  {
    for (const auto& [key, value] : parameters)
    {
      if (key == "dbname")
      {
        return value;
      }
    }
    return "";
  }
} // namespace

TEST(PostgresStoreTest, TwoStoresOnOneDatabaseShareWhatTheyWrite)
{
  const Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  PostgresStore a(SystemClock(), parameters, "orthanc-a");
  PostgresStore b(SystemClock(), parameters, "orthanc-b"); // migrated already: opens as it is
  EXPECT_EQ(PostgresStore::LatestSchemaVersion(), b.SchemaVersion());
  a.SaveReceiver(MakeReceiver("xnat-a", "XNATA", 1001));
  ASSERT_TRUE(b.FindReceiver("xnat-a"));
  b.DeleteReceiver("xnat-a");
  EXPECT_FALSE(a.FindReceiver("xnat-a"));
  Transfer transfer;
  a.CreateTransfer(transfer, {"i0"});
  EXPECT_EQ(transfer.id, b.FindTransfer(transfer.id)->id);
}

TEST(PostgresStoreTest, EachOrthancOwnsItsModalitiesAndSeesEveryRegistryChange)
{
  const Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  PostgresStore a(SystemClock(), parameters, "orthanc-a");
  PostgresStore b(SystemClock(), parameters, "orthanc-b");
  a.AddOwnedModalities({"xnat-a", "xnat-a_caller-1"});
  b.AddOwnedModalities({"xnat-a"});
  b.ForgetOwnedModalities({"xnat-a"});
  EXPECT_EQ(std::set<std::string>({"xnat-a", "xnat-a_caller-1"}),
            a.ListOwnedModalitiesOf("xnat-a"));
  EXPECT_TRUE(b.ListOwnedModalities().empty());
  const int64_t before = b.RegistryVersion();
  a.SaveReceiver(MakeReceiver("xnat-a", "XNATA", 1001));
  const int64_t saved = b.RegistryVersion();
  EXPECT_GT(saved, before);
  a.DeleteReceiver("xnat-a");
  EXPECT_GT(b.RegistryVersion(), saved);
}

TEST(PostgresStoreTest, StoresStartingTogetherMigrateOnce)
{
  const Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  std::vector<std::thread> starts;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; i++)
  {
    starts.emplace_back(
      [&]
      {
        try
        {
          PostgresStore store(SystemClock(), parameters, "orthanc-a");
        }
        catch (const std::exception&)
        {
          failures++;
        }
      });
  }
  for (std::thread& start : starts)
  {
    start.join();
  }
  EXPECT_EQ(0, failures.load());
  EXPECT_EQ(PostgresStore::LatestSchemaVersion(),
            PostgresStore(SystemClock(), parameters, "orthanc-a").SchemaVersion());
}

TEST(PostgresStoreTest, RefusesADatabaseFromANewerPlugin)
{
  const Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  {
    PostgresStore store(SystemClock(), parameters, "orthanc-a");
  }
  Postgres::Database db(SystemClock(), parameters);
  db.Execute("UPDATE xnat_dqr.schema_version SET version = 999");
  EXPECT_THROW(PostgresStore store(SystemClock(), parameters, "orthanc-a"), std::runtime_error);
}

TEST(PostgresStoreTest, AServerThatDoesNotAnswerIsUnavailable)
{
  Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  for (auto& [key, value] : parameters)
  {
    if (key == "port")
    {
      value = "1"; // nothing listens there
    }
  }
  EXPECT_THROW(PostgresStore store(SystemClock(), parameters, "orthanc-a"), UnavailableError);
}

TEST(PostgresStoreTest, ALostConnectionIsUnavailableThenOpensAgain)
{
  const Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  Testing::FakeClock clock;
  PostgresStore store(clock, parameters, "orthanc-a");
  store.SaveReceiver(MakeReceiver("xnat-a", "XNATA", 1001));
  Testing::AsPostgresAdmin(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
    DatabaseOf(parameters) + "' AND pid <> pg_backend_pid()");
  EXPECT_THROW(store.SaveReceiver(MakeReceiver("xnat-b", "XNATB", 1002)), UnavailableError);
  const int64_t deadline = clock.SteadyMs() + 10000; // past the longest backoff
  std::optional<std::vector<Receiver>> receivers;
  while (!receivers && clock.SteadyMs() < deadline)
  {
    try
    {
      receivers = store.ListReceivers();
    }
    catch (const UnavailableError&)
    {
      clock.Advance(50); // the backoff runs out
    }
  }
  ASSERT_TRUE(receivers) << "the store did not connect again";
  ASSERT_EQ(1u, receivers->size()); // the failed save left nothing behind
  EXPECT_EQ("xnat-a", receivers->at(0).id);
  store.SaveReceiver(MakeReceiver("xnat-b", "XNATB", 1002));
  EXPECT_EQ(2u, store.ListReceivers().size());
}

TEST(PostgresTest, PlaceholdersAreNumberedOutsideQuotes)
{
  EXPECT_EQ("SELECT $1, '?', \"a?b\", $2 WHERE x = 'it''s?' AND y = $3",
            Postgres::NumberPlaceholders("SELECT ?, '?', \"a?b\", ? WHERE x = 'it''s?' AND y = ?"));
}

TEST(PostgresStoreTest, ARegistryFollowsTheChangesOfAnotherOrthanc)
{
  const Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  PostgresStore storeA(SystemClock(), parameters, "orthanc-a");
  PostgresStore storeB(SystemClock(), parameters, "orthanc-b");
  Testing::FakeModalities modalitiesA;
  Testing::FakeModalities modalitiesB;
  const AetSettings aets{"ORTHANC", false, false, ""};
  ReceiverRegistry a(storeA, modalitiesA, aets);
  ReceiverRegistry b(storeB, modalitiesB, aets);
  int changes = 0;
  b.SetOnChange([&changes] { changes++; });
  EXPECT_TRUE(b.Refresh().empty());
  EXPECT_EQ(0, changes); // nothing changed: nothing done

  a.Save(MakeReceiver("xnat-a", "XNATA", 1001, {"XNAT"}));
  EXPECT_THROW(b.Get("xnat-a"), NotFoundError); // not before it looks
  EXPECT_TRUE(b.Refresh().empty());
  EXPECT_EQ(1001, b.Get("xnat-a").port);
  EXPECT_EQ(modalitiesA.entries, modalitiesB.entries); // both Orthancs have the entries
  EXPECT_EQ(2u, modalitiesB.entries.size());
  EXPECT_EQ(1, changes);
  const int putsBefore = modalitiesB.puts;
  a.Save(MakeReceiver("xnat-b", "XNATB", 1002));
  b.Refresh();
  EXPECT_EQ(putsBefore + 1, modalitiesB.puts); // only the Receiver that changed

  b.Remove("xnat-a");
  EXPECT_TRUE(a.Refresh().empty());
  EXPECT_THROW(a.Get("xnat-a"), NotFoundError);
  EXPECT_EQ(0u, modalitiesA.entries.count("xnat-a"));
  EXPECT_EQ(1u, modalitiesA.entries.count("xnat-b"));
  EXPECT_EQ(std::set<std::string>({"xnat-b"}), storeA.ListOwnedModalities());
}

TEST(PostgresStoreTest, OneOrthancClaimsATransferAndAnotherRecoversItAfterItsLease)
{
  const Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  Testing::FakeClock clock; // both Orthancs' time
  PostgresStore a(clock, parameters, "orthanc-a");
  PostgresStore b(clock, parameters, "orthanc-b");
  Transfer transfer;
  transfer.receiverId = "xnat-a";
  a.CreateTransfer(transfer, {"i0", "i1"});
  const int64_t now = clock.NowMs();
  Transfer onA = transfer;
  onA.Start(now);
  Transfer onB = transfer;
  onB.Start(now);
  EXPECT_TRUE(a.ClaimTransfer(onA));
  EXPECT_FALSE(b.ClaimTransfer(onB));              // never on two Orthancs at once
  EXPECT_TRUE(b.ListAbandoned(now, true).empty()); // A's, and A's lease holds
  EXPECT_TRUE(b.ListAbandoned(now, false).empty());
  clock.Advance(TransferStore::LEASE_MS + 1000); // A went away without a word
  const int64_t expired = clock.NowMs();
  std::vector<Transfer> abandoned = b.ListAbandoned(expired, false);
  ASSERT_EQ(1u, abandoned.size());
  abandoned[0].Recover();
  EXPECT_TRUE(b.RecoverAbandoned(abandoned[0], expired, false));
  EXPECT_FALSE(a.RecoverAbandoned(abandoned[0], expired, false)); // once only
  Transfer again = *b.FindTransfer(transfer.id);
  again.Start(expired);
  EXPECT_TRUE(b.ClaimTransfer(again));
  EXPECT_TRUE(a.ListAbandoned(now, true).empty()); // B's now, not A's
}

TEST(PostgresStoreTest, ThreadsAreTotalsAcrossOrthancs)
{
  const Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  PostgresStore storeA(SystemClock(), parameters, "orthanc-a");
  PostgresStore storeB(SystemClock(), parameters, "orthanc-b");
  Threads a(SystemClock()); // B waits in real time for A's release on another thread
  Threads b(SystemClock());
  a.SetShared(&storeA);
  b.SetShared(&storeB);
  EXPECT_TRUE(a.TryAcquire("xnat-a", 1, 0));
  EXPECT_FALSE(b.TryAcquire("xnat-a", 1, 0)); // A has the Receiver's one thread
  EXPECT_EQ(0u, b.Total());                   // and B counts nothing it did not take
  EXPECT_TRUE(b.TryAcquire("xnat-b", 1, 2));
  EXPECT_FALSE(a.TryAcquire("xnat-c", 1, 2)); // the total of 2 is across both
  // B waits for A's release, which only the database tells it of.
  std::thread release(
    [&a]
    {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      a.Release("xnat-a");
    });
  EXPECT_TRUE(b.Acquire("xnat-a", 1, 0, 5000));
  release.join();
  EXPECT_FALSE(a.Acquire("xnat-a", 1, 0, 300));
  // A crashed Orthanc's threads are free once their lease runs out, or at its next start.
  storeB.ForgetMyThreads();
  EXPECT_TRUE(a.TryAcquire("xnat-a", 1, 0));
}

TEST(PostgresStoreTest, ConcurrentTakesNeverExceedTheCap)
{
  const Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  std::vector<std::unique_ptr<PostgresStore>> stores;
  for (int i = 0; i < 4; i++)
  {
    stores.push_back(
      std::make_unique<PostgresStore>(SystemClock(), parameters, "orthanc-" + std::to_string(i)));
  }
  std::atomic<int> taken{0};
  std::vector<std::thread> takers;
  for (int i = 0; i < 4; i++)
  {
    takers.emplace_back(
      [&, i]
      {
        for (int j = 0; j < 5; j++)
        {
          if (stores[i]->TakeThread("xnat-a", 3, 0))
          {
            taken++;
          }
        }
      });
  }
  for (std::thread& taker : takers)
  {
    taker.join();
  }
  EXPECT_EQ(3, taken.load());
}

TEST(PostgresStoreTest, TwoOrthancsShareOneBandwidthTimeline)
{
  const Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  PostgresStore storeA(SystemClock(), parameters, "orthanc-a");
  PostgresStore storeB(SystemClock(), parameters, "orthanc-b");
  TokenBucket a;
  TokenBucket b;
  a.SetShared(&storeA, "Receiver:xnat-a");
  b.SetShared(&storeB, "Receiver:xnat-a");
  const int64_t t = 5'000'000;
  // 20 MB/s, 2 MB each: the second and third wait for the ones before, whoever sent them.
  EXPECT_EQ(0, a.Reserve(2'000'000, 20, t));
  EXPECT_EQ(100, b.Reserve(2'000'000, 20, t));
  EXPECT_EQ(200, a.Reserve(2'000'000, 20, t));
}

TEST(PostgresStoreTest, OnlyTheTransfersStillRunningHereAreRenewed)
{
  const Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  Testing::FakeClock clock;
  PostgresStore store(clock, parameters, "orthanc-a");
  Transfer running;
  Transfer dead;
  store.CreateTransfer(running, {"i0"});
  store.CreateTransfer(dead, {"j0"});
  for (Transfer* transfer : {&running, &dead})
  {
    transfer->Start(clock.NowMs());
    ASSERT_TRUE(store.ClaimTransfer(*transfer));
  }
  clock.Advance(TransferStore::LEASE_MS + 1000); // both leases ran out
  store.RenewLeases({running.id}); // its runner ended without a word, say the database was away
  const std::vector<Transfer> abandoned = store.ListAbandoned(clock.NowMs(), false);
  ASSERT_EQ(1u, abandoned.size());
  EXPECT_EQ(dead.id, abandoned[0].id);
}
