#include "Store/SqliteStore.h"

#include "Core/JsonText.h"

#include <filesystem>
#include <stdexcept>

namespace XnatDqr
{
  namespace
  {
    // Append only: migration n takes the schema from version n to n + 1.
    const char* const MIGRATIONS[] = {
      // 1: the Receivers registry and the Orthanc modalities it owns.
      "CREATE TABLE receivers ("
      "  id TEXT PRIMARY KEY,"
      "  source TEXT NOT NULL,"
      "  definition TEXT NOT NULL,"
      "  modified TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
      "CREATE TABLE owned_modalities (name TEXT PRIMARY KEY);",
      // 2: Transfers; the filterable fields have columns, the rest is the JSON document.
      "CREATE TABLE transfers ("
      "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
      "  state TEXT NOT NULL,"
      "  receiver TEXT,"
      "  created_ms INTEGER NOT NULL,"
      "  document TEXT NOT NULL);"
      "CREATE INDEX transfers_by_created ON transfers (created_ms);",
      // 3: plugin settings (the global schedule), and the queue: what each Transfer sends.
      "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE transfer_instances ("
      "  transfer_id INTEGER NOT NULL,"
      "  position INTEGER NOT NULL,"
      "  instance_id TEXT NOT NULL,"
      "  PRIMARY KEY (transfer_id, position));",
      // 4: PacsAET, the AE Title a Receiver's XNAT calls the PACS by; NULL: none.
      "ALTER TABLE receivers ADD COLUMN pacs_aet TEXT;"
      "CREATE INDEX receivers_by_pacs_aet ON receivers (pacs_aet);",
    };

    Transfer ReadTransfer(const Sqlite::Statement& row)
    {
      Json::Value document;
      if (!JsonText::TryParse(row.GetText(1), document))
      {
        throw std::runtime_error("The store holds a Transfer that is not JSON");
      }
      Transfer transfer = Transfer::FromJson(document);
      transfer.id = row.GetInteger(0);
      transfer.createdMs = row.GetInteger(2);
      return transfer;
    }

    // Orthanc creates its IndexDirectory after the plugins start: make sure the folder exists.
    const std::string& WithFolder(const std::string& path)
    {
      const std::filesystem::path parent = std::filesystem::path(path).parent_path();
      if (!parent.empty())
      {
        std::filesystem::create_directories(parent);
      }
      return path;
    }

    Receiver ReadReceiver(const Sqlite::Statement& row)
    {
      const ReceiverSource source =
        row.GetText(0) == "Configuration" ? ReceiverSource::Configuration : ReceiverSource::Api;
      Json::Value definition;
      if (!JsonText::TryParse(row.GetText(1), definition))
      {
        throw std::runtime_error("The store holds a Receiver that is not JSON");
      }
      definition["PacsAET"] = row.IsNull(2) ? Json::Value() : Json::Value(row.GetText(2));
      return Receiver::FromJson(definition, "", "", source);
    }
  } // namespace

  SqliteStore::SqliteStore(const std::string& path) : db_(WithFolder(path))
  {
    Migrate();
  }

  int SqliteStore::LatestSchemaVersion()
  {
    return static_cast<int>(sizeof(MIGRATIONS) / sizeof(MIGRATIONS[0]));
  }

  int SqliteStore::SchemaVersion()
  {
    Sqlite::Statement statement(db_, "PRAGMA user_version");
    statement.Step();
    return static_cast<int>(statement.GetInteger(0));
  }

  void SqliteStore::Migrate()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const int current = SchemaVersion();
    if (current > LatestSchemaVersion())
    {
      throw std::runtime_error("The database was written by a newer version of the plugin "
                               "(schema " +
                               std::to_string(current) + ")");
    }
    for (int version = current; version < LatestSchemaVersion(); version++)
    {
      Sqlite::Transaction transaction(db_);
      db_.Execute(MIGRATIONS[version]);
      db_.Execute("PRAGMA user_version = " + std::to_string(version + 1));
      transaction.Commit();
    }
  }

  std::vector<Receiver> SqliteStore::ListReceivers()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Statement statement(db_,
                                "SELECT source, definition, pacs_aet FROM receivers ORDER BY id");
    std::vector<Receiver> receivers;
    while (statement.Step())
    {
      receivers.push_back(ReadReceiver(statement));
    }
    return receivers;
  }

  std::optional<Receiver> SqliteStore::FindReceiver(const std::string& id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Statement statement(db_,
                                "SELECT source, definition, pacs_aet FROM receivers WHERE id = ?");
    statement.Bind(1, id);
    if (!statement.Step())
    {
      return std::nullopt;
    }
    return ReadReceiver(statement);
  }

  void SqliteStore::SaveLocked(const Receiver& receiver)
  {
    Json::Value definition = receiver.ToJson();
    definition.removeMember("Source"); // these two are kept in their own columns
    definition.removeMember("PacsAET");
    Sqlite::Statement statement(db_, "INSERT OR REPLACE INTO receivers "
                                     "(id, source, definition, pacs_aet) VALUES (?, ?, ?, ?)");
    statement.Bind(1, receiver.id).Bind(2, ToString(receiver.source));
    statement.Bind(3, JsonText::Write(definition));
    receiver.pacsAet.empty() ? statement.BindNull(4) : statement.Bind(4, receiver.pacsAet);
    statement.Run();
  }

  void SqliteStore::SaveReceiver(const Receiver& receiver)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Transaction transaction(db_);
    SaveLocked(receiver);
    transaction.Commit();
  }

  void SqliteStore::DeleteReceiver(const std::string& id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Transaction transaction(db_);
    Sqlite::Statement(db_, "DELETE FROM receivers WHERE id = ?").Bind(1, id).Run();
    transaction.Commit();
  }

  void SqliteStore::ReplaceConfigurationReceivers(const std::vector<Receiver>& receivers)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Transaction transaction(db_);
    Sqlite::Statement(db_, "DELETE FROM receivers WHERE source = 'Configuration'").Run();
    for (const Receiver& receiver : receivers)
    {
      SaveLocked(receiver);
    }
    transaction.Commit();
  }

  std::set<std::string> SqliteStore::ListOwnedModalities()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Statement statement(db_, "SELECT name FROM owned_modalities");
    std::set<std::string> names;
    while (statement.Step())
    {
      names.insert(statement.GetText(0));
    }
    return names;
  }

  void SqliteStore::ForEachName(const char* sql, const std::set<std::string>& names)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Transaction transaction(db_);
    Sqlite::Statement statement(db_, sql);
    for (const std::string& name : names)
    {
      statement.Bind(1, name).Run();
      statement.Reset();
    }
    transaction.Commit();
  }

  void SqliteStore::AddOwnedModalities(const std::set<std::string>& names)
  {
    ForEachName("INSERT OR IGNORE INTO owned_modalities (name) VALUES (?)", names);
  }

  void SqliteStore::ForgetOwnedModalities(const std::set<std::string>& names)
  {
    ForEachName("DELETE FROM owned_modalities WHERE name = ?", names);
  }
} // namespace XnatDqr

