#include "Core/Schedules/Schedule.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonFields.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

// Exceptions by date: the calendar arithmetic and their validation.
namespace XnatDqr
{
  namespace
  {
    // Date, or From and To: the days it covers.
    void ReadDays(JsonFields& fields, const std::string& path, ScheduleException& exception)
    {
      const auto date = [&fields, &path](const char* key)
      {
        const std::string text = fields.GetString(key);
        const std::optional<int> day = ParseDate(text);
        if (!day)
        {
          throw ValidationError(path + "." + key,
                                path + "." + key + " \"" + text + "\" must be a date YYYY-MM-DD");
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
        return;
      }
      exception.firstDay = date("From");
      exception.lastDay = date("To");
      if (exception.lastDay < exception.firstDay)
      {
        throw ValidationError(path + ".To", path + ".To must not be before From");
      }
    }

    // Its Windows, sorted: each within its own day, none overlapping.
    std::vector<Window> ReadWindows(const Json::Value& windows, const std::string& path)
    {
      if (!windows.isArray())
      {
        throw ValidationError(path + ".Windows",
                              path + ".Windows must be an array of Windows ([] : closed)");
      }
      std::vector<Window> read;
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
        read.push_back(window);
      }
      std::sort(read.begin(), read.end(),
                [](const Window& a, const Window& b) { return a.start < b.start; });
      for (size_t i = 1; i < read.size(); i++)
      {
        if (read[i - 1].end > read[i].start)
        {
          throw ValidationError(path + ".Windows", path + ": window " +
                                                     FormatClockTime(read[i - 1].start) + "-" +
                                                     FormatClockTime(read[i - 1].end) +
                                                     " overlaps " + FormatClockTime(read[i].start) +
                                                     "-" + FormatClockTime(read[i].end));
        }
      }
      return read;
    }

    ScheduleException ParseException(const Json::Value& json, const std::string& path)
    {
      JsonFields fields(json, path);
      fields.RefuseUnknown({"Date", "From", "To", "Windows"});
      ScheduleException exception;
      ReadDays(fields, path, exception);
      exception.windows = ReadWindows(fields.Get("Windows"), path);
      return exception;
    }
  } // namespace

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
                     [](char c)
                     { return c == '-' || std::isdigit(static_cast<unsigned char>(c)); }))
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

} // namespace XnatDqr
