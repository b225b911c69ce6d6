#include "Store/SqliteStore.h"

#include "Store/Sqlite.h"
#include "Store/SqliteSchema.h"

#include <filesystem>

namespace XnatDqr
{
  namespace
  {
    // Orthanc creates its IndexDirectory after the plugins start: make sure the folder exists.
    std::unique_ptr<Sql::Connection> Open(const std::string& path)
    {
      const std::filesystem::path parent = std::filesystem::path(path).parent_path();
      if (!parent.empty())
      {
        std::filesystem::create_directories(parent);
      }
      auto db = std::make_unique<Sqlite::Database>(path);
      SqliteSchema::Migrate(*db);
      return db;
    }
  } // namespace

  SqliteStore::SqliteStore(Clock& clock, const std::string& path) : SqlStore(clock, Open(path), "")
  {
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
} // namespace XnatDqr
