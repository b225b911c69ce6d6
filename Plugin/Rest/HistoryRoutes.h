#pragma once

#include "Core/Common/Clock.h"
#include "Core/Observability/History.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Receivers/ReceiverRegistry.h"

namespace XnatDqr
{
  // GET /xnat-dqr/history (the whole PACS, shaded by the global schedule) and
  // GET /xnat-dqr/receivers/{id}/history (one Receiver, shaded by both schedules), with
  // ?hours=1..720 (default 24) and ?resolution=minute|hour (default: minute up to 48 hours).
  // Nothing is owned.
  void RegisterHistoryRoutes(Clock& clock, History& history, ReceiverRegistry& registry,
                             SchedulePolicy& schedules);
} // namespace XnatDqr
