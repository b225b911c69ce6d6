#pragma once

#include "Core/ReceiverRegistry.h"
#include "Core/SchedulePolicy.h"
#include "Core/XnatSettings.h"
#include "Dicom/TransferWorker.h"

namespace XnatDqr
{
  // /xnat-dqr/receivers[/{id}[/echo|/xnat-settings]]. The registry is not owned and must live
  // as long as the plugin.
  void RegisterReceiverRoutes(ReceiverRegistry& registry, SchedulePolicy& schedules,
                              TransferWorker& worker, const PacsIdentity& pacs);
} // namespace XnatDqr
