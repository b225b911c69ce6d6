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
    };

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
    Sqlite::Statement statement(db_, "SELECT source, definition FROM receivers ORDER BY id");
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
    Sqlite::Statement statement(db_, "SELECT source, definition FROM receivers WHERE id = ?");
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
    definition.removeMember("Source"); // kept in its own column
    Sqlite::Statement statement(db_, "INSERT OR REPLACE INTO receivers (id, source, definition) "
                                     "VALUES (?, ?, ?)");
    statement.Bind(1, receiver.id).Bind(2, ToString(receiver.source));
    statement.Bind(3, JsonText::Write(definition)).Run();
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

  void SqliteStore::AddOwnedModalities(const std::set<std::string>& names)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Transaction transaction(db_);
    Sqlite::Statement statement(db_, "INSERT OR IGNORE INTO owned_modalities (name) VALUES (?)");
    for (const std::string& name : names)
    {
      statement.Bind(1, name).Run();
      statement.Reset();
    }
    transaction.Commit();
  }

  void SqliteStore::ForgetOwnedModalities(const std::set<std::string>& names)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Transaction transaction(db_);
    Sqlite::Statement statement(db_, "DELETE FROM owned_modalities WHERE name = ?");
    for (const std::string& name : names)
    {
      statement.Bind(1, name).Run();
      statement.Reset();
    }
    transaction.Commit();
  }
} // namespace XnatDqr
