#include "Store/SqlStore.h"

#include "Core/Common/JsonText.h"
#include <stdexcept>

namespace XnatDqr
{
  namespace
  {
    Receiver ReadReceiver(const Sql::Statement& row)
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

  SqlStore::SqlStore(Clock& clock, std::unique_ptr<Sql::Connection> connection, std::string orthanc)
      : connection_(std::move(connection)), db_(*connection_), orthanc_(std::move(orthanc)),
        clock_(clock)
  {
  }

  std::vector<Receiver> SqlStore::ListReceivers()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, "SELECT source, definition, pacs_aet FROM receivers ORDER BY id");
    std::vector<Receiver> receivers;
    while (statement.Step())
    {
      receivers.push_back(ReadReceiver(statement));
    }
    return receivers;
  }

  std::optional<Receiver> SqlStore::FindReceiver(const std::string& id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_,
                             "SELECT source, definition, pacs_aet FROM receivers WHERE id = ?");
    statement.Bind(1, id);
    if (!statement.Step())
    {
      return std::nullopt;
    }
    return ReadReceiver(statement);
  }

  void SqlStore::SaveLocked(const Receiver& receiver)
  {
    Json::Value definition = receiver.ToJson();
    definition.removeMember("Source"); // these two are kept in their own columns
    definition.removeMember("PacsAET");
    Sql::Statement statement(db_, "INSERT INTO receivers (id, source, definition, pacs_aet) "
                                  "VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                                  "source = excluded.source, definition = excluded.definition, "
                                  "pacs_aet = excluded.pacs_aet");
    statement.Bind(1, receiver.id).Bind(2, ToString(receiver.source));
    statement.Bind(3, JsonText::Write(definition));
    receiver.pacsAet.empty() ? statement.BindNull(4) : statement.Bind(4, receiver.pacsAet);
    statement.Run();
  }

  void SqlStore::BumpRegistryVersion()
  {
    Sql::Statement(db_, "INSERT INTO settings (key, value) VALUES ('RegistryVersion', '1') "
                        "ON CONFLICT (key) DO UPDATE SET value = "
                        "CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT)")
      .Run();
  }

  int64_t SqlStore::RegistryVersion()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, "SELECT value FROM settings WHERE key = 'RegistryVersion'");
    return statement.Step() ? std::stoll(statement.GetText(0)) : 0;
  }

  void SqlStore::SaveReceiver(const Receiver& receiver)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Transaction transaction(db_);
    SaveLocked(receiver);
    BumpRegistryVersion();
    transaction.Commit();
  }

  void SqlStore::DeleteReceiver(const std::string& id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Transaction transaction(db_);
    Sql::Statement(db_, "DELETE FROM receivers WHERE id = ?").Bind(1, id).Run();
    BumpRegistryVersion();
    transaction.Commit();
  }

  void SqlStore::ReplaceConfigurationReceivers(const std::vector<Receiver>& receivers)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Transaction transaction(db_);
    Sql::Statement(db_, "DELETE FROM receivers WHERE source = 'Configuration'").Run();
    for (const Receiver& receiver : receivers)
    {
      SaveLocked(receiver);
    }
    BumpRegistryVersion();
    transaction.Commit();
  }

  std::set<std::string> SqlStore::ListOwnedModalitiesOf(const std::string& receiverId)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // "<Id>" and "<Id>_caller-<n>", compared as text: no pattern syntax to escape.
    const std::string prefix = receiverId + "_caller-";
    Sql::Statement statement(db_, "SELECT name FROM owned_modalities WHERE orthanc = ? AND "
                                  "(name = ? OR substr(name, 1, ?) = ?)");
    statement.Bind(1, orthanc_).Bind(2, receiverId);
    statement.Bind(3, static_cast<int64_t>(prefix.size())).Bind(4, prefix);
    std::set<std::string> names;
    while (statement.Step())
    {
      names.insert(statement.GetText(0));
    }
    return names;
  }

  std::set<std::string> SqlStore::ListOwnedModalities()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, "SELECT name FROM owned_modalities WHERE orthanc = ?");
    statement.Bind(1, orthanc_);
    std::set<std::string> names;
    while (statement.Step())
    {
      names.insert(statement.GetText(0));
    }
    return names;
  }

  void SqlStore::ForEachName(const char* sql, const std::set<std::string>& names)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Transaction transaction(db_);
    Sql::Statement statement(db_, sql);
    for (const std::string& name : names)
    {
      statement.Bind(1, orthanc_).Bind(2, name).Run();
      statement.Reset();
    }
    transaction.Commit();
  }

  void SqlStore::AddOwnedModalities(const std::set<std::string>& names)
  {
    ForEachName("INSERT INTO owned_modalities (orthanc, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
                names);
  }

  void SqlStore::ForgetOwnedModalities(const std::set<std::string>& names)
  {
    ForEachName("DELETE FROM owned_modalities WHERE orthanc = ? AND name = ?", names);
  }
} // namespace XnatDqr

namespace XnatDqr
{
  std::optional<std::string> SqlStore::GetSetting(const std::string& key)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, "SELECT value FROM settings WHERE key = ?");
    statement.Bind(1, key);
    if (!statement.Step())
    {
      return std::nullopt;
    }
    return statement.GetText(0);
  }

  void SqlStore::SetSetting(const std::string& key, const std::string& value)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Transaction transaction(db_);
    Sql::Statement(db_, "INSERT INTO settings (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .Bind(1, key)
      .Bind(2, value)
      .Run();
    transaction.Commit();
  }

  void SqlStore::DeleteSetting(const std::string& key)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Transaction transaction(db_);
    Sql::Statement(db_, "DELETE FROM settings WHERE key = ?").Bind(1, key).Run();
    transaction.Commit();
  }
} // namespace XnatDqr

namespace XnatDqr
{
  void SqlStore::AppendAudit(AuditRecord& record)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, "INSERT INTO audit (time_ms, method, uri, remote_address, "
                                  "\"user\", before, after) VALUES (?, ?, ?, ?, ?, ?, ?) "
                                  "RETURNING id");
    statement.Bind(1, record.timeMs).Bind(2, record.method).Bind(3, record.uri);
    statement.Bind(4, record.remoteAddress).Bind(5, record.user);
    statement.Bind(6, JsonText::Write(record.before)).Bind(7, JsonText::Write(record.after));
    statement.Step();
    record.id = statement.GetInteger(0);
    statement.Run();
  }

  std::vector<AuditRecord> SqlStore::ListAudit(int64_t sinceMs, size_t limit)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Sql::Statement statement(db_, "SELECT id, time_ms, method, uri, remote_address, \"user\", "
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
