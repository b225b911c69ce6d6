#include "Store/Postgres.h"

#include "Core/Common/Errors.h"

#include <libpq-fe.h>
#include <optional>
#include <stdexcept>

namespace XnatDqr::Postgres
{
  namespace
  {
    constexpr int64_t FIRST_BACKOFF_MS = 200;
    constexpr int64_t MAX_BACKOFF_MS = 5000;

    // SQLSTATE classes that say "the server, not the request": try again later.
    bool IsTransient(const char* state)
    {
      if (state == nullptr)
      {
        return false;
      }
      const std::string code(state);
      return code.rfind("08", 0) == 0 || code.rfind("57P", 0) == 0 || code.rfind("53", 0) == 0 ||
             code == "40001" || code == "40P01";
    }

    class Result
    {
    public:
      explicit Result(PGresult* result = nullptr) : result_(result) {}
      ~Result() { PQclear(result_); }
      Result(const Result&) = delete;
      Result& operator=(const Result&) = delete;
      void Reset(PGresult* result = nullptr)
      {
        PQclear(result_);
        result_ = result;
      }
      PGresult* Get() const { return result_; }
      bool Ok() const
      {
        const ExecStatusType status = PQresultStatus(result_);
        return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
      }
      const char* SqlState() const
      {
        return result_ == nullptr ? nullptr : PQresultErrorField(result_, PG_DIAG_SQLSTATE);
      }

    private:
      PGresult* result_;
    };

    class Cursor : public Sql::Cursor
    {
    public:
      Cursor(Database& db, const std::string& sql) : db_(db), sql_(NumberPlaceholders(sql)) {}

      void Bind(int index, const std::string& value) override { Slot(index) = value; }
      void Bind(int index, int64_t value) override { Slot(index) = std::to_string(value); }
      void BindNull(int index) override { Slot(index) = std::nullopt; }

      bool Step() override
      {
        if (!executed_)
        {
          Execute();
        }
        else
        {
          row_++;
        }
        return row_ < PQntuples(result_.Get());
      }

      void Reset() override
      {
        result_.Reset();
        executed_ = false;
        row_ = 0;
        parameters_.clear();
      }

      std::string GetText(int column) const override
      {
        return std::string(PQgetvalue(result_.Get(), row_, column),
                           PQgetlength(result_.Get(), row_, column));
      }

      int64_t GetInteger(int column) const override
      {
        const std::string text = GetText(column);
        // NULL reads as 0, as SQLite does; SUM() of bigint comes back as numeric text.
        return text.empty() ? 0 : std::stoll(text);
      }

      bool IsNull(int column) const override
      {
        return PQgetisnull(result_.Get(), row_, column) == 1;
      }

    private:
      std::optional<std::string>& Slot(int index)
      {
        if (index < 1)
        {
          throw std::logic_error("SQL parameters are 1-based");
        }
        if (parameters_.size() < static_cast<size_t>(index))
        {
          parameters_.resize(index);
        }
        return parameters_[index - 1];
      }

      void Execute()
      {
        std::vector<const char*> values;
        for (const std::optional<std::string>& parameter : parameters_)
        {
          values.push_back(parameter ? parameter->c_str() : nullptr);
        }
        pg_conn* conn = db_.Handle();
        result_.Reset(PQexecParams(conn, sql_.c_str(), static_cast<int>(values.size()), nullptr,
                                   values.data(), nullptr, nullptr, 0));
        if (!result_.Ok())
        {
          db_.Fail(std::string(PQerrorMessage(conn)) + " in: " + sql_.substr(0, 80),
                   result_.SqlState());
        }
        executed_ = true;
        row_ = 0;
      }

      Database& db_;
      std::string sql_;
      std::vector<std::optional<std::string>> parameters_;
      Result result_;
      bool executed_ = false;
      int row_ = 0;
    };
  } // namespace

