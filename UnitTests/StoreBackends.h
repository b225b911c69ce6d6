#pragma once

#include "Clock.h"
#include "Store/SqlStore.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

// The store tests run on both backends: a fresh in-memory SQLite, and a fresh database on a real
// PostgreSQL server: ctest's (XNATDQR_TEST_POSTGRES_SOCKET, scripts/test-postgres.sh), or one the
// test binary starts at first use (initdb into a temporary folder, its own free port on
// 127.0.0.1, as the postgres user when run as root) and stops at exit.
namespace XnatDqr::Testing
{
  using PostgresParameters = std::vector<std::pair<std::string, std::string>>;

  inline const std::vector<std::string> BACKENDS = {"SQLite", "PostgreSQL"};

  // A new, empty database on the test server.
  PostgresParameters FreshPostgresDatabase();
  // Runs SQL on the server's maintenance database (to end another session, say).
  void AsPostgresAdmin(const std::string& sql);

  // A store on a fresh database of that backend; for PostgreSQL, parameters (if given) receive
  // the database's, to open it again.
  std::unique_ptr<SqlStore> MakeStore(const std::string& backend, Clock& clock,
                                      PostgresParameters* parameters = nullptr);

  // A test run once per backend: INSTANTIATE_STORE_TESTS(Suite) after the suite's tests.
  class StoreTest : public ::testing::TestWithParam<std::string>
  {
  protected:
    void SetUp() override { store_ = MakeStore(GetParam(), clock_, &parameters_); }
    FakeClock clock_; // the leases' time
    std::unique_ptr<SqlStore> store_;
    PostgresParameters parameters_; // PostgreSQL: the database's, to open it again
  };
} // namespace XnatDqr::Testing

#define INSTANTIATE_STORE_TESTS(suite)                                                             \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::ValuesIn(XnatDqr::Testing::BACKENDS),       \
                           [](const ::testing::TestParamInfo<std::string>& info)                   \
                           { return info.param; })

namespace XnatDqr::Testing
{
} // namespace XnatDqr::Testing
