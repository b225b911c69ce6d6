#pragma once

#include "Core/Receiver.h"

#include <cstdint>
#include <string>
#include <vector>

namespace XnatDqr
{
  // An Orthanc DicomModalities entry that the plugin does not manage, in Orthanc's order.
  struct KnownModality
  {
    std::string name;
    std::string aet;
    std::string host;
    uint16_t port = 0;
    uint32_t timeout = 0; // 0: Orthanc's default
  };

  // Where a C-MOVE goes, or why it goes nowhere.
  struct MoveRoute
  {
    bool refused = false;
    std::string reason;       // when refused, for the log line and the Transfer
    std::string receiverId;   // set when routed to a Receiver
    std::string modalityName; // set when routed to a plain Orthanc modality (fallback)
    std::string aet;
    std::string host;
    uint16_t port = 0;
    uint32_t timeout = 0;
  };

  // 1. Receivers whose AET is the destination; several: the one whose CallingAETs holds the
  //    caller. 2. Otherwise Orthanc's own modalities, first match, as stock Orthanc does.
  // Refused: unknown or ambiguous destination, a disabled or non-Queryable Receiver, a caller
  // not in a non-empty CallingAETs.
  MoveRoute RouteMove(const std::string& destinationAet, const std::string& callerAet,
                      const std::vector<Receiver>& receivers,
                      const std::vector<KnownModality>& modalities, bool strictAetComparison);
} // namespace XnatDqr
