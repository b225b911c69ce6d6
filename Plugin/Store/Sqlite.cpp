#include "Store/Sqlite.h"

#include "Core/Common/Errors.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdexcept>
#include <unistd.h>

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

    // Why the folder of the database cannot take a write, "" when it can: a file created and
    // written there, then removed (only after an error, so the cost does not matter).
    std::string ProbeFolder(const std::string& database)
    {
      const size_t slash = database.rfind('/');
      const std::string probe =
        (slash == std::string::npos ? std::string(".") : database.substr(0, slash)) +
        "/.xnat-dqr-write-probe";
      const int fd = ::open(probe.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
      if (fd < 0)
      {
        return std::strerror(errno);
      }
      static const char block[4096] = {};
      const bool written = ::write(fd, block, sizeof(block)) == static_cast<ssize_t>(sizeof(block));
      const int error = errno;
      ::close(fd);
      ::unlink(probe.c_str());
      return written ? "" : std::strerror(error);
    }

    // "disk I/O error" alone does not say that the filesystem went read-only or is full.
    std::string SystemCause(sqlite3* db, int code)
    {
      const int primary = code & 0xFF;
      const char* path = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
      if (path == nullptr || *path == '\0' ||
          (primary != SQLITE_IOERR && primary != SQLITE_FULL && primary != SQLITE_READONLY &&
           primary != SQLITE_CANTOPEN))
      {
        return "";
      }
      const std::string cause = ProbeFolder(path);
      return cause.empty() ? "" : ": " + cause;
    }

    void Check(sqlite3* db, int code, const std::string& what)
    {
      if (code != SQLITE_OK && code != SQLITE_ROW && code != SQLITE_DONE)
      {
        Throw(code, what + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code)) +
                      SystemCause(db, code));
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
    char* error = nullptr;
    const int set = sqlite3_exec(
      db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", nullptr,
      nullptr, &error);
    if (set != SQLITE_OK)
    {
      // A constructor that throws runs no destructor: close here. At start, not a 503's words.
      const std::string message =
        (error != nullptr ? error : sqlite3_errstr(set)) + SystemCause(db_, set);
      sqlite3_free(error);
      sqlite3_close(db_);
      db_ = nullptr;
      throw std::runtime_error("SQLite: cannot open " + path + " for writing: " + message);
    }
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
      Throw(code, message + SystemCause(db_, code) + " in: " + sql.substr(0, 80));
    }
  }

  namespace
  {
    class Cursor : public Sql::Cursor
    {
    public:
      Cursor(sqlite3* db, const std::string& sql) : db_(db)
      {
        Check(db_, sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement_, nullptr),
              "preparing " + sql);
      }
      ~Cursor() override { sqlite3_finalize(statement_); }

      void Bind(int index, const std::string& value) override
      {
        Check(db_,
              sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                                SQLITE_TRANSIENT),
              "binding");
      }

      void Bind(int index, int64_t value) override
      {
        Check(db_, sqlite3_bind_int64(statement_, index, value), "binding");
      }

      void BindNull(int index) override
      {
        Check(db_, sqlite3_bind_null(statement_, index), "binding");
      }

      bool Step() override
      {
        const int code = sqlite3_step(statement_);
        Check(db_, code, "executing");
        return code == SQLITE_ROW;
      }

      void Reset() override
      {
        sqlite3_reset(statement_);
        sqlite3_clear_bindings(statement_);
      }

      std::string GetText(int column) const override
      {
        const unsigned char* text = sqlite3_column_text(statement_, column);
        return text == nullptr ? std::string()
                               : std::string(reinterpret_cast<const char*>(text),
                                             sqlite3_column_bytes(statement_, column));
      }

      int64_t GetInteger(int column) const override
      {
        return sqlite3_column_int64(statement_, column);
      }

      bool IsNull(int column) const override
      {
        return sqlite3_column_type(statement_, column) == SQLITE_NULL;
      }

    private:
      sqlite3* db_;
      sqlite3_stmt* statement_ = nullptr;
    };
  } // namespace

  std::unique_ptr<Sql::Cursor> Database::Prepare(const std::string& sql)
  {
    return std::make_unique<Cursor>(db_, sql);
  }

  void Database::Begin()
  {
    Execute("BEGIN IMMEDIATE");
  }

  void Database::Commit()
  {
    Execute("COMMIT");
  }

  void Database::Rollback() noexcept
  {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
} // namespace XnatDqr::Sqlite
