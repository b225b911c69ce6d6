#pragma once

#include "Store/SqlStore.h"

#include <string>

namespace XnatDqr
{
  // The plugin's own SQLite file (default: xnat-dqr.db in Orthanc's IndexDirectory), WAL mode,
  // schema versioned with PRAGMA user_version and migrated at open. ":memory:" for tests.
  class SqliteStore : public SqlStore
  {
  public:
    SqliteStore(Clock& clock, const std::string& path);

    int SchemaVersion();
    static int LatestSchemaVersion();
  };
} // namespace XnatDqr
