#pragma once

#include <cstdint>
#include <json/value.h>
#include <optional>
#include <string>

// Times in the REST API are ISO 8601 in the Orthanc host's local time, with the UTC offset.
namespace XnatDqr::TimeFormat
{
  // Reads the host's time zone (TZ, /etc/timezone, /etc/localtime): once, at start. Times
  // are formatted and windows placed in the zone read last.
  void ReadHostZone();

  // Milliseconds since the Unix epoch -> "2026-11-28T03:35:00.123+01:00".
  std::string ToLocalIso(int64_t epochMs);
  // The same as JSON, null for a time that is not there (0, or nullopt).
  Json::Value TimeOrNull(int64_t epochMs);
  Json::Value TimeOrNull(const std::optional<int64_t>& epochMs);

  // The Orthanc host's time zone at a moment: the names the page shows once, and the offset it
  // draws "now" with.
  struct HostZone
  {
    std::string name;         // "Europe/Paris" (TZ, /etc/timezone, /etc/localtime), or ""
    std::string abbreviation; // "CET"
    int offsetMinutes = 0;    // east of UTC
    std::string offset;       // "+01:00"
  };
  HostZone ZoneAt(int64_t epochMs);

  // Accepts "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z", "+HH:MM" or nothing (local time),
  // or a plain integer (epoch milliseconds). Returns epoch milliseconds, nullopt if malformed.
  std::optional<int64_t> Parse(const std::string& text);
} // namespace XnatDqr::TimeFormat
