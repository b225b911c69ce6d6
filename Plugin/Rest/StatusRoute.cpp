#include "Rest/StatusRoute.h"

#include "Orthanc/RestRoute.h"
#include "Rest/Uris.h"

namespace XnatDqr
{
  void RegisterStatusRoute(const PluginConfiguration& configuration,
                           const std::string& orthancVersion, std::function<Json::Value()> counts)
  {
    RestRoute route;
    route.get = [configuration, orthancVersion, counts](const RestRequest&)
    {
      Json::Value status(Json::objectValue);
      status["Plugin"] = PLUGIN_NAME;
      status["Version"] = XNATDQR_VERSION;
      status["OrthancVersion"] = orthancVersion;
      status["Configuration"] = configuration.ToJson();
      status["Counts"] = counts();
      return RestReply::Json(status);
    };
    RegisterRestRoute(URI_STATUS, route);
  }
} // namespace XnatDqr
