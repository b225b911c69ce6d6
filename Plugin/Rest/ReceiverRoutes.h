#pragma once

#include "Core/ReceiverRegistry.h"
#include "Core/SchedulePolicy.h"
#include "Core/TransferControl.h"
#include "Core/XnatSettings.h"

namespace XnatDqr
{
  // /xnat-dqr/receivers[/{id}[/echo|/xnat-settings]]. The registry is not owned and must live
  // as long as the plugin.
  void RegisterReceiverRoutes(ReceiverRegistry& registry, SchedulePolicy& schedules,
                              TransferControl& queue, const PacsIdentity& pacs);
} // namespace XnatDqr
