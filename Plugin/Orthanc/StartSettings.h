#pragma once

#include "Core/Common/OrthancSettings.h"
#include "Core/Configuration/PluginConfiguration.h"
#include "Core/Scu/ScuSettings.h"
#include "Core/Transfers/Transfer.h"

#include <orthanc/OrthancCPlugin.h>

namespace XnatDqr
{
  // What the plugin reads at start: Orthanc's configuration and the "XnatDqr" section.
  struct StartSettings
  {
    OrthancSettings orthanc;
    ScuSettings scu;
    PluginConfiguration configuration;
    bool shared = false; // PostgreSQL: several Orthancs share the Receivers and the queue
    RetryPolicy retry;
  };

  // Throws ValidationError naming the field of a wrong setting.
  StartSettings ReadStartSettings(OrthancPluginContext* context);
} // namespace XnatDqr
