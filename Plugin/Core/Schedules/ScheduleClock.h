#pragma once

#include "Core/Schedules/Schedule.h"

#include <cstdint>
#include <optional>
#include <string>

namespace XnatDqr
{
  // An instant as the Orthanc host's local time: weekday (0 = Monday) and minute of day.
  struct LocalMinute
  {
    int weekday = 0;
    int minute = 0;
    int day = 0; // the local date, as days since 1970-01-01
  };

  // Uses the process's time zone (TZ), daylight saving included.
  LocalMinute ToLocalMinute(int64_t epochMs);

  struct ScheduleState
  {
    bool open = false;
    std::optional<Window> window;      // the Window in force, when open
    std::string occurrence;            // which occurrence of it: "2026-12-01 19:00" (its start)
    std::optional<int64_t> nextChange; // epoch ms of the next opening, closing or change of
                                       // Window within 8 days; none if it never changes
  };

  // State of the schedule at an instant. No schedule at all (nullopt) is always open.
  ScheduleState StateAt(const std::optional<Schedule>& schedule, int64_t epochMs);
} // namespace XnatDqr
