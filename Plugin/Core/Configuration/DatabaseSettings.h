#pragma once

#include <json/value.h>
#include <string>
#include <utility>
#include <vector>

namespace XnatDqr
{
  // "XnatDqr.Database": where the plugin keeps its Receivers, queue, audit and history.
  // SQLite (the default): one file per Orthanc ("XnatDqr.DatabasePath"). PostgreSQL: one
  // database that several Orthancs share (the one of Orthanc's index is fine: our tables are
  // in a schema of their own), given by fields or by a libpq connection string.
  struct DatabaseSettings
  {
    enum class Backend
    {
      SQLite,
      PostgreSQL
    };
    Backend backend = Backend::SQLite;
    std::string host = "localhost";
    int64_t port = 5432;
    std::string database = "orthanc";
    std::string username;
    std::string password;
    std::string connectionString; // set: used instead of the fields above

    // section: the value of "XnatDqr.Database" (null: SQLite). ValidationError naming the key.
    static DatabaseSettings Parse(const Json::Value& section, const std::string& path);
    // libpq's connection keywords and values.
    std::vector<std::pair<std::string, std::string>> PostgresParameters() const;
    // For /xnat-dqr/status: the password and the connection string are never shown.
    Json::Value ToJson() const;
  };
} // namespace XnatDqr
