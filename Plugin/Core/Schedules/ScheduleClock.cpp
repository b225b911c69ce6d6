#include "Core/Schedules/ScheduleClock.h"

#include <ctime>

namespace XnatDqr
{
  namespace
  {
    const int64_t MINUTE_MS = 60000;
    const int64_t HORIZON_MINUTES = 8 * 24 * 60;

    bool Same(const std::optional<Window>& a, const std::optional<Window>& b)
    {
      if (a.has_value() != b.has_value())
      {
        return false;
      }
      return !a ||
             (a->start == b->start && a->end == b->end && a->threads == b->threads &&
              a->utilization == b->utilization && a->maxMBps == b->maxMBps && a->maxGB == b->maxGB);
    }

    std::optional<Window> WindowAtInstant(const Schedule& schedule, int64_t epochMs,
                                          int* startDay = nullptr)
    {
      const LocalMinute local = ToLocalMinute(epochMs);
      return schedule.WindowOn(local.day, local.weekday, local.minute, startDay);
    }
  } // namespace

  LocalMinute ToLocalMinute(int64_t epochMs)
  {
    const time_t seconds = static_cast<time_t>(epochMs / 1000);
    struct tm local;
    localtime_r(&seconds, &local);
    LocalMinute result;
    result.weekday = (local.tm_wday + 6) % 7; // tm_wday: 0 = Sunday
    result.minute = local.tm_hour * 60 + local.tm_min;
    result.day = DaysFromCivil(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
    return result;
  }

  ScheduleState StateAt(const std::optional<Schedule>& schedule, int64_t epochMs)
  {
    ScheduleState state;
    if (!schedule)
    {
      state.open = true;
      return state;
    }
    int startDay = 0;
    state.window = WindowAtInstant(*schedule, epochMs, &startDay);
    state.open = state.window.has_value();
    if (state.window)
    {
      state.occurrence = FormatDate(startDay) + " " + FormatClockTime(state.window->start);
    }
    // Walk real minutes, not local ones: daylight-saving nights skip or repeat an hour.
    const int64_t firstMinute = (epochMs / MINUTE_MS + 1) * MINUTE_MS;
    for (int64_t i = 0; i < HORIZON_MINUTES; i++)
    {
      const int64_t instant = firstMinute + i * MINUTE_MS;
      if (!Same(WindowAtInstant(*schedule, instant), state.window))
      {
        state.nextChange = instant;
        break;
      }
    }
    return state;
  }
} // namespace XnatDqr
