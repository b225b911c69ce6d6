#pragma once

#include "Core/Common/Clock.h"
#include "Core/Observability/TransferView.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Core/Transfers/InstanceSource.h"
#include "Core/Transfers/TransferControl.h"
#include "Core/Transfers/TransferStore.h"

namespace XnatDqr
{
  // GET /xnat-dqr/transfers[?limit&since&receiver&state], POST /xnat-dqr/transfers
  // {"Receiver", "Resources", "Priority"} (queued: it obeys the schedules), GET
  // /xnat-dqr/transfers/{id}, POST /xnat-dqr/transfers/{id}/pause|resume|cancel|retry, PUT
  // .../priority. Not owned; must live as long as the plugin.
  // Transfers are served through view (their "Waiting" reason).
  void RegisterTransferRoutes(Clock& clock, TransferStore& store, TransferControl& queue,
                              ReceiverRegistry& registry, InstanceSource& instances,
                              TransferView& view);
} // namespace XnatDqr
