#include "Core/Schedules/XnatAvailability.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonFields.h"

#include <algorithm>
#include <cctype>

namespace XnatDqr::XnatAvailability
{
  namespace
  {
    std::string Upper(std::string text)
    {
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      return text;
    }

    Json::Value Interval(int weekday, int start, int end, const Window& window)
    {
      Json::Value interval(Json::objectValue);
      interval["dayOfWeek"] = Upper(Schedule::WeekdayName(weekday));
      interval["availabilityStart"] = FormatClockTime(start);
      interval["availabilityEnd"] = FormatClockTime(end >= 1440 ? 1439 : end);
      interval["threads"] = window.threads;
      interval["utilizationPercent"] = window.utilization;
      return interval;
    }

    int Weekday(const JsonFields& fields)
    {
      const std::string day = Upper(fields.GetString("dayOfWeek"));
      for (int weekday = 0; weekday < 7; weekday++)
      {
        if (day == Upper(Schedule::WeekdayName(weekday)))
        {
          return weekday;
        }
      }
      throw ValidationError(fields.PathOf("dayOfWeek"),
                            fields.PathOf("dayOfWeek") + " must be a weekday such as MONDAY");
    }
  } // namespace

  Json::Value Export(const Schedule& schedule)
  {
    Json::Value intervals(Json::arrayValue);
    for (int weekday = 0; weekday < 7; weekday++)
    {
      for (const Window& window : schedule.Day(weekday))
      {
        if (window.IsOvernight())
        {
          intervals.append(Interval(weekday, window.start, 1440, window));
          if (window.end > 0)
          {
            intervals.append(Interval((weekday + 1) % 7, 0, window.end, window));
          }
        }
        else
        {
          intervals.append(Interval(weekday, window.start, window.end, window));
        }
      }
    }
    return intervals;
  }

  Schedule Import(const Json::Value& intervals, const std::string& path)
  {
    if (!intervals.isArray())
    {
      throw ValidationError(path, path + " must be an array of XNAT availability intervals");
    }
    Json::Value days(Json::objectValue);
    for (Json::ArrayIndex i = 0; i < intervals.size(); i++)
    {
      JsonFields fields(intervals[i], path + "[" + std::to_string(i) + "]");
      fields.RefuseUnknown({"dayOfWeek", "availabilityStart", "availabilityEnd", "threads",
                            "utilizationPercent", "id", "pacsId"});
      Json::Value window(Json::objectValue);
      window["Start"] = fields.GetString("availabilityStart");
      const std::string end = fields.GetString("availabilityEnd");
      window["End"] = end == "23:59" ? std::string("24:00") : end;
      window["Threads"] = static_cast<Json::Int64>(fields.GetInteger("threads", 1, 64, 1));
      window["Utilization"] =
        static_cast<Json::Int64>(fields.GetInteger("utilizationPercent", 1, 100, 100));
      days[Schedule::WeekdayName(Weekday(fields))].append(window);
    }
    return Schedule::FromJson(days, path);
  }
} // namespace XnatDqr::XnatAvailability