  std::string NumberPlaceholders(const std::string& sql)
  {
    std::string out;
    int next = 1;
    char quote = 0;
    for (const char c : sql)
    {
      if (quote != 0)
      {
        quote = c == quote ? 0 : quote; // a doubled quote closes and reopens: the same text
        out += c;
      }
      else if (c == '\'' || c == '"')
      {
        quote = c;
        out += c;
      }
      else if (c == '?')
      {
        out += "$" + std::to_string(next++);
      }
      else
      {
        out += c;
      }
    }
    return out;
  }

  Database::Database(Clock& clock, std::vector<std::pair<std::string, std::string>> parameters)
      : clock_(clock), parameters_(std::move(parameters))
  {
    Connect();
    if (PQstatus(conn_) != CONNECTION_OK)
    {
      // The destructor does not run for a constructor that throws.
      const std::string message = PQerrorMessage(conn_);
      PQfinish(conn_);
      conn_ = nullptr;
      throw UnavailableError(
        "The plugin's PostgreSQL database is unavailable (cannot connect: " + message + ")");
    }
  }

  Database::~Database()
  {
    PQfinish(conn_);
  }

  void Database::Connect()
  {
    std::vector<const char*> keys;
    std::vector<const char*> values;
    for (const auto& [key, value] : parameters_)
    {
      keys.push_back(key.c_str());
      values.push_back(value.c_str());
    }
    keys.push_back("connect_timeout");
    values.push_back("5");
    keys.push_back("application_name");
    values.push_back("orthanc-xnat-dqr");
    keys.push_back(nullptr);
    values.push_back(nullptr);
    PQfinish(conn_);
    conn_ = PQconnectdbParams(keys.data(), values.data(), 1);
    if (PQstatus(conn_) == CONNECTION_OK)
    {
      // NOTICEs ("already exists, skipping") would go to Orthanc's stderr: not worth a line.
      Result set(PQexec(conn_, (std::string("SET search_path TO ") + SCHEMA +
                                "; SET client_min_messages TO WARNING")
                                 .c_str()));
      backoffMs_ = 0;
      return;
    }
    backoffMs_ = backoffMs_ == 0 ? FIRST_BACKOFF_MS : std::min(backoffMs_ * 2, MAX_BACKOFF_MS);
    nextAttemptMs_ = clock_.SteadyMs() + backoffMs_;
  }

  pg_conn* Database::Handle()
  {
    if (PQstatus(conn_) != CONNECTION_OK && clock_.SteadyMs() >= nextAttemptMs_)
    {
      Connect();
    }
    if (PQstatus(conn_) != CONNECTION_OK)
    {
      Fail("not connected", nullptr);
    }
    return conn_;
  }

  void Database::Fail(const std::string& what, const char* sqlState)
  {
    const std::string message = conn_ != nullptr ? PQerrorMessage(conn_) : "";
    if (PQstatus(conn_) != CONNECTION_OK || IsTransient(sqlState))
    {
      throw UnavailableError("The plugin's PostgreSQL database is unavailable (" + what +
                             (what.find(message) == std::string::npos ? ": " + message : "") +
                             "): nothing was changed; this works again once the server answers");
    }
    throw std::runtime_error("PostgreSQL: " + what);
  }

  void Database::Execute(const std::string& sql)
  {
    pg_conn* conn = Handle();
    Result result(PQexec(conn, sql.c_str()));
    if (!result.Ok())
    {
      Fail(std::string(PQerrorMessage(conn)) + " in: " + sql.substr(0, 80), result.SqlState());
    }
  }

  std::unique_ptr<Sql::Cursor> Database::Prepare(const std::string& sql)
  {
    return std::make_unique<Cursor>(*this, sql);
  }

  void Database::Begin()
  {
    Execute("BEGIN");
  }

  void Database::LockKey(int64_t key)
  {
    Sql::Statement(*this, "SELECT pg_advisory_xact_lock(?)").Bind(1, key).Run();
  }

  void Database::Commit()
  {
    Execute("COMMIT");
  }

  void Database::Rollback() noexcept
  {
    if (PQstatus(conn_) == CONNECTION_OK)
    {
      Result result(PQexec(conn_, "ROLLBACK"));
    }
  }
} // namespace XnatDqr::Postgres
