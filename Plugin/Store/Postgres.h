#pragma once

#include "Core/Common/Clock.h"

#include "Store/Sql.h"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

struct pg_conn;

// Our RAII layer over libpq: one connection to a PostgreSQL server, our tables in a schema of
// their own (xnat_dqr), text parameters and results. A lost connection is opened again on the
// next call, no more often than the backoff allows; until then every call throws
// UnavailableError (HTTP 503), and nothing is half-written (the transaction was rolled back).
namespace XnatDqr::Postgres
{
  constexpr const char* SCHEMA = "xnat_dqr";

  class Database : public Sql::Connection
  {
  public:
    // libpq's keywords and values (host, port, dbname, user, password, or a dbname that is a
    // connection string). Throws UnavailableError when the server cannot be reached.
    Database(Clock& clock, std::vector<std::pair<std::string, std::string>> parameters);
    ~Database() override;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void Execute(const std::string& sql) override;
    std::unique_ptr<Sql::Cursor> Prepare(const std::string& sql) override;
    void Begin() override;
    void LockKey(int64_t key) override; // pg_advisory_xact_lock
    void Commit() override;
    void Rollback() noexcept override;

    pg_conn* Handle(); // connected, or UnavailableError
    // After a failed call: UnavailableError when the connection or the server is the cause
    // (lost, shutting down, out of resources, a serialization conflict), else runtime_error.
    [[noreturn]] void Fail(const std::string& what, const char* sqlState);

  private:
    void Connect();

    Clock& clock_;
    std::vector<std::pair<std::string, std::string>> parameters_;
    pg_conn* conn_ = nullptr;
    int64_t nextAttemptMs_ = 0; // steady
    int64_t backoffMs_ = 0;
  };

  // `?` placeholders as PostgreSQL's `$1, $2...`; quoted text and identifiers kept as they are.
  std::string NumberPlaceholders(const std::string& sql);
} // namespace XnatDqr::Postgres
