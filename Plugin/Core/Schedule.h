#pragma once

#include <array>
#include <cstdint>
#include <json/value.h>
#include <optional>
#include <string>
#include <vector>

namespace XnatDqr
{
  // One availability window of a weekday, in minutes from local midnight. End may be 1440
  // ("24:00"); Start > End runs past midnight into the next day.
  struct Window
  {
    int start = 0;
    int end = 1440;
    uint32_t threads = 1;       // concurrent Transfers
    uint32_t utilization = 100; // duty cycle, 1-100 %
    double maxMBps = 0;         // 0: no cap

    bool IsOvernight() const { return start > end; }
    Json::Value ToJson() const;
  };

  // A weekly availability: per weekday (0 = Monday ... 6 = Sunday) a list of Windows. A day
  // without a window is closed. Local time comes in as (weekday, minute of day); converting an
  // instant to local time, daylight saving included, is LocalClock's job.
  class Schedule
  {
  public:
    // Validates {"Monday": [{"Start": "08:00", "End": "18:00", "Threads": 2,
    // "Utilization": 100, "MaxMBps": 0}], ...}; errors name the field under path, e.g.
    // "Schedule.Monday[0].End".
    static Schedule FromJson(const Json::Value& json, const std::string& path);
    Json::Value ToJson() const;

    // The Window that covers this local minute (an overnight window of the day before
    // included), or none when closed.
    std::optional<Window> WindowAt(int weekday, int minute) const;

    const std::vector<Window>& Day(int weekday) const { return days_.at(weekday); }
    bool IsEmpty() const;

    static const char* WeekdayName(int weekday);

  private:
    std::array<std::vector<Window>, 7> days_;
  };

  // "HH:MM" -> minutes; "24:00" only when allowEndOfDay. nullopt when malformed.
  std::optional<int> ParseClockTime(const std::string& text, bool allowEndOfDay);
  std::string FormatClockTime(int minutes);
} // namespace XnatDqr
