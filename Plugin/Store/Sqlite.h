#pragma once

#include <cstdint>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

// Our RAII layer over SQLite's C API: one connection, prepared statements, transactions.
namespace XnatDqr::Sqlite
{
  class Database
  {
  public:
    explicit Database(const std::string& path); // creates the file if needed; WAL mode
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void Execute(const std::string& sql); // one or more statements without parameters
    sqlite3* Handle() { return db_; }
    int64_t LastInsertId() const;

  private:
    sqlite3* db_ = nullptr;
  };

  class Statement
  {
  public:
    Statement(Database& database, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& Bind(int index, const std::string& value); // 1-based, as SQLite
    Statement& Bind(int index, int64_t value);
    Statement& BindNull(int index);
    bool Step(); // true while a row is available
    void Run();  // steps to completion
    void Reset();

    std::string GetText(int column) const;
    int64_t GetInteger(int column) const;
    bool IsNull(int column) const;

  private:
    Database& database_;
    sqlite3_stmt* statement_ = nullptr;
  };

  // BEGIN IMMEDIATE ... COMMIT; rolled back when destroyed uncommitted (an exception).
  class Transaction
  {
  public:
    explicit Transaction(Database& database);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void Commit();

  private:
    Database& database_;
    bool done_ = false;
  };
} // namespace XnatDqr::Sqlite
