#pragma once

#include "Core/TransferStore.h"

namespace XnatDqr
{
  // GET /xnat-dqr/transfers[?limit&since&receiver&state] and GET /xnat-dqr/transfers/{id}.
  // The store is not owned and must live as long as the plugin.
  void RegisterTransferRoutes(TransferStore& store);
} // namespace XnatDqr