namespace XnatDqr
{
  void SqliteStore::CreateTransfer(Transfer& transfer, const std::vector<std::string>& instanceIds)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Transaction transaction(db_);
    Sqlite::Statement statement(db_, "INSERT INTO transfers (state, receiver, created_ms, "
                                     "document) VALUES (?, ?, ?, ?)");
    statement.Bind(1, ToString(transfer.State())).Bind(2, transfer.receiverId);
    statement.Bind(3, transfer.createdMs).Bind(4, JsonText::Write(transfer.ToJson())).Run();
    transfer.id = db_.LastInsertId();
    Sqlite::Statement instance(db_, "INSERT INTO transfer_instances (transfer_id, position, "
                                    "instance_id) VALUES (?, ?, ?)");
    for (size_t position = 0; position < instanceIds.size(); position++)
    {
      instance.Bind(1, transfer.id).Bind(2, static_cast<int64_t>(position));
      instance.Bind(3, instanceIds[position]).Run();
      instance.Reset();
    }
    transaction.Commit();
  }

  std::vector<std::string> SqliteStore::ListTransferInstances(int64_t id, uint64_t fromPosition)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Statement statement(db_, "SELECT instance_id FROM transfer_instances WHERE "
                                     "transfer_id = ? AND position >= ? ORDER BY position");
    statement.Bind(1, id).Bind(2, static_cast<int64_t>(fromPosition));
    std::vector<std::string> ids;
    while (statement.Step())
    {
      ids.push_back(statement.GetText(0));
    }
    return ids;
  }

  std::vector<Transfer> SqliteStore::ListActiveTransfers()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Statement statement(db_, "SELECT id, document, created_ms FROM transfers WHERE "
                                     "state IN ('Queued', 'Running', 'Paused') ORDER BY id");
    std::vector<Transfer> transfers;
    while (statement.Step())
    {
      transfers.push_back(ReadTransfer(statement));
    }
    return transfers;
  }

  void SqliteStore::UpdateTransfer(const Transfer& transfer)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Transaction transaction(db_);
    Sqlite::Statement statement(db_, "UPDATE transfers SET state = ?, receiver = ?, document = ? "
                                     "WHERE id = ?");
    statement.Bind(1, ToString(transfer.State())).Bind(2, transfer.receiverId);
    statement.Bind(3, JsonText::Write(transfer.ToJson())).Bind(4, transfer.id).Run();
    transaction.Commit();
  }

  std::optional<Transfer> SqliteStore::FindTransfer(int64_t id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Statement statement(db_, "SELECT id, document, created_ms FROM transfers "
                                     "WHERE id = ?");
    statement.Bind(1, id);
    if (!statement.Step())
    {
      return std::nullopt;
    }
    return ReadTransfer(statement);
  }

  std::vector<Transfer> SqliteStore::ListTransfers(const TransferFilter& filter)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string sql = "SELECT id, document, created_ms FROM transfers WHERE created_ms >= ?";
    if (!filter.receiverId.empty())
    {
      sql += " AND receiver = ?";
    }
    if (filter.state)
    {
      sql += " AND state = ?";
    }
    sql += " ORDER BY id DESC LIMIT ?";
    Sqlite::Statement statement(db_, sql);
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
    std::vector<Transfer> transfers;
    while (statement.Step())
    {
      transfers.push_back(ReadTransfer(statement));
    }
    return transfers;
  }

  size_t SqliteStore::CountTransfers()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Statement statement(db_, "SELECT COUNT(*) FROM transfers");
    statement.Step();
    return static_cast<size_t>(statement.GetInteger(0));
  }
} // namespace XnatDqr

namespace XnatDqr
{
  std::optional<std::string> SqliteStore::GetSetting(const std::string& key)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Statement statement(db_, "SELECT value FROM settings WHERE key = ?");
    statement.Bind(1, key);
    if (!statement.Step())
    {
      return std::nullopt;
    }
    return statement.GetText(0);
  }

  void SqliteStore::SetSetting(const std::string& key, const std::string& value)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Transaction transaction(db_);
    Sqlite::Statement(db_, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)")
      .Bind(1, key)
      .Bind(2, value)
      .Run();
    transaction.Commit();
  }

  void SqliteStore::DeleteSetting(const std::string& key)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Transaction transaction(db_);
    Sqlite::Statement(db_, "DELETE FROM settings WHERE key = ?").Bind(1, key).Run();
    transaction.Commit();
  }
} // namespace XnatDqr
