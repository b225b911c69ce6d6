#include "Core/Schedules/Schedule.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonFields.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

namespace XnatDqr
{
  namespace
  {
    const char* const WEEKDAYS[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                    "Friday", "Saturday", "Sunday"};

    // The minutes a window covers, as [from, to) ranges on its own day and the next one.
    struct Span
    {
      int from;
      int to;
    };

    Span OwnDay(const Window& window)
    {
      return {window.start, window.IsOvernight() ? 1440 : window.end};
    }

    bool Overlap(const Span& a, const Span& b)
    {
      return a.from < b.to && b.from < a.to;
    }

  } // namespace

  Window ParseWindow(const Json::Value& json, const std::string& path)
  {
    JsonFields fields(json, path);
    fields.RefuseUnknown({"Start", "End", "Threads", "Utilization", "MaxMBps", "MaxGB"});
    Window window;
    const std::string start = fields.GetString("Start");
    const std::string end = fields.GetString("End");
    const std::optional<int> startMinutes = ParseClockTime(start, false);
    if (!startMinutes)
    {
      throw ValidationError(path + ".Start",
                            path + ".Start \"" + start + "\" must be HH:MM from 00:00 to 23:59");
    }
    const std::optional<int> endMinutes = ParseClockTime(end, true);
    if (!endMinutes)
    {
      throw ValidationError(path + ".End",
                            path + ".End \"" + end + "\" must be HH:MM from 00:00 to 24:00");
    }
    if (*startMinutes == *endMinutes % 1440 && *endMinutes != 1440)
    {
      throw ValidationError(path + ".End", path + " is empty: Start and End are both " + start);
    }
    window.start = *startMinutes;
    window.end = *endMinutes;
    window.threads = static_cast<uint32_t>(fields.GetInteger("Threads", 1, 64, 1));
    window.utilization = static_cast<uint32_t>(fields.GetInteger("Utilization", 1, 100, 100));
    window.maxMBps = fields.GetNumber("MaxMBps", 0, 100000, 0);
    window.maxGB = fields.GetNumber("MaxGB", 0, 1000000, 0);
    return window;
  }

  std::optional<int> ParseClockTime(const std::string& text, bool allowEndOfDay)
  {
    if (text.size() != 5 || text[2] != ':' || !std::isdigit(static_cast<unsigned char>(text[0])) ||
        !std::isdigit(static_cast<unsigned char>(text[1])) ||
        !std::isdigit(static_cast<unsigned char>(text[3])) ||
        !std::isdigit(static_cast<unsigned char>(text[4])))
    {
      return std::nullopt;
    }
    const int hours = (text[0] - '0') * 10 + (text[1] - '0');
    const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (allowEndOfDay && hours == 24 && minutes == 0)
    {
      return 1440;
    }
    if (hours > 23 || minutes > 59)
    {
      return std::nullopt;
    }
    return hours * 60 + minutes;
  }

  std::string FormatClockTime(int minutes)
  {
    char text[8];
    std::snprintf(text, sizeof(text), "%02d:%02d", (minutes / 60) % 100, minutes % 60);
    return text;
  }

  Json::Value Window::ToJson() const
  {
    Json::Value json(Json::objectValue);
    json["Start"] = FormatClockTime(start);
    json["End"] = FormatClockTime(end);
    json["Threads"] = threads;
    json["Utilization"] = utilization;
    json["MaxMBps"] = maxMBps;
    if (maxGB > 0)
    {
      json["MaxGB"] = maxGB;
    }
    return json;
  }

  const char* Schedule::WeekdayName(int weekday)
  {
    return WEEKDAYS[weekday];
  }

  namespace
  {
    // A day's Windows, sorted by start, must not overlap each other, nor run overnight into
    // the next day's.
    void CheckOverlaps(const std::vector<Window>& windows, int day,
                       const std::vector<Window>& nextDay, const std::string& dayPath)
    {
      for (size_t i = 1; i < windows.size(); i++)
      {
        if (Overlap(OwnDay(windows[i - 1]), OwnDay(windows[i])))
        {
          throw ValidationError(
            dayPath, dayPath + ": window " + FormatClockTime(windows[i - 1].start) + "-" +
                       FormatClockTime(windows[i - 1].end) + " overlaps " +
                       FormatClockTime(windows[i].start) + "-" + FormatClockTime(windows[i].end));
        }
      }
      for (const Window& window : windows)
      {
        if (!window.IsOvernight())
        {
          continue;
        }
        for (const Window& other : nextDay)
        {
          if (Overlap({0, window.end}, OwnDay(other)))
          {
            throw ValidationError(dayPath, dayPath + ": window " + FormatClockTime(window.start) +
                                             "-" + FormatClockTime(window.end) + " runs into " +
                                             WEEKDAYS[(day + 1) % 7] + "'s window " +
                                             FormatClockTime(other.start) + "-" +
                                             FormatClockTime(other.end));
          }
        }
      }
    }
  } // namespace

