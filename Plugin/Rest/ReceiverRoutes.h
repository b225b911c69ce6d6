#pragma once

#include "Core/Common/Clock.h"
#include "Core/Observability/Glance.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Core/Receivers/XnatSettings.h"
#include "Core/Transfers/TransferControl.h"

namespace XnatDqr
{
  // /xnat-dqr/receivers[/{id}[/echo|/xnat-settings]] and GET /xnat-dqr/glance (each
  // Receiver at a glance; echoes are recorded in echoes). Nothing is owned; all must live as
  // long as the plugin.
  void RegisterReceiverRoutes(Clock& clock, ReceiverRegistry& registry, SchedulePolicy& schedules,
                              TransferControl& queue, const PacsIdentity& pacs, EchoLog& echoes,
                              Glance& glance);
} // namespace XnatDqr
