#pragma once

#include "Core/Receivers/Receiver.h"
#include "Core/Transfers/InstanceSource.h"
#include "Core/Transfers/TransferControl.h"
#include "Core/Transfers/TransferStore.h"

#include <string>
#include <vector>

namespace XnatDqr
{
  // A send of Orthanc resources (patients, studies, series, instances) to a Receiver, made
  // through REST: POST /xnat-dqr/transfers, or Orthanc's POST /modalities/{Receiver}/store.
  struct ResourceSend
  {
    std::vector<std::string> resources;
    int64_t priority = 0;
    std::string via; // the URI it came by, kept in the Transfer's Query
    // The body's LocalAet ("": none), and whether it wins over the Receiver's own LocalAet as
    // Orthanc 1.13.0 and later let it win over a modality's; before, it replaces DicomAet only.
    std::string localAet;
    bool localAetWins = false;
  };

  // The calling AE Title a queued Transfer's C-STOREs come from when its request chose one
  // (the Query's "LocalAet"), "" otherwise: then the Receiver's LocalAet, or DicomAet.
  std::string RequestedLocalAet(const Transfer& transfer);

  // Creates the Transfer, Queued, and wakes the queue: the schedules and caps govern it as they
  // govern a queued C-MOVE. ValidationError names Resources when an id is unknown.
  Transfer QueueResourceSend(const Receiver& receiver, const ResourceSend& send, int64_t nowMs,
                             InstanceSource& instances, TransferStore& store,
                             TransferControl& queue);
} // namespace XnatDqr
