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
    size_t i = 16;
    int second = 0, millis = 0;
    if (i < text.size() && text[i] == ':')
    {
      if (i + 3 > text.size() || !std::isdigit(static_cast<unsigned char>(text[i + 1])) ||
          !std::isdigit(static_cast<unsigned char>(text[i + 2])))
      {
        return std::nullopt;
      }
      second = (text[i + 1] - '0') * 10 + (text[i + 2] - '0');
      i += 3;
      if (i < text.size() && text[i] == '.')
      {
        int digits = 0;
        for (i++; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); i++)
        {
          millis = digits < 3 ? millis * 10 + (text[i] - '0') : millis;
          digits++;
        }
        for (; digits < 3; digits++)
        {
          millis *= 10;
        }
      }
    }
    struct tm fields = {};
    fields.tm_year = year - 1900;
    fields.tm_mon = month - 1;
    fields.tm_mday = day;
    fields.tm_hour = hour;
    fields.tm_min = minute;
    fields.tm_sec = second;
    time_t seconds;
    if (i == text.size())
    {
      fields.tm_isdst = -1;
      seconds = mktime(&fields);
    }
    else if (text.substr(i) == "Z")
    {
      seconds = timegm(&fields);
    }
    else
    {
      int offsetHours, offsetMinutes;
      char sign = text[i];
      if ((sign != '+' && sign != '-') || text.size() != i + 6 ||
          std::sscanf(text.c_str() + i + 1, "%2d:%2d", &offsetHours, &offsetMinutes) != 2)
      {
        return std::nullopt;
      }
      const int offset = (offsetHours * 60 + offsetMinutes) * 60;
      seconds = timegm(&fields) - (sign == '+' ? offset : -offset);
    }
    return static_cast<int64_t>(seconds) * 1000 + millis;
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
