#include "Core/Errors.h"
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
  PostgresStore a(parameters);
  PostgresStore b(parameters); // migrated already: opens as it is
  EXPECT_EQ(PostgresStore::LatestSchemaVersion(), b.SchemaVersion());
  a.SaveReceiver(MakeReceiver("xnat-a", "XNATA", 1001));
  ASSERT_TRUE(b.FindReceiver("xnat-a"));
  b.DeleteReceiver("xnat-a");
  EXPECT_FALSE(a.FindReceiver("xnat-a"));
  Transfer transfer;
  a.CreateTransfer(transfer, {"i0"});
  EXPECT_EQ(transfer.id, b.FindTransfer(transfer.id)->id);
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
          PostgresStore store(parameters);
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
  EXPECT_EQ(PostgresStore::LatestSchemaVersion(), PostgresStore(parameters).SchemaVersion());
}

TEST(PostgresStoreTest, RefusesADatabaseFromANewerPlugin)
{
  const Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  {
    PostgresStore store(parameters);
  }
  Postgres::Database db(parameters);
  db.Execute("UPDATE xnat_dqr.schema_version SET version = 999");
  EXPECT_THROW(PostgresStore store(parameters), std::runtime_error);
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
  EXPECT_THROW(PostgresStore store(parameters), UnavailableError);
}

TEST(PostgresStoreTest, ALostConnectionIsUnavailableThenOpensAgain)
{
  const Testing::PostgresParameters parameters = Testing::FreshPostgresDatabase();
  PostgresStore store(parameters);
  store.SaveReceiver(MakeReceiver("xnat-a", "XNATA", 1001));
  Testing::AsPostgresAdmin(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
    DatabaseOf(parameters) + "' AND pid <> pg_backend_pid()");
  EXPECT_THROW(store.SaveReceiver(MakeReceiver("xnat-b", "XNATB", 1002)), UnavailableError);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::optional<std::vector<Receiver>> receivers;
  while (!receivers && std::chrono::steady_clock::now() < deadline)
  {
    try
    {
      receivers = store.ListReceivers();
    }
    catch (const UnavailableError&)
    {
      std::this_thread::sleep_for(std::chrono::milliseconds(50)); // the backoff runs out
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
