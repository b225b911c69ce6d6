#include "Core/Schedule.h"

#include "Core/Errors.h"
#include "Core/JsonFields.h"

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
    ScheduleException ParseException(const Json::Value& json, const std::string& path)
    {
      JsonFields fields(json, path);
      fields.RefuseUnknown({"Date", "From", "To", "Windows"});
      ScheduleException exception;
      const auto date = [&fields, &path](const char* key)
      {
        const std::string text = fields.GetString(key);
        const std::optional<int> day = ParseDate(text);
        if (!day)
        {
          throw ValidationError(path + "." + key, path + "." + key + " \"" + text +
                                                    "\" must be a date YYYY-MM-DD");
        }
        return *day;
      };
      if (fields.Has("Date"))
      {
        if (fields.Has("From") || fields.Has("To"))
        {
          throw ValidationError(path, path + " has Date, or From and To, not both");
        }
        exception.firstDay = exception.lastDay = date("Date");
      }
      else
      {
        exception.firstDay = date("From");
        exception.lastDay = date("To");
        if (exception.lastDay < exception.firstDay)
        {
          throw ValidationError(path + ".To", path + ".To must not be before From");
        }
      }
      const Json::Value& windows = fields.Get("Windows");
      if (!windows.isArray())
      {
        throw ValidationError(path + ".Windows",
                              path + ".Windows must be an array of Windows ([] : closed)");
      }
      for (Json::ArrayIndex i = 0; i < windows.size(); i++)
      {
        const std::string windowPath = path + ".Windows[" + std::to_string(i) + "]";
        Window window = ParseWindow(windows[i], windowPath);
        if (window.IsOvernight())
        {
          throw ValidationError(windowPath + ".End",
                                windowPath + " runs past midnight: an exception's windows end "
                                             "by 24:00 of their own day");
        }
        exception.windows.push_back(window);
      }
      std::sort(exception.windows.begin(), exception.windows.end(),
                [](const Window& a, const Window& b) { return a.start < b.start; });
      for (size_t i = 1; i < exception.windows.size(); i++)
      {
        if (Overlap(OwnDay(exception.windows[i - 1]), OwnDay(exception.windows[i])))
        {
          throw ValidationError(path + ".Windows",
                                path + ": window " + FormatClockTime(exception.windows[i - 1].start) +
                                  "-" + FormatClockTime(exception.windows[i - 1].end) +
                                  " overlaps " + FormatClockTime(exception.windows[i].start) +
                                  "-" + FormatClockTime(exception.windows[i].end));
        }
      }
      return exception;
    }

    std::vector<ScheduleException> ParseExceptions(const Json::Value& json, const std::string& path)
    {
      if (!json.isArray())
      {
        throw ValidationError(path, path + " must be an array of exceptions");
      }
      if (json.size() > 1000)
      {
        throw ValidationError(path, path + " holds more than 1000 exceptions");
      }
      std::vector<ScheduleException> exceptions;
      std::vector<std::string> paths;
      for (Json::ArrayIndex i = 0; i < json.size(); i++)
      {
        paths.push_back(path + "[" + std::to_string(i) + "]");
        exceptions.push_back(ParseException(json[i], paths.back()));
      }
      for (size_t i = 0; i < exceptions.size(); i++)
      {
        for (size_t j = i + 1; j < exceptions.size(); j++)
        {
          if (exceptions[i].firstDay <= exceptions[j].lastDay &&
              exceptions[j].firstDay <= exceptions[i].lastDay)
          {
            throw ValidationError(paths[j], paths[j] + " (" + FormatDate(exceptions[j].firstDay) +
                                              ") overlaps " + paths[i] + " (" +
                                              FormatDate(exceptions[i].firstDay) + ")");
          }
        }
      }
      std::sort(exceptions.begin(), exceptions.end(),
                [](const ScheduleException& a, const ScheduleException& b)
                { return a.firstDay < b.firstDay; });
      return exceptions;
    }
  } // namespace

  int DaysFromCivil(int year, int month, int dayOfMonth)
  {
    // Howard Hinnant's days_from_civil, a well-known public-domain formula.
    year -= month <= 2 ? 1 : 0;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int yearOfEra = year - era * 400;
    const int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + dayOfMonth - 1;
    const int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
  }

  std::optional<int> ParseDate(const std::string& text)
  {
    int year = 0, month = 0, day = 0;
    char extra = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
        std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &extra) != 3 ||
        !std::all_of(text.begin(), text.end(),
                     [](char c) { return c == '-' || std::isdigit(static_cast<unsigned char>(c)); }))
    {
      return std::nullopt;
    }
    static const int LENGTHS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (year < 1970 || month < 1 || month > 12 || day < 1 ||
        day > LENGTHS[month - 1] + (month == 2 && leap ? 1 : 0))
    {
      return std::nullopt;
    }
    return DaysFromCivil(year, month, day);
  }

  std::string FormatDate(int day)
  {
    // The inverse (civil_from_days).
    const int z = day + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int dayOfEra = z - era * 146097;
    const int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const int mp = (5 * dayOfYear + 2) / 153;
    const int dayOfMonth = dayOfYear - (153 * mp + 2) / 5 + 1;
    const int month = mp + (mp < 10 ? 3 : -9);
    const int year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    char text[48];
    std::snprintf(text, sizeof(text), "%04d-%02d-%02d", year, month, dayOfMonth);
    return text;
  }

  Json::Value ScheduleException::ToJson() const
  {
    Json::Value json(Json::objectValue);
    if (firstDay == lastDay)
    {
      json["Date"] = FormatDate(firstDay);
    }
    else
    {
      json["From"] = FormatDate(firstDay);
      json["To"] = FormatDate(lastDay);
    }
    json["Windows"] = Json::Value(Json::arrayValue);
    for (const Window& window : windows)
    {
      json["Windows"].append(window.ToJson());
    }
    return json;
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
      const std::vector<Window>& windows = schedule.days_[day];
      const std::string dayPath = fields.PathOf(WEEKDAYS[day]);
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
      // The part of an overnight window after midnight must not overlap the next day.
      for (const Window& window : windows)
      {
        if (!window.IsOvernight())
        {
          continue;
        }
        const int next = (day + 1) % 7;
        for (const Window& other : schedule.days_[next])
        {
          if (Overlap({0, window.end}, OwnDay(other)))
          {
            throw ValidationError(dayPath, dayPath + ": window " + FormatClockTime(window.start) +
                                             "-" + FormatClockTime(window.end) + " runs into " +
                                             WEEKDAYS[next] + "'s window " +
                                             FormatClockTime(other.start) + "-" +
                                             FormatClockTime(other.end));
          }
        }
      }
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
