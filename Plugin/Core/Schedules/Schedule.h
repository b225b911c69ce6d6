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
    double maxGB = 0;           // bytes per occurrence of this Window (1e9 per GB); 0: none

    bool IsOvernight() const { return start > end; }
    Json::Value ToJson() const;
  };

  // A date or a run of dates whose Windows replace the weekly ones, e.g. a holiday (no Window:
  // closed) or a maintenance night. Days count from 1970-01-01 in the host's local calendar.
  // Its Windows end on their own day (no overnight Window), and the day before's overnight
  // Window does not run into it.
  struct ScheduleException
  {
    int firstDay = 0;
    int lastDay = 0; // inclusive
    std::vector<Window> windows;

    bool Covers(int day) const { return day >= firstDay && day <= lastDay; }
    Json::Value ToJson() const; // {"Date": ...} for one day, {"From", "To"} for several
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
    // included), or none when closed. Weekly Windows only.
    std::optional<Window> WindowAt(int weekday, int minute) const;
    // The same on a date (days since 1970-01-01, local): an exception on that date replaces
    // the weekly Windows.
    // startDay (may be null) is set to the day the returned Window's occurrence began: the
    // day before for the after-midnight part of an overnight Window.
    std::optional<Window> WindowOn(int day, int weekday, int minute, int* startDay = nullptr) const;

    const std::vector<ScheduleException>& Exceptions() const { return exceptions_; }
    const ScheduleException* ExceptionOn(int day) const;
    // Past exceptions are kept EXCEPTIONS_KEPT_DAYS after their last day, then dropped by this
    // (called when a schedule is saved).
    static constexpr int EXCEPTIONS_KEPT_DAYS = 30;
    size_t DropExceptionsEndedBefore(int day);

    const std::vector<Window>& Day(int weekday) const { return days_.at(weekday); }
    bool IsEmpty() const;

    static const char* WeekdayName(int weekday);

  private:
    std::array<std::vector<Window>, 7> days_;
    std::vector<ScheduleException> exceptions_; // sorted, never overlapping
  };

  // One Window's JSON, validated; errors name the field under path.
  Window ParseWindow(const Json::Value& json, const std::string& path);
  // A schedule's "Exceptions": validated, no two overlapping, sorted by date.
  std::vector<ScheduleException> ParseExceptions(const Json::Value& json, const std::string& path);

  // "YYYY-MM-DD" <-> days since 1970-01-01 (proleptic Gregorian). nullopt when malformed.
  std::optional<int> ParseDate(const std::string& text);
  std::string FormatDate(int day);
  int DaysFromCivil(int year, int month, int dayOfMonth);

  // "HH:MM" -> minutes; "24:00" only when allowEndOfDay. nullopt when malformed.
  std::optional<int> ParseClockTime(const std::string& text, bool allowEndOfDay);
  std::string FormatClockTime(int minutes);
} // namespace XnatDqr
