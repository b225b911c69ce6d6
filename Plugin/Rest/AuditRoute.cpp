#include "Rest/AuditRoute.h"

#include "Orthanc/AuditTrail.h"
#include "Orthanc/RestRoute.h"
#include "Rest/QueryArguments.h"
#include "Rest/Uris.h"

namespace XnatDqr
{
  void RegisterAuditRoute(AuditStore& store, Clock& clock)
  {
    AuditTrail::Enable(store, clock);
    RestRoute route;
    route.get = [&store](const RestRequest& request)
    {
      const size_t limit = QueryArguments::Limit(request);
      Json::Value answer(Json::arrayValue);
      for (const AuditRecord& record : store.ListAudit(QueryArguments::Since(request), limit))
      {
        answer.append(record.ToJson());
      }
      return RestReply::Json(answer);
    };
    RegisterRestRoute(URI_AUDIT, route);
  }
} // namespace XnatDqr
