#include "Web/WebStart.h"

#include "Orthanc/HttpFilter.h"

namespace XnatDqr
{
  WebParts StartWeb(const WebSettings& settings, ReceiverRegistry& registry, TransferStore& store,
                    Clock& clock, SchedulePolicy& schedules, Throttles& throttles,
                    InstanceSource& instances, RetrieveCounter& retrieves)
  {
    WebParts parts;
    HttpFilter::Guard guard;
    if (settings.guardHttpIdentities)
    {
      parts.boundIdentities =
        std::make_unique<BoundIdentities>(registry, clock, settings.dicomWebRoot);
      BoundIdentities* bound = parts.boundIdentities.get();
      guard = [bound](const HttpFilter::Incoming& request) { return bound->Allow(request); };
    }
    HttpFilter::Install(guard);
    parts.wado = std::make_unique<WadoStream>(store, clock, schedules, throttles, instances,
                                              retrieves, settings.moveWaitSeconds);
    parts.dicomWeb = std::make_unique<DicomWebRoot>(registry, *parts.wado, settings.dicomWebRoot);
    parts.dicomWeb->Register();
    return parts;
  }
} // namespace XnatDqr
