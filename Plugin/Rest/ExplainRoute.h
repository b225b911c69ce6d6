#pragma once

#include "Core/Common/Clock.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Pacing/Throttles.h"
#include "Core/Receivers/ReceiverRegistry.h"

#include <cstdint>

namespace XnatDqr
{
  // GET /xnat-dqr/route?called=&calling=&destination=: where a C-MOVE with these three AE
  // Titles would go, every candidate considered and why it was kept or dropped, and what the
  // C-MOVE would do right now (send, wait for a thread, queue or refuse). It decides with the
  // same Core functions as the C-MOVE itself. Not owned; must live as long as the plugin.
  void RegisterExplainRoute(Clock& clock, ReceiverRegistry& registry, SchedulePolicy& schedules,
                            Throttles& throttles, uint32_t moveWaitSeconds);
} // namespace XnatDqr
