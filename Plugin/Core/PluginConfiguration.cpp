#include "Core/PluginConfiguration.h"

#include "Core/Errors.h"
#include "Core/Host.h"
#include "Core/JsonFields.h"

namespace XnatDqr
{
  namespace
  {
    const char* const SECTION = "XnatDqr";
    const char* const KEY_TCP_NO_DELAY = "TcpNoDelay";
    const char* const KEY_DATABASE_PATH = "DatabasePath";
    const char* const KEY_PUBLIC_HOST = "PublicHost";
    const char* const KEY_RECEIVERS = "Receivers";
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

  PluginConfiguration PluginConfiguration::Parse(const Json::Value& section)
  {
    PluginConfiguration result;
    if (section.isNull())
    {
      return result;
    }

    JsonFields fields(section, SECTION);
    fields.RefuseUnknown({KEY_TCP_NO_DELAY, KEY_DATABASE_PATH, KEY_PUBLIC_HOST, KEY_RECEIVERS});
    result.tcpNoDelay = fields.GetBool(KEY_TCP_NO_DELAY, result.tcpNoDelay);
    result.databasePath = fields.GetString(KEY_DATABASE_PATH, "");
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
    return result;
  }

  void PluginConfiguration::ResolveDefaults(const std::string& indexDirectory,
                                            const std::string& hostName)
  {
    if (databasePath.empty())
    {
      databasePath =
        (indexDirectory.empty() ? std::string(".") : indexDirectory) + "/" + DATABASE_FILE;
    }
    if (publicHost.empty())
    {
      publicHost = hostName;
    }
  }

  Json::Value PluginConfiguration::ToJson() const
  {
    Json::Value json(Json::objectValue);
    json[KEY_TCP_NO_DELAY] = tcpNoDelay;
    json[KEY_DATABASE_PATH] = databasePath;
    json[KEY_PUBLIC_HOST] = publicHost;
    json[KEY_RECEIVERS] = Json::Value(Json::objectValue);
    for (const Receiver& receiver : receivers)
    {
      json[KEY_RECEIVERS][receiver.id] = receiver.ToJson();
    }
    return json;
  }
} // namespace XnatDqr
