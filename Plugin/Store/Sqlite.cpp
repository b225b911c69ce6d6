#include "Store/Sqlite.h"

#include "Core/Errors.h"

#include <sqlite3.h>
#include <stdexcept>

namespace XnatDqr::Sqlite
{
  namespace
  {
    // A full or read-only disk, an I/O error, a lock held too long: not the request's fault,
    // and gone when the disk is fixed. The transaction was rolled back.
    bool IsUnavailable(int code)
    {
      switch (code & 0xFF)
      {
      case SQLITE_FULL:
      case SQLITE_READONLY:
      case SQLITE_IOERR:
      case SQLITE_CANTOPEN:
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
      case SQLITE_NOMEM:
      case SQLITE_PROTOCOL:
        return true;
      default:
        return false;
      }
    }

    [[noreturn]] void Throw(int code, const std::string& message)
    {
      if (IsUnavailable(code))
      {
        throw UnavailableError("The plugin's database cannot be written (" + message +
                               "): nothing was changed; this works again once "
                               "the disk has space and is writable");
      }
      throw std::runtime_error("SQLite: " + message);
    }

    void Check(sqlite3* db, int code, const std::string& what)
    {
      if (code != SQLITE_OK && code != SQLITE_ROW && code != SQLITE_DONE)
      {
        Throw(code, what + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
      }
    }
  } // namespace

  Database::Database(const std::string& path)
  {
    const int code =
      sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (code != SQLITE_OK)
    {
      const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
      sqlite3_close(db_);
      db_ = nullptr;
      throw std::runtime_error("SQLite: cannot open " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 10000);
    Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  }

  Database::~Database()
  {
    sqlite3_close(db_);
  }

  void Database::Execute(const std::string& sql)
  {
    char* error = nullptr;
    const int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    if (code != SQLITE_OK)
    {
      const std::string message = error != nullptr ? error : sqlite3_errstr(code);
      sqlite3_free(error);
      Throw(code, message + " in: " + sql.substr(0, 80));
    }
  }

  int64_t Database::LastInsertId() const
  {
    return sqlite3_last_insert_rowid(db_);
  }

  Statement::Statement(Database& database, const std::string& sql) : database_(database)
  {
    Check(database.Handle(),
          sqlite3_prepare_v2(database.Handle(), sql.c_str(), -1, &statement_, nullptr),
          "preparing " + sql);
  }

  Statement::~Statement()
  {
    sqlite3_finalize(statement_);
  }

  Statement& Statement::Bind(int index, const std::string& value)
  {
    Check(database_.Handle(),
          sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                            SQLITE_TRANSIENT),
          "binding");
    return *this;
  }

  Statement& Statement::Bind(int index, int64_t value)
  {
    Check(database_.Handle(), sqlite3_bind_int64(statement_, index, value), "binding");
    return *this;
  }

  Statement& Statement::BindNull(int index)
  {
    Check(database_.Handle(), sqlite3_bind_null(statement_, index), "binding");
    return *this;
  }

  bool Statement::Step()
  {
    const int code = sqlite3_step(statement_);
    Check(database_.Handle(), code, "executing");
    return code == SQLITE_ROW;
  }

  void Statement::Run()
  {
    while (Step())
    {
    }
  }

  void Statement::Reset()
  {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

  std::string Statement::GetText(int column) const
  {
    const unsigned char* text = sqlite3_column_text(statement_, column);
    return text == nullptr ? std::string()
                           : std::string(reinterpret_cast<const char*>(text),
                                         sqlite3_column_bytes(statement_, column));
  }

  int64_t Statement::GetInteger(int column) const
  {
    return sqlite3_column_int64(statement_, column);
  }

  bool Statement::IsNull(int column) const
  {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }

  Transaction::Transaction(Database& database) : database_(database)
  {
    database_.Execute("BEGIN IMMEDIATE");
  }

  Transaction::~Transaction()
  {
    if (!done_)
    {
      sqlite3_exec(database_.Handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

  void Transaction::Commit()
  {
    database_.Execute("COMMIT");
    done_ = true;
  }
} // namespace XnatDqr::Sqlite
