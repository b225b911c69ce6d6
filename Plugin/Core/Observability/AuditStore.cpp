#include "Core/Observability/AuditStore.h"

#include "Core/Common/TimeFormat.h"

namespace XnatDqr
{
  Json::Value AuditRecord::ToJson() const
  {
    Json::Value json(Json::objectValue);
    json["Id"] = static_cast<Json::Int64>(id);
    json["Time"] = TimeFormat::ToLocalIso(timeMs);
    json["Method"] = method;
    json["Uri"] = uri;
    json["RemoteAddress"] = remoteAddress;
    json["User"] = user.empty() ? Json::Value() : Json::Value(user);
    json["Before"] = before;
    json["After"] = after;
    return json;
  }
} // namespace XnatDqr
