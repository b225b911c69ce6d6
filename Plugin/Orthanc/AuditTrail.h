#pragma once

#include "Core/Common/Clock.h"
#include "Core/Observability/AuditStore.h"
#include "Orthanc/RestRoute.h"

#include <string>

namespace XnatDqr::AuditTrail
{
  // Starts recording: registers an HTTP request filter with Orthanc (it allows everything) to
  // learn each request's remote address, which Orthanc 1.10.1 gives plugins only there. The
  // store and the clock are not owned.
  void Enable(AuditStore& store, Clock& clock);

  // Records one change that succeeded, with one log line. Called by RestRoute for audited
  // routes; does nothing before Enable.
  void Record(const RestRequest& request, const std::string& uri, const Json::Value& before,
              const Json::Value& after);

  // The user of an "Authorization: Basic" header, "" without one. The password is never kept.
  std::string BasicUser(const RestRequest& request);
} // namespace XnatDqr::AuditTrail
