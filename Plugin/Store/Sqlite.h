#pragma once

#include "Store/Sql.h"

#include <cstdint>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

// Our RAII layer over SQLite's C API: one connection, prepared statements, transactions.
namespace XnatDqr::Sqlite
{
  class Database : public Sql::Connection
  {
  public:
    explicit Database(const std::string& path); // creates the file if needed; WAL mode
    ~Database() override;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void Execute(const std::string& sql) override; // one or more statements
    std::unique_ptr<Sql::Cursor> Prepare(const std::string& sql) override;
    void Begin() override; // BEGIN IMMEDIATE: the write lock at once, not at the first write
    void LockKey(int64_t) override {}
    void Commit() override;
    void Rollback() noexcept override;
    sqlite3* Handle() { return db_; }

  private:
    sqlite3* db_ = nullptr;
  };
} // namespace XnatDqr::Sqlite
