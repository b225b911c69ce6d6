#pragma once

#include "Core/Common/Clock.h"
#include "Core/Observability/AuditStore.h"
#include "Orthanc/RestRoute.h"

#include <string>

namespace XnatDqr::AuditTrail
{
  // Starts recording; the remote address comes from HttpFilter, which must be installed. The
  // store and the clock are not owned.
  void Enable(AuditStore& store, Clock& clock);

  // Records one change that succeeded, with one log line. Called by RestRoute for audited
  // routes; does nothing before Enable.
  void Record(const RestRequest& request, const std::string& uri, const Json::Value& before,
              const Json::Value& after);

  // Records one record as it is (an HTTP request the plugin refused); sets its time and id.
  void Append(AuditRecord& record);

  // The user of an "Authorization: Basic" header, "" without one. The password is never kept.
  std::string BasicUser(const RestRequest& request);
} // namespace XnatDqr::AuditTrail
