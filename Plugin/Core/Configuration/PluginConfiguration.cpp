#include "Core/Configuration/PluginConfiguration.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonFields.h"
#include "Core/Network/Host.h"

namespace XnatDqr
{
  namespace
  {
    const char* const SECTION = "XnatDqr";
    const char* const KEY_TCP_NO_DELAY = "TcpNoDelay";
    const char* const KEY_DATABASE_PATH = "DatabasePath";
    const char* const KEY_DATABASE = "Database";
    const char* const KEY_INSTANCE_ID = "InstanceId";
    const char* const KEY_LEASE_SECONDS = "LeaseSeconds";
    const char* const KEY_PUBLIC_HOST = "PublicHost";
    const char* const KEY_RECEIVERS = "Receivers";
    const char* const KEY_SCHEDULE = "Schedule";
    const char* const KEY_THREADS = "Threads";
    const char* const KEY_UTILIZATION = "Utilization";
    const char* const KEY_MAX_MBPS = "MaxMBps";
    const char* const KEY_MOVE_WAIT_SECONDS = "MoveWaitSeconds";
    const char* const KEY_KEEP_ASSOCIATION_SECONDS = "KeepAssociationSeconds";
    const char* const KEY_MAX_ATTEMPTS = "MaxAttempts";
    const char* const KEY_RETRY_DELAY_SECONDS = "RetryDelaySeconds";
    const char* const KEY_FALLBACK_TO_MODALITIES = "FallbackToModalities";
    const char* const KEY_GUARD_HTTP_IDENTITIES = "GuardHttpIdentities";
    const char* const DATABASE_FILE = "xnat-dqr.db";

    std::vector<Receiver> ParseReceivers(const JsonFields& fields)
    {
      std::vector<Receiver> receivers;
      if (!fields.Has(KEY_RECEIVERS))
      {
        return receivers;
      }
      const std::string path = fields.PathOf(KEY_RECEIVERS);
      const Json::Value& section = fields.Get(KEY_RECEIVERS);
      JsonFields receiversFields(section, path); // must be an object
      for (const std::string& id : section.getMemberNames())
      {
        const std::string why = CheckReceiverId(id);
        if (!why.empty())
        {
          throw ValidationError(path + "." + id,
                                "Receiver Id \"" + id + "\" in " + path + " " + why);
        }
        receivers.push_back(
          Receiver::FromJson(section[id], path + "." + id, id, ReceiverSource::Configuration));
      }
      return receivers;
    }
  } // namespace

  PluginConfiguration::PluginConfiguration()
  {
    defaults.start = 0;
    defaults.end = 1440;
    defaults.threads = 2;
    defaults.utilization = 100;
    defaults.maxMBps = 0;
  }

