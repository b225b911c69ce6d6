#pragma once

#include "Core/ReceiverRegistry.h"
#include "Core/TransferStore.h"
#include "Dicom/TransferWorker.h"

namespace XnatDqr
{
  // GET /xnat-dqr/transfers[?limit&since&receiver&state], POST /xnat-dqr/transfers
  // {"Receiver", "Resources", "Priority"} (queued: it obeys the schedules), GET
  // /xnat-dqr/transfers/{id}, POST /xnat-dqr/transfers/{id}/pause|resume|cancel|retry, PUT
  // .../priority. Not owned; must live as long as the plugin.
  void RegisterTransferRoutes(TransferStore& store, TransferWorker& worker,
                              ReceiverRegistry& registry);
} // namespace XnatDqr
