#pragma once

#include "Core/Receivers/KnownModality.h"
#include "Core/Receivers/Receiver.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Core/Scu/ScuSettings.h"

#include <cstdint>
#include <string>
#include <vector>

namespace XnatDqr
{
  // The three AE Titles of a C-MOVE, the routing key.
  struct MoveKey
  {
    std::string called;         // the AE Title the caller addressed the PACS by
    std::string caller;         // the calling AE Title
    std::string destination;    // the Move Destination
    std::string callingAddress; // the caller's IP address; "" where Orthanc does not give it
  };

  // One Receiver whose AET is the destination, and what routing made of it.
  struct RouteCandidate
  {
    std::string receiverId;
    bool kept = false;
    std::string reason; // why it was kept or dropped, in words
  };

  // Where a C-MOVE goes, or why it goes nowhere, and how that was decided.
  struct MoveRoute
  {
    bool refused = false;
    std::string reason;           // when refused, for the log line and the Transfer
    std::string receiverId;       // set when routed to a Receiver
    std::string modalityName;     // set when routed to a plain Orthanc modality (fallback)
    StoreDestination destination; // where the C-STOREs go, and how
    std::vector<RouteCandidate> candidates; // every Receiver considered, in registry order
  };

  // 1. The candidates are the Receivers whose AET is the destination. If any has the called
  //    AE Title as PacsAET, only those stay; otherwise those with a PacsAET drop out.
  // 2. The rest are narrowed by CallingAETs: a single one must list the caller when its list
  //    is non-empty; among several, only those listing the caller stay (or, where the
  //    caller's address is known, those with CallingAddresses, for step 3 to decide).
  // 3. Then by the caller's address, when Orthanc gives it: one with CallingAddresses stays
  //    only if they hold it; if any holds it, those without drop out.
  //    Exactly one must remain, and it must be Enabled and Queryable.
  // 4. With no candidate at all: Orthanc's own modalities, first match, as stock Orthanc.
  MoveRoute RouteMove(const MoveKey& key, const std::vector<Receiver>& receivers,
                      const std::vector<KnownModality>& modalities, bool strictAetComparison);

  // Where a C-MOVE goes: RouteMove over the registry's Receivers and Orthanc's own modalities
  // (unless FallbackToModalities is false); an unknown destination reads Orthanc's modalities
  // again before it is refused.
  MoveRoute RouteMove(ReceiverRegistry& registry, const MoveKey& key, int64_t nowMs);

  // The calling AE Title of the C-STOREs when the destination has no LocalAet: to a Receiver,
  // the AE Title its XNAT called the PACS by (what XNAT's whitelist names); to an Orthanc
  // modality, "" (DicomAet, as stock Orthanc).
  std::string DefaultLocalAet(const MoveRoute& route, const MoveKey& key);

  // "called PACSA, caller XNAT, destination XNAT" (", from 10.0.0.7" when the address is
  // known): the key as log lines name it.
  std::string KeyText(const MoveKey& key);
} // namespace XnatDqr
