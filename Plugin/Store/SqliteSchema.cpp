#include "Store/SqliteSchema.h"

#include "Core/Common/JsonText.h"
#include "Core/Transfers/Transfer.h"
#include "Store/SqlTransferRows.h"

#include <stdexcept>

namespace XnatDqr::SqliteSchema
{
  namespace
  {
    // Schema 4 kept each Transfer as its REST document; schema 5 has typed columns.
    void CopyTransferDocuments(Sqlite::Database& db)
    {
      Sql::Statement read(db, "SELECT id, document, created_ms FROM transfers ORDER BY id");
      Sql::Statement write(db, SqlTransferRows::INSERT_WITH_ID);
      while (read.Step())
      {
        Json::Value document;
        if (!JsonText::TryParse(read.GetText(1), document))
        {
          throw std::runtime_error("The store holds a Transfer that is not JSON");
        }
        Transfer transfer = Transfer::FromJson(document);
        transfer.id = read.GetInteger(0);
        transfer.createdMs = read.GetInteger(2);
        SqlTransferRows::Bind(write, transfer, true);
        write.Run();
        write.Reset();
      }
    }

    // Schema 7: what each Transfer sends, in words (patient, accession...). Databases that came
    // through migration 5 after this column joined its table have it already.
    void AddStudyColumn(Sqlite::Database& db)
    {
      Sql::Statement columns(db, "PRAGMA table_info(transfers)");
      while (columns.Step())
      {
        if (columns.GetText(1) == "study")
        {
          return;
        }
      }
      db.Execute("ALTER TABLE transfers ADD COLUMN study TEXT NOT NULL DEFAULT 'null'");
    }

    struct Migration
    {
      const char* sql;
      void (*code)(Sqlite::Database&); // after sql, may be null
      const char* after;               // after code, may be null
    };

