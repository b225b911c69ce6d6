#include "Store/SqliteStore.h"

#include "Core/JsonText.h"
#include "Store/SqliteSchema.h"

#include <filesystem>
#include <stdexcept>

namespace XnatDqr
{
  namespace
  {
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
    return SqliteSchema::Latest();
  }

  int SqliteStore::SchemaVersion()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return SqliteSchema::Current(db_);
  }

  void SqliteStore::Migrate()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    SqliteSchema::Migrate(db_);
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

  std::set<std::string> SqliteStore::ListOwnedModalitiesOf(const std::string& receiverId)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // An Id is a slug: no GLOB wildcard in it.
    Sqlite::Statement statement(db_, "SELECT name FROM owned_modalities WHERE name = ?1 OR "
                                     "name GLOB ?1 || '_caller-*'");
    statement.Bind(1, receiverId);
    std::set<std::string> names;
    while (statement.Step())
    {
      names.insert(statement.GetText(0));
    }
    return names;
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

namespace XnatDqr
{
  void SqliteStore::AppendAudit(AuditRecord& record)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Statement statement(db_, "INSERT INTO audit (time_ms, method, uri, remote_address, "
                                     "user, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)");
    statement.Bind(1, record.timeMs).Bind(2, record.method).Bind(3, record.uri);
    statement.Bind(4, record.remoteAddress).Bind(5, record.user);
    statement.Bind(6, JsonText::Write(record.before)).Bind(7, JsonText::Write(record.after));
    statement.Run();
    record.id = db_.LastInsertId();
  }

  std::vector<AuditRecord> SqliteStore::ListAudit(int64_t sinceMs, size_t limit)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sqlite::Statement statement(db_, "SELECT id, time_ms, method, uri, remote_address, user, "
                                     "before, after FROM audit WHERE time_ms >= ? "
                                     "ORDER BY id DESC LIMIT ?");
    statement.Bind(1, sinceMs).Bind(2, static_cast<int64_t>(limit));
    std::vector<AuditRecord> records;
    while (statement.Step())
    {
      AuditRecord record;
      record.id = statement.GetInteger(0);
      record.timeMs = statement.GetInteger(1);
      record.method = statement.GetText(2);
      record.uri = statement.GetText(3);
      record.remoteAddress = statement.GetText(4);
      record.user = statement.GetText(5);
      JsonText::TryParse(statement.GetText(6), record.before);
      JsonText::TryParse(statement.GetText(7), record.after);
      records.push_back(record);
    }
    return records;
  }
} // namespace XnatDqr
