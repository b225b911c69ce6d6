#include "Rest/StatusRoute.h"

#include "Core/Common/TimeFormat.h"
#include "Orthanc/RestRoute.h"
#include "Rest/Uris.h"

namespace XnatDqr
{
  void RegisterStatusRoute(Clock& clock, const PluginConfiguration& configuration,
                           const std::string& orthancVersion, std::function<Json::Value()> counts,
                           bool callerAddress)
  {
    RestRoute route;
    route.get = [&clock, configuration, orthancVersion, counts, callerAddress](const RestRequest&)
    {
      Json::Value status(Json::objectValue);
      status["Plugin"] = PLUGIN_NAME;
      status["Version"] = XNATDQR_VERSION;
      status["OrthancVersion"] = orthancVersion;
      status["Configuration"] = configuration.ToJson();
      status["Counts"] = counts();
      // Which C-MOVE callback Orthanc calls: the second tells the caller's IP address.
      status["MoveCallback"] = callerAddress ? "RegisterMoveCallback2" : "RegisterMoveCallback";
      status["CallerAddress"] = callerAddress;
      // Windows are in this host's time; the page draws and prints every time in it.
      const int64_t now = clock.NowMs();
      const TimeFormat::HostZone zone = TimeFormat::ZoneAt(now);
      Json::Value host(Json::objectValue);
      host["Zone"] = zone.name;
      host["Abbreviation"] = zone.abbreviation;
      host["UtcOffset"] = zone.offset;
      host["UtcOffsetMinutes"] = zone.offsetMinutes;
      host["Now"] = TimeFormat::ToLocalIso(now);
      status["HostTime"] = host;
      return RestReply::Json(status);
    };
    RegisterRestRoute(URI_STATUS, route);
  }
} // namespace XnatDqr
