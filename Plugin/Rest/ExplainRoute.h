#pragma once

#include "Core/Common/Clock.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Pacing/Throttles.h"
#include "Core/Receivers/ReceiverRegistry.h"

#include <cstdint>
#include <string>

namespace XnatDqr
{
  // GET /xnat-dqr/route?called=&calling=&destination=: where a C-MOVE with these three AE
  // Titles would go, every candidate considered and why it was kept or dropped, and what the
  // C-MOVE would do right now (send, wait for a thread, queue or refuse). It decides with the
  // same Core functions as the C-MOVE itself. For a Receiver, "DicomWeb" says what a WADO-RS
  // retrieve under its root would get now. With user= and/or http-address= (and uri=, by
  // default the DICOMweb plugin's root) instead of the AE Titles: the Receiver that HTTP
  // identity is bound to, its root, and whether the guard refuses that URI. Not owned; must
  // live as long as the plugin.
  void RegisterExplainRoute(Clock& clock, ReceiverRegistry& registry, SchedulePolicy& schedules,
                            Throttles& throttles, uint32_t moveWaitSeconds,
                            const std::string& dicomWebRoot = "/dicom-web/",
                            bool guardHttpIdentities = true);
} // namespace XnatDqr
