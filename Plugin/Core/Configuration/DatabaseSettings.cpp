#include "Core/Configuration/DatabaseSettings.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonFields.h"

namespace XnatDqr
{
  namespace
  {
    const char* const KEY_BACKEND = "Backend";
    const char* const KEY_HOST = "Host";
    const char* const KEY_PORT = "Port";
    const char* const KEY_DATABASE = "Database";
    const char* const KEY_USERNAME = "Username";
    const char* const KEY_PASSWORD = "Password";
    const char* const KEY_CONNECTION_STRING = "ConnectionString";

    // A key given where it has no place: the first found is refused with why.
    void RefuseWith(JsonFields& fields, std::initializer_list<const char*> keys,
                    const std::string& why)
    {
      for (const char* key : keys)
      {
        if (fields.Has(key))
        {
          throw ValidationError(fields.PathOf(key), fields.PathOf(key) + why);
        }
      }
    }
  } // namespace

  DatabaseSettings DatabaseSettings::Parse(const Json::Value& section, const std::string& path)
  {
    DatabaseSettings settings;
    if (section.isNull())
    {
      return settings;
    }
    JsonFields fields(section, path);
    fields.RefuseUnknown({KEY_BACKEND, KEY_HOST, KEY_PORT, KEY_DATABASE, KEY_USERNAME, KEY_PASSWORD,
                          KEY_CONNECTION_STRING});
    const std::string backend = fields.GetString(KEY_BACKEND, "SQLite");
    if (backend == "SQLite")
    {
      RefuseWith(
        fields,
        {KEY_HOST, KEY_PORT, KEY_DATABASE, KEY_USERNAME, KEY_PASSWORD, KEY_CONNECTION_STRING},
        " is for the PostgreSQL backend; SQLite takes XnatDqr.DatabasePath");
      return settings;
    }
    if (backend != "PostgreSQL")
    {
      throw ValidationError(fields.PathOf(KEY_BACKEND),
                            fields.PathOf(KEY_BACKEND) + " must be \"SQLite\" or \"PostgreSQL\"");
    }
    settings.backend = Backend::PostgreSQL;
    settings.connectionString = fields.GetString(KEY_CONNECTION_STRING, "");
    if (fields.Has(KEY_CONNECTION_STRING))
    {
      if (settings.connectionString.empty())
      {
        throw ValidationError(fields.PathOf(KEY_CONNECTION_STRING),
                              fields.PathOf(KEY_CONNECTION_STRING) + " must not be empty");
      }
      RefuseWith(fields, {KEY_HOST, KEY_PORT, KEY_DATABASE, KEY_USERNAME, KEY_PASSWORD},
                 " cannot be given with " + fields.PathOf(KEY_CONNECTION_STRING) +
                   ": use one or the other");
      return settings;
    }
    settings.host = fields.GetString(KEY_HOST, settings.host);
    settings.port = fields.GetInteger(KEY_PORT, 1, 65535, settings.port);
    settings.database = fields.GetString(KEY_DATABASE, settings.database);
    settings.username = fields.GetString(KEY_USERNAME, "");
    settings.password = fields.GetString(KEY_PASSWORD, "");
    if (settings.host.empty() || settings.database.empty())
    {
      const char* key = settings.host.empty() ? KEY_HOST : KEY_DATABASE;
      throw ValidationError(fields.PathOf(key), fields.PathOf(key) + " must not be empty");
    }
    return settings;
  }

  std::vector<std::pair<std::string, std::string>> DatabaseSettings::PostgresParameters() const
  {
    if (!connectionString.empty())
    {
      return {{"dbname", connectionString}}; // libpq expands a connection string given as dbname
    }
    std::vector<std::pair<std::string, std::string>> parameters = {
      {"host", host}, {"port", std::to_string(port)}, {"dbname", database}};
    if (!username.empty())
    {
      parameters.emplace_back("user", username);
    }
    if (!password.empty())
    {
      parameters.emplace_back("password", password);
    }
    return parameters;
  }

  Json::Value DatabaseSettings::ToJson() const
  {
    Json::Value json(Json::objectValue);
    json[KEY_BACKEND] = backend == Backend::SQLite ? "SQLite" : "PostgreSQL";
    if (backend == Backend::PostgreSQL)
    {
      if (!connectionString.empty())
      {
        json[KEY_CONNECTION_STRING] = "(set, not shown)";
      }
      else
      {
        json[KEY_HOST] = host;
        json[KEY_PORT] = static_cast<Json::Int64>(port);
        json[KEY_DATABASE] = database;
        json[KEY_USERNAME] = username;
        json[KEY_PASSWORD] = password.empty() ? "" : "(set, not shown)";
      }
    }
    return json;
  }
} // namespace XnatDqr
