#include "Core/Common/TimeFormat.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <mutex>
#include <unistd.h>

namespace XnatDqr::TimeFormat
{
  std::string ToLocalIso(int64_t epochMs)
  {
    const time_t seconds = static_cast<time_t>(epochMs / 1000);
    struct tm local;
    localtime_r(&seconds, &local);
    const int offset = static_cast<int>(local.tm_gmtoff / 60);
    char text[96];
    std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d",
                  local.tm_year + 1900, local.tm_mon + 1, local.tm_mday, local.tm_hour,
                  local.tm_min, local.tm_sec, static_cast<int>(epochMs % 1000),
                  offset < 0 ? '-' : '+', (offset < 0 ? -offset : offset) / 60,
                  (offset < 0 ? -offset : offset) % 60);
    return text;
  }

  namespace
  {
    // The zone's name as the C library found it: TZ first, then Debian's files.
    std::string ZoneName()
    {
      const char* tz = std::getenv("TZ");
      if (tz != nullptr && *tz != '\0')
      {
        return tz[0] == ':' ? tz + 1 : tz;
      }
      std::ifstream file("/etc/timezone");
      std::string name;
      if (std::getline(file, name) && !name.empty())
      {
        return name;
      }
      char link[512] = {0};
      const ssize_t size = readlink("/etc/localtime", link, sizeof(link) - 1);
      const std::string target = size > 0 ? std::string(link, static_cast<size_t>(size)) : "";
      const size_t at = target.find("zoneinfo/");
      return at == std::string::npos ? "" : target.substr(at + 9);
    }
  } // namespace

  namespace
  {
    std::mutex zoneMutex;
    std::string zoneName;
  } // namespace

  void ReadHostZone()
  {
    tzset();
    const std::string name = ZoneName();
    std::lock_guard<std::mutex> lock(zoneMutex);
    zoneName = name;
  }

  HostZone ZoneAt(int64_t epochMs)
  {
    const time_t seconds = static_cast<time_t>(epochMs / 1000);
    struct tm local;
    localtime_r(&seconds, &local);
    HostZone zone;
    {
      std::lock_guard<std::mutex> lock(zoneMutex);
      zone.name = zoneName;
    }
    zone.abbreviation = local.tm_zone == nullptr ? "" : local.tm_zone;
    zone.offsetMinutes = static_cast<int>(local.tm_gmtoff / 60);
    const int magnitude = zone.offsetMinutes < 0 ? -zone.offsetMinutes : zone.offsetMinutes;
    char text[16];
    std::snprintf(text, sizeof(text), "%c%02d:%02d", zone.offsetMinutes < 0 ? '-' : '+',
                  magnitude / 60, magnitude % 60);
    zone.offset = text;
    return zone;
  }

  namespace
  {
    bool IsDigit(char c)
    {
      return std::isdigit(static_cast<unsigned char>(c)) != 0;
    }

    // ":SS[.fff]" from at, if there; false when malformed.
    bool ParseSeconds(const std::string& text, size_t& at, int& second, int& millis)
    {
      if (at >= text.size() || text[at] != ':')
      {
        return true;
      }
      if (at + 3 > text.size() || !IsDigit(text[at + 1]) || !IsDigit(text[at + 2]))
      {
        return false;
      }
      second = (text[at + 1] - '0') * 10 + (text[at + 2] - '0');
      at += 3;
      if (at < text.size() && text[at] == '.')
      {
        int digits = 0;
        for (at++; at < text.size() && IsDigit(text[at]); at++)
        {
          millis = digits < 3 ? millis * 10 + (text[at] - '0') : millis;
          digits++;
        }
        for (; digits < 3; digits++)
        {
          millis *= 10;
        }
      }
      return true;
    }

    // The fields as local time (no zone), UTC ("Z") or at an offset ("+HH:MM").
    std::optional<time_t> InZone(struct tm fields, const std::string& zone)
    {
      if (zone.empty())
      {
        fields.tm_isdst = -1;
        return mktime(&fields);
      }
      if (zone == "Z")
      {
        return timegm(&fields);
      }
      int offsetHours, offsetMinutes;
      const char sign = zone[0];
      if ((sign != '+' && sign != '-') || zone.size() != 6 ||
          std::sscanf(zone.c_str() + 1, "%2d:%2d", &offsetHours, &offsetMinutes) != 2)
      {
        return std::nullopt;
      }
      const int offset = (offsetHours * 60 + offsetMinutes) * 60;
      return timegm(&fields) - (sign == '+' ? offset : -offset);
    }
  } // namespace

  std::optional<int64_t> Parse(const std::string& text)
  {
    if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos &&
        text.size() <= 15)
    {
      return std::stoll(text);
    }
    int year, month, day, hour, minute, consumed = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d%n", &year, &month, &day, &hour, &minute,
                    &consumed) != 5 ||
        consumed != 16 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
        minute > 59)
    {
      return std::nullopt;
    }
    size_t at = 16;
    int second = 0, millis = 0;
    if (!ParseSeconds(text, at, second, millis))
    {
      return std::nullopt;
    }
    struct tm fields = {};
    fields.tm_year = year - 1900;
    fields.tm_mon = month - 1;
    fields.tm_mday = day;
    fields.tm_hour = hour;
    fields.tm_min = minute;
    fields.tm_sec = second;
    const std::optional<time_t> seconds = InZone(fields, text.substr(at));
    if (!seconds)
    {
      return std::nullopt;
    }
    return static_cast<int64_t>(*seconds) * 1000 + millis;
  }

  Json::Value TimeOrNull(int64_t epochMs)
  {
    return epochMs == 0 ? Json::Value() : Json::Value(ToLocalIso(epochMs));
  }

  Json::Value TimeOrNull(const std::optional<int64_t>& epochMs)
  {
    return epochMs ? Json::Value(ToLocalIso(*epochMs)) : Json::Value();
  }
} // namespace XnatDqr::TimeFormat
