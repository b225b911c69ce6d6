#pragma once

#include "Core/Common/Clock.h"
#include "Core/Configuration/PluginConfiguration.h"

#include <functional>
#include <json/value.h>

namespace XnatDqr
{
  // GET /xnat-dqr/status: versions, the effective configuration and object counts.
  // counts() returns {"Receivers": n, "Transfers": n}.
  void RegisterStatusRoute(Clock& clock, const PluginConfiguration& configuration,
                           const std::string& orthancVersion, std::function<Json::Value()> counts,
                           bool callerAddress);
} // namespace XnatDqr
