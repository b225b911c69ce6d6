#include "Fixtures.h"
#include "Store/Sqlite.h"
#include "Store/SqliteStore.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace XnatDqr;
using XnatDqr::Testing::MakeReceiver;

namespace
{
  class SqliteStoreTest : public ::testing::Test
  {
  protected:
    void SetUp() override
    {
      folder_ = std::filesystem::temp_directory_path() /
                ("xnat-dqr-store-" + std::to_string(getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
      std::filesystem::remove_all(folder_);
    }

    void TearDown() override { std::filesystem::remove_all(folder_); }

    std::string Path() const { return (folder_ / "sub" / "xnat-dqr.db").string(); }

    std::filesystem::path folder_;
  };
} // namespace

TEST_F(SqliteStoreTest, CreatesTheFolderAndMigratesToTheLatestSchema)
{
  SqliteStore store(SystemClock(), Path());
  EXPECT_EQ(SqliteStore::LatestSchemaVersion(), store.SchemaVersion());
  EXPECT_TRUE(std::filesystem::exists(Path()));
}

TEST_F(SqliteStoreTest, ReceiversSurviveReopening)
{
  {
    SqliteStore store(SystemClock(), Path());
    store.SaveReceiver(MakeReceiver("b", "XNATB", 1002, {"X"}));
    store.SaveReceiver(MakeReceiver("a", "XNATA", 1001));
  }
  SqliteStore store(SystemClock(), Path());
  const std::vector<Receiver> receivers = store.ListReceivers();
  ASSERT_EQ(2u, receivers.size());
  EXPECT_EQ("a", receivers[0].id);
  EXPECT_EQ(MakeReceiver("b", "XNATB", 1002, {"X"}).ToJson(), receivers[1].ToJson());
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerPlugin)
{
  {
    SqliteStore store(SystemClock(), Path());
  }
  {
    Sqlite::Database db(Path());
    db.Execute("PRAGMA user_version = 999");
  }
  EXPECT_THROW(SqliteStore store(SystemClock(), Path()), std::runtime_error);
}

TEST_F(SqliteStoreTest, PacsAetSurvivesReopening)
{
  Receiver receiver = MakeReceiver("a", "XNAT", 1001);
  receiver.pacsAet = "PACSA";
  {
    SqliteStore store(SystemClock(), Path());
    store.SaveReceiver(receiver);
    store.SaveReceiver(MakeReceiver("b", "XNAT", 1002, {"XNATB"}));
  }
  SqliteStore store(SystemClock(), Path());
  EXPECT_EQ(receiver.ToJson(), store.FindReceiver("a")->ToJson());
  EXPECT_EQ("", store.FindReceiver("b")->pacsAet);
}

TEST_F(SqliteStoreTest, ASchema3DatabaseGainsPacsAetAndKeepsItsReceivers)
{
  // Schema 3 as the plugin before PacsAET wrote it: tables and one row, byte for byte.
  std::filesystem::create_directories(std::filesystem::path(Path()).parent_path());
  {
    Sqlite::Database db(Path());
    db.Execute("CREATE TABLE receivers (id TEXT PRIMARY KEY, source TEXT NOT NULL,"
               " definition TEXT NOT NULL, modified TEXT NOT NULL DEFAULT"
               " (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
               "CREATE TABLE owned_modalities (name TEXT PRIMARY KEY);"
               "CREATE TABLE transfers (id INTEGER PRIMARY KEY AUTOINCREMENT, state TEXT NOT NULL,"
               " receiver TEXT, created_ms INTEGER NOT NULL, document TEXT NOT NULL);"
               "CREATE INDEX transfers_by_created ON transfers (created_ms);"
               "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
               "CREATE TABLE transfer_instances (transfer_id INTEGER NOT NULL,"
               " position INTEGER NOT NULL, instance_id TEXT NOT NULL,"
               " PRIMARY KEY (transfer_id, position));"
               "INSERT INTO receivers (id, source, definition) VALUES ('xnat-a', 'Api', "
               "'{\"AET\":\"XNAT\",\"CallingAETs\":[\"XNATA\"],\"Enabled\":true,"
               "\"Host\":\"127.0.0.1\",\"Id\":\"xnat-a\",\"Label\":\"A\",\"OutsideWindow\":"
               "\"Queue\",\"Port\":1001,\"Queryable\":true,\"Schedule\":null,\"Storable\":false,"
               "\"Timeout\":10}');"
               "PRAGMA user_version = 3;");
  }
  SqliteStore store(SystemClock(), Path());
  EXPECT_EQ(SqliteStore::LatestSchemaVersion(), store.SchemaVersion());
  Receiver expected = MakeReceiver("xnat-a", "XNAT", 1001, {"XNATA"});
  expected.label = "A";
  EXPECT_EQ(expected.ToJson(), store.FindReceiver("xnat-a")->ToJson());
  expected.pacsAet = "PACSA";
  store.SaveReceiver(expected);
  EXPECT_EQ("PACSA", store.ListReceivers().at(0).pacsAet);
}

TEST_F(SqliteStoreTest, ASchema6DatabaseGainsTheStudyColumnAndKeepsItsTransfers)
{
  Transfer described;
  described.receiverId = "a";
  described.createdMs = 1000;
  described.study = Json::Value(Json::objectValue);
  described.study["PatientName"] = "Doe^Jane";
  {
    SqliteStore store(SystemClock(), Path());
    Transfer plain;
    plain.receiverId = "a";
    plain.createdMs = 500;
    store.CreateTransfer(plain, {"i1"});
  }
  {
    // Back to schema 6 as the plugin before Study wrote it: no study column, no history, no
    // leases, no caller's address.
    Sqlite::Database db(Path());
    db.Execute("DROP TABLE history; DROP TABLE thread_leases; DROP TABLE bandwidth; "
               "ALTER TABLE transfers DROP COLUMN study; "
               "ALTER TABLE transfers DROP COLUMN owner; "
               "ALTER TABLE transfers DROP COLUMN lease_until_ms; "
               "ALTER TABLE transfers DROP COLUMN calling_address; PRAGMA user_version = 6");
  }
  SqliteStore store(SystemClock(), Path());
  const std::optional<Transfer> old = store.FindTransfer(1);
  ASSERT_TRUE(old);
  EXPECT_TRUE(old->study.isNull());
  EXPECT_EQ(std::vector<std::string>{"i1"}, store.ListTransferInstances(1, 0));
  store.CreateTransfer(described, {});
  EXPECT_EQ("Doe^Jane", store.FindTransfer(described.id)->study["PatientName"].asString());
}
