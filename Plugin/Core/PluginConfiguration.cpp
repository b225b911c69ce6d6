#include "Core/PluginConfiguration.h"

#include "Core/Errors.h"
#include "Core/JsonFields.h"

namespace XnatDqr
{
  namespace
  {
    const char* const SECTION = "XnatDqr";
    const char* const KEY_TCP_NO_DELAY = "TcpNoDelay";
  } // namespace

  PluginConfiguration PluginConfiguration::Parse(const Json::Value& section)
  {
    PluginConfiguration result;
    if (section.isNull())
    {
      return result;
    }

    JsonFields fields(section, SECTION);
    fields.RefuseUnknown({KEY_TCP_NO_DELAY});
    result.tcpNoDelay = fields.GetBool(KEY_TCP_NO_DELAY, result.tcpNoDelay);
    return result;
  }

  Json::Value PluginConfiguration::ToJson() const
  {
    Json::Value json(Json::objectValue);
    json[KEY_TCP_NO_DELAY] = tcpNoDelay;
    return json;
  }
} // namespace XnatDqr
