#pragma once

#include "Core/Common/Clock.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Core/Transfers/InstanceSource.h"
#include "Core/Transfers/TransferControl.h"
#include "Core/Transfers/TransferStore.h"
#include "Orthanc/RestRoute.h"

#include <functional>
#include <string>

namespace XnatDqr
{
  // What stays Orthanc's: its own route for modalities that are not a Receiver's, and storing a
  // file (store-straight to a Receiver is stored, then queued).
  struct OrthancStoreRoutes
  {
    std::function<RestReply(const std::string& uri, const std::string& body)> builtIn;
    std::function<std::string(const std::string& dicom)> storeInstance; // the Orthanc id
    // Orthanc 1.13.0 and later: a body's LocalAet wins over the modality's LocalAet.
    bool bodyLocalAetWins = false;
  };

  // POST /modalities/{name}/store and /store-straight, taken over from Orthanc (a plugin's
  // route comes first): to a Receiver's DicomModalities entry, the send becomes a Queued
  // Transfer that the schedules and caps govern, as Orthanc Explorer's "Send to DICOM modality"
  // does; to any other modality, Orthanc's own route answers, unchanged.
  void RegisterModalityStoreRoutes(Clock& clock, ReceiverRegistry& registry, TransferStore& store,
                                   TransferControl& queue, InstanceSource& instances,
                                   OrthancStoreRoutes orthanc);
} // namespace XnatDqr