  Schedule Schedule::FromJson(const Json::Value& json, const std::string& path)
  {
    JsonFields fields(json, path);
    std::set<std::string> keys(WEEKDAYS, WEEKDAYS + 7);
    keys.insert("Exceptions");
    fields.RefuseUnknown(keys);
    Schedule schedule;
    if (fields.Has("Exceptions"))
    {
      schedule.exceptions_ = ParseExceptions(fields.Get("Exceptions"), fields.PathOf("Exceptions"));
    }
    for (int day = 0; day < 7; day++)
    {
      const std::string dayPath = fields.PathOf(WEEKDAYS[day]);
      if (!fields.Has(WEEKDAYS[day]))
      {
        continue;
      }
      const Json::Value& windows = fields.Get(WEEKDAYS[day]);
      if (!windows.isArray())
      {
        throw ValidationError(dayPath, dayPath + " must be an array of Windows");
      }
      for (Json::ArrayIndex i = 0; i < windows.size(); i++)
      {
        schedule.days_[day].push_back(
          ParseWindow(windows[i], dayPath + "[" + std::to_string(i) + "]"));
      }
      std::sort(schedule.days_[day].begin(), schedule.days_[day].end(),
                [](const Window& a, const Window& b) { return a.start < b.start; });
    }
    for (int day = 0; day < 7; day++)
    {
      CheckOverlaps(schedule.days_[day], day, schedule.days_[(day + 1) % 7],
                    fields.PathOf(WEEKDAYS[day]));
    }
    return schedule;
  }

  Json::Value Schedule::ToJson() const
  {
    Json::Value json(Json::objectValue);
    for (int day = 0; day < 7; day++)
    {
      if (!days_[day].empty())
      {
        Json::Value& windows = json[WEEKDAYS[day]] = Json::Value(Json::arrayValue);
        for (const Window& window : days_[day])
        {
          windows.append(window.ToJson());
        }
      }
    }
    if (!exceptions_.empty())
    {
      Json::Value& exceptions = json["Exceptions"] = Json::Value(Json::arrayValue);
      for (const ScheduleException& exception : exceptions_)
      {
        exceptions.append(exception.ToJson());
      }
    }
    return json;
  }

  const ScheduleException* Schedule::ExceptionOn(int day) const
  {
    for (const ScheduleException& exception : exceptions_)
    {
      if (exception.Covers(day))
      {
        return &exception;
      }
    }
    return nullptr;
  }

  size_t Schedule::DropExceptionsEndedBefore(int day)
  {
    const size_t before = exceptions_.size();
    exceptions_.erase(std::remove_if(exceptions_.begin(), exceptions_.end(),
                                     [day](const ScheduleException& e) { return e.lastDay < day; }),
                      exceptions_.end());
    return before - exceptions_.size();
  }

  std::optional<Window> Schedule::WindowOn(int day, int weekday, int minute, int* startDay) const
  {
    int ignored = 0;
    int& start = startDay == nullptr ? ignored : *startDay;
    start = day;
    if (const ScheduleException* exception = ExceptionOn(day))
    {
      for (const Window& window : exception->windows)
      {
        if (minute >= window.start && minute < window.end)
        {
          return window;
        }
      }
      return std::nullopt;
    }
    for (const Window& window : days_.at(weekday))
    {
      const Span span = OwnDay(window);
      if (minute >= span.from && minute < span.to)
      {
        return window;
      }
    }
    if (ExceptionOn(day - 1) != nullptr)
    {
      return std::nullopt; // the day before was an exception: its weekly night does not run on
    }
    for (const Window& window : days_.at((weekday + 6) % 7))
    {
      if (window.IsOvernight() && minute < window.end)
      {
        start = day - 1;
        return window;
      }
    }
    return std::nullopt;
  }

  std::optional<Window> Schedule::WindowAt(int weekday, int minute) const
  {
    for (const Window& window : days_.at(weekday))
    {
      const Span span = OwnDay(window);
      if (minute >= span.from && minute < span.to)
      {
        return window;
      }
    }
    for (const Window& window : days_.at((weekday + 6) % 7))
    {
      if (window.IsOvernight() && minute < window.end)
      {
        return window;
      }
    }
    return std::nullopt;
  }

  bool Schedule::IsEmpty() const
  {
    if (!exceptions_.empty())
    {
      return false;
    }
    for (const auto& day : days_)
    {
      if (!day.empty())
      {
        return false;
      }
    }
    return true;
  }
} // namespace XnatDqr
