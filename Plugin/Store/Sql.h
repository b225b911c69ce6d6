#pragma once

#include <cstdint>
#include <memory>
#include <string>

// What the store needs of a SQL database, whatever the server: statements with positional
// parameters written `?`, rows read by column, transactions. SQLite (Store/Sqlite) and
// PostgreSQL (Store/Postgres) implement it; the store's SQL is written once, in the dialect
// both accept (INSERT ... ON CONFLICT, RETURNING, CASE rather than scalar max()).
namespace XnatDqr::Sql
{
  // One prepared statement, by backend. Parameters are 1-based.
  class Cursor
  {
  public:
    virtual ~Cursor() = default;
    virtual void Bind(int index, const std::string& value) = 0;
    virtual void Bind(int index, int64_t value) = 0;
    virtual void BindNull(int index) = 0;
    virtual bool Step() = 0;  // executes on the first call; true while a row is available
    virtual void Reset() = 0; // ready to run again, bindings cleared
    virtual std::string GetText(int column) const = 0;
    virtual int64_t GetInteger(int column) const = 0;
    virtual bool IsNull(int column) const = 0;
  };

  class Connection
  {
  public:
    virtual ~Connection() = default;
    virtual void Execute(const std::string& sql) = 0; // statements without parameters
    virtual std::unique_ptr<Cursor> Prepare(const std::string& sql) = 0;
    virtual void Begin() = 0; // a transaction that writes
    // Inside a transaction: waits until no other connection holds this key's lock, and holds it
    // to the end of the transaction (SQLite's write transaction holds every key already).
    virtual void LockKey(int64_t key) = 0;
    virtual void Commit() = 0;
    virtual void Rollback() noexcept = 0;
  };

  class Statement
  {
  public:
    Statement(Connection& connection, const std::string& sql) : cursor_(connection.Prepare(sql)) {}

    Statement& Bind(int index, const std::string& value)
    {
      cursor_->Bind(index, value);
      return *this;
    }
    Statement& Bind(int index, int64_t value)
    {
      cursor_->Bind(index, value);
      return *this;
    }
    Statement& BindNull(int index)
    {
      cursor_->BindNull(index);
      return *this;
    }
    bool Step() { return cursor_->Step(); }
    void Run()
    {
      while (Step())
      {
      }
    }
    void Reset() { cursor_->Reset(); }
    std::string GetText(int column) const { return cursor_->GetText(column); }
    int64_t GetInteger(int column) const { return cursor_->GetInteger(column); }
    bool IsNull(int column) const { return cursor_->IsNull(column); }

  private:
    std::unique_ptr<Cursor> cursor_;
  };

  // Begin ... Commit; rolled back when destroyed uncommitted (an exception).
  class Transaction
  {
  public:
    explicit Transaction(Connection& connection) : connection_(connection) { connection_.Begin(); }
    ~Transaction()
    {
      if (!done_)
      {
        connection_.Rollback();
      }
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void Commit()
    {
      connection_.Commit();
      done_ = true;
    }

  private:
    Connection& connection_;
    bool done_ = false;
  };
} // namespace XnatDqr::Sql
