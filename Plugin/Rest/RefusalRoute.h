#pragma once

#include "Core/Common/Clock.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Core/Transfers/TransferStore.h"

namespace XnatDqr
{
  // GET /xnat-dqr/refusals?days=1..30 (default 7): the refused C-MOVEs that no Receiver took,
  // grouped by their AE Titles and the caller's address, each with what to do about it.
  // Nothing is owned.
  void RegisterRefusalRoute(Clock& clock, TransferStore& store, ReceiverRegistry& registry);
} // namespace XnatDqr