    // Append only: migration n takes the schema from version n to n + 1.
    const Migration MIGRATIONS[] = {
      // 1: the Receivers registry and the Orthanc modalities it owns.
      {"CREATE TABLE receivers ("
       "  id TEXT PRIMARY KEY,"
       "  source TEXT NOT NULL,"
       "  definition TEXT NOT NULL,"
       "  modified TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
       "CREATE TABLE owned_modalities (name TEXT PRIMARY KEY);",
       nullptr, nullptr},
      // 2: Transfers; the filterable fields have columns, the rest is the JSON document.
      {"CREATE TABLE transfers ("
       "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
       "  state TEXT NOT NULL,"
       "  receiver TEXT,"
       "  created_ms INTEGER NOT NULL,"
       "  document TEXT NOT NULL);"
       "CREATE INDEX transfers_by_created ON transfers (created_ms);",
       nullptr, nullptr},
      // 3: plugin settings (the global schedule), and the queue: what each Transfer sends.
      {"CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
       "CREATE TABLE transfer_instances ("
       "  transfer_id INTEGER NOT NULL,"
       "  position INTEGER NOT NULL,"
       "  instance_id TEXT NOT NULL,"
       "  PRIMARY KEY (transfer_id, position));",
       nullptr, nullptr},
      // 4: PacsAET, the AE Title a Receiver's XNAT calls the PACS by; NULL: none.
      {"ALTER TABLE receivers ADD COLUMN pacs_aet TEXT;"
       "CREATE INDEX receivers_by_pacs_aet ON receivers (pacs_aet);",
       nullptr, nullptr},
      // 5: Transfers in typed columns (epoch milliseconds, integers), not the REST document.
      {SqlTransferRows::CREATE_TABLE, CopyTransferDocuments,
       "DROP TABLE transfers;"
       "ALTER TABLE transfers_typed RENAME TO transfers;"
       "CREATE INDEX transfers_by_created ON transfers (created_ms);"
       "CREATE INDEX transfers_queue ON transfers (state, receiver, priority DESC, id);"},
      // 6: the audit trail of changes made through REST; append only.
      {"CREATE TABLE audit ("
       "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
       "  time_ms INTEGER NOT NULL,"
       "  method TEXT NOT NULL,"
       "  uri TEXT NOT NULL,"
       "  remote_address TEXT NOT NULL,"
       "  user TEXT NOT NULL,"
       "  before TEXT NOT NULL,"
       "  after TEXT NOT NULL);"
       "CREATE INDEX audit_by_time ON audit (time_ms);",
       nullptr, nullptr},
      // 7: the study a Transfer sends (patient, accession, description, modalities).
      {"", AddStudyColumn, nullptr},
      // 8: the history, per Receiver and minute (kept 48 h) or hour (kept 30 days).
      {"CREATE TABLE history ("
       "  receiver TEXT NOT NULL,"
       "  resolution_ms INTEGER NOT NULL,"
       "  start_ms INTEGER NOT NULL,"
       "  bytes INTEGER NOT NULL,"
       "  instances INTEGER NOT NULL,"
       "  failures INTEGER NOT NULL,"
       "  queued INTEGER NOT NULL,"
       "  PRIMARY KEY (receiver, resolution_ms, start_ms)) WITHOUT ROWID;"
       "CREATE INDEX history_by_start ON history (resolution_ms, start_ms);",
       nullptr, nullptr},
      // 9: owned modalities per Orthanc, as on a database that several Orthancs share ("":
      // this file's one).
      {"CREATE TABLE owned_modalities_9 (orthanc TEXT NOT NULL, name TEXT NOT NULL,"
       "  PRIMARY KEY (orthanc, name));"
       "INSERT INTO owned_modalities_9 (orthanc, name) SELECT '', name FROM owned_modalities;"
       "DROP TABLE owned_modalities;"
       "ALTER TABLE owned_modalities_9 RENAME TO owned_modalities;",
       nullptr, nullptr},
      // 10: which Orthanc runs a Running Transfer, and until when its lease holds.
      {"ALTER TABLE transfers ADD COLUMN owner TEXT NOT NULL DEFAULT '';"
       "ALTER TABLE transfers ADD COLUMN lease_until_ms INTEGER NOT NULL DEFAULT 0;",
       nullptr, nullptr},
      // 11: threads taken, leased, so that several Orthancs sharing a database count them all.
      {"CREATE TABLE thread_leases (token INTEGER PRIMARY KEY AUTOINCREMENT,"
       "  orthanc TEXT NOT NULL, receiver TEXT NOT NULL, lease_until_ms INTEGER NOT NULL);",
       nullptr, nullptr},
      // 12: bandwidth timelines (when each is free again), shared by the Orthancs on a database.
      {"CREATE TABLE bandwidth (key TEXT PRIMARY KEY, next_free_us INTEGER NOT NULL);", nullptr,
       nullptr},
      // 13: the caller's IP address of a C-MOVE, where Orthanc gives it ("": not known).
      {"ALTER TABLE transfers ADD COLUMN calling_address TEXT NOT NULL DEFAULT '';", nullptr,
       nullptr},
    };
  } // namespace

  int Latest()
  {
    return static_cast<int>(sizeof(MIGRATIONS) / sizeof(MIGRATIONS[0]));
  }

  int Current(Sql::Connection& db)
  {
    Sql::Statement statement(db, "PRAGMA user_version");
    statement.Step();
    return static_cast<int>(statement.GetInteger(0));
  }

  void Migrate(Sqlite::Database& db)
  {
    const int current = Current(db);
    if (current > Latest())
    {
      throw std::runtime_error("The database was written by a newer version of the plugin "
                               "(schema " +
                               std::to_string(current) + ")");
    }
    for (int version = current; version < Latest(); version++)
    {
      const Migration& migration = MIGRATIONS[version];
      Sql::Transaction transaction(db);
      db.Execute(migration.sql);
      if (migration.code != nullptr)
      {
        migration.code(db);
      }
      if (migration.after != nullptr)
      {
        db.Execute(migration.after);
      }
      db.Execute("PRAGMA user_version = " + std::to_string(version + 1));
      transaction.Commit();
    }
  }
} // namespace XnatDqr::SqliteSchema
