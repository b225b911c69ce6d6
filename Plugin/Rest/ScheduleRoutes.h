#pragma once

#include "Core/Common/Clock.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Receivers/ReceiverRegistry.h"

namespace XnatDqr
{
  // /xnat-dqr/receivers/{id}/schedule[/status] and /xnat-dqr/schedule[/status]. A schedule is
  // read and written in our format, or in XNAT's availability format (?format=xnat to read; a
  // JSON array to write). Not owned; must live as long as the plugin.
  void RegisterScheduleRoutes(Clock& clock, ReceiverRegistry& registry, SchedulePolicy& schedules);

  // The schedule as the routes answer it: ours, or XNAT's when asked.
  Json::Value ScheduleToJson(const std::optional<Schedule>& schedule, bool xnatFormat,
                             const Window& defaults);
} // namespace XnatDqr
