#pragma once

#include "Store/Sqlite.h"

namespace XnatDqr::SqliteSchema
{
  // The schema version this plugin writes (PRAGMA user_version).
  int Latest();
  int Current(Sql::Connection& db);

  // Brings an older file up to Latest(), one transaction per step; refuses a newer one
  // (std::runtime_error). Not thread-safe: call before the store is shared.
  void Migrate(Sqlite::Database& db);
} // namespace XnatDqr::SqliteSchema
