#include "Rest/MetricsRoute.h"

#include "Orthanc/RestRoute.h"
#include "Rest/Uris.h"

namespace XnatDqr
{
  void RegisterMetricsRoute(Clock& clock, MetricsSource& source)
  {
    RestRoute route;
    route.get = [&clock, &source](const RestRequest&)
    {
      return RestReply::Raw(RenderPrometheus(source.Gather(clock.NowMs())),
                            "text/plain; version=0.0.4; charset=utf-8");
    };
    RegisterRestRoute(URI_METRICS, route);
  }
} // namespace XnatDqr
