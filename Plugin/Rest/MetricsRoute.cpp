#include "Rest/MetricsRoute.h"

#include "Core/Common/TimeFormat.h"
#include "Orthanc/RestRoute.h"
#include "Rest/Uris.h"

namespace XnatDqr
{
  void RegisterMetricsRoute(MetricsSource& source)
  {
    RestRoute route;
    route.get = [&source](const RestRequest&)
    {
      return RestReply::Raw(RenderPrometheus(source.Gather(TimeFormat::NowMs())),
                            "text/plain; version=0.0.4; charset=utf-8");
    };
    RegisterRestRoute(URI_METRICS, route);
  }
} // namespace XnatDqr