  PluginConfiguration PluginConfiguration::Parse(const Json::Value& section)
  {
    PluginConfiguration result;
    if (section.isNull())
    {
      return result;
    }

    JsonFields fields(section, SECTION);
    fields.RefuseUnknown({KEY_TCP_NO_DELAY, KEY_DATABASE_PATH, KEY_DATABASE, KEY_INSTANCE_ID,
                          KEY_LEASE_SECONDS, KEY_PUBLIC_HOST, KEY_RECEIVERS, KEY_SCHEDULE,
                          KEY_THREADS, KEY_UTILIZATION, KEY_MAX_MBPS, KEY_MOVE_WAIT_SECONDS,
                          KEY_KEEP_ASSOCIATION_SECONDS, KEY_MAX_ATTEMPTS, KEY_RETRY_DELAY_SECONDS,
                          KEY_FALLBACK_TO_MODALITIES, KEY_GUARD_HTTP_IDENTITIES});
    result.tcpNoDelay = fields.GetBool(KEY_TCP_NO_DELAY, result.tcpNoDelay);
    result.databasePath = fields.GetString(KEY_DATABASE_PATH, "");
    result.database =
      DatabaseSettings::Parse(fields.Has(KEY_DATABASE) ? fields.Get(KEY_DATABASE) : Json::Value(),
                              fields.PathOf(KEY_DATABASE));
    if (result.database.backend == DatabaseSettings::Backend::PostgreSQL &&
        fields.Has(KEY_DATABASE_PATH))
    {
      throw ValidationError(fields.PathOf(KEY_DATABASE_PATH),
                            fields.PathOf(KEY_DATABASE_PATH) +
                              " is the SQLite file; XnatDqr.Database.Backend is PostgreSQL");
    }
    result.instanceId = fields.GetString(KEY_INSTANCE_ID, "");
    result.leaseSeconds = static_cast<uint32_t>(fields.GetInteger(KEY_LEASE_SECONDS, 4, 300, 20));
    result.publicHost = fields.GetString(KEY_PUBLIC_HOST, "");
    if (!result.publicHost.empty())
    {
      const std::string why = Host::Check(result.publicHost);
      if (!why.empty())
      {
        throw ValidationError(fields.PathOf(KEY_PUBLIC_HOST),
                              fields.PathOf(KEY_PUBLIC_HOST) + " " + why);
      }
    }
    result.receivers = ParseReceivers(fields);
    if (fields.Has(KEY_SCHEDULE))
    {
      result.schedule = Schedule::FromJson(fields.Get(KEY_SCHEDULE), fields.PathOf(KEY_SCHEDULE));
    }
    result.defaults.threads = static_cast<uint32_t>(fields.GetInteger(KEY_THREADS, 1, 64, 2));
    result.defaults.utilization =
      static_cast<uint32_t>(fields.GetInteger(KEY_UTILIZATION, 1, 100, 100));
    result.defaults.maxMBps = fields.GetNumber(KEY_MAX_MBPS, 0, 100000, 0);
    result.moveWaitSeconds =
      static_cast<uint32_t>(fields.GetInteger(KEY_MOVE_WAIT_SECONDS, 0, 55, 30));
    result.keepAssociationSeconds =
      static_cast<uint32_t>(fields.GetInteger(KEY_KEEP_ASSOCIATION_SECONDS, 0, 60, 2));
    result.maxAttempts = static_cast<uint32_t>(fields.GetInteger(KEY_MAX_ATTEMPTS, 1, 100, 5));
    result.retryDelaySeconds =
      static_cast<uint32_t>(fields.GetInteger(KEY_RETRY_DELAY_SECONDS, 1, 86400, 60));
    result.fallbackToModalities =
      fields.GetBool(KEY_FALLBACK_TO_MODALITIES, result.fallbackToModalities);
    result.guardHttpIdentities =
      fields.GetBool(KEY_GUARD_HTTP_IDENTITIES, result.guardHttpIdentities);
    return result;
  }

  void PluginConfiguration::ResolveDefaults(const std::string& indexDirectory,
                                            const std::string& hostName, uint16_t dicomPort)
  {
    if (instanceId.empty())
    {
      instanceId = hostName + ":" + std::to_string(dicomPort);
    }
    if (databasePath.empty())
    {
      databasePath =
        (indexDirectory.empty() ? std::string(".") : indexDirectory) + "/" + DATABASE_FILE;
    }
    if (publicHost.empty())
    {
      publicHost = hostName;
      publicHostIsDefault = true;
    }
  }

  Json::Value PluginConfiguration::ToJson() const
  {
    Json::Value json(Json::objectValue);
    json[KEY_TCP_NO_DELAY] = tcpNoDelay;
    json[KEY_DATABASE_PATH] = database.backend == DatabaseSettings::Backend::SQLite
                                ? Json::Value(databasePath)
                                : Json::Value();
    json[KEY_DATABASE] = database.ToJson();
    json[KEY_INSTANCE_ID] = instanceId;
    json[KEY_LEASE_SECONDS] = leaseSeconds;
    json[KEY_PUBLIC_HOST] = publicHost;
    json[KEY_SCHEDULE] = schedule ? schedule->ToJson() : Json::Value();
    json[KEY_THREADS] = defaults.threads;
    json[KEY_UTILIZATION] = defaults.utilization;
    json[KEY_MAX_MBPS] = defaults.maxMBps;
    json[KEY_MOVE_WAIT_SECONDS] = moveWaitSeconds;
    json[KEY_KEEP_ASSOCIATION_SECONDS] = keepAssociationSeconds;
    json[KEY_MAX_ATTEMPTS] = maxAttempts;
    json[KEY_RETRY_DELAY_SECONDS] = retryDelaySeconds;
    json[KEY_FALLBACK_TO_MODALITIES] = fallbackToModalities;
    json[KEY_GUARD_HTTP_IDENTITIES] = guardHttpIdentities;
    json[KEY_RECEIVERS] = Json::Value(Json::objectValue);
    for (const Receiver& receiver : receivers)
    {
      json[KEY_RECEIVERS][receiver.id] = receiver.ToJson();
    }
    return json;
  }
} // namespace XnatDqr
