#pragma once

#include "Core/ReceiverRegistry.h"
#include "Core/TransferStore.h"

#include <string>

namespace XnatDqr
{
  // Replaces Orthanc's built-in C-MOVE handler: routes each request to its Receiver (or, for
  // other destinations, to Orthanc's own modality as stock Orthanc would), refuses what must be
  // refused with one log line, records a Transfer, and sends inside the C-MOVE.
  class MoveHandler
  {
  public:
    // References are not owned and must outlive the plugin. orthancAet is the calling AE Title
    // of the associations to the destinations.
    MoveHandler(ReceiverRegistry& registry, TransferStore& store, const std::string& orthancAet);

    // Registers the callbacks with Orthanc; only one MoveHandler may be registered.
    void Register();

    // The SDK callbacks; public for the C trampolines only.
    void* Create(const struct MoveCall& call);

  private:
    ReceiverRegistry& registry_;
    TransferStore& store_;
    std::string orthancAet_;
  };
} // namespace XnatDqr
