#pragma once

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>

// The fixed clock of the unit tests: UTC instants by their fields, and a time zone set for
// one test and restored after it.
namespace XnatDqr::Testing
{
  inline int64_t Utc(int year, int month, int day, int hour, int minute)
  {
    struct tm fields = {};
    fields.tm_year = year - 1900;
    fields.tm_mon = month - 1;
    fields.tm_mday = day;
    fields.tm_hour = hour;
    fields.tm_min = minute;
    return static_cast<int64_t>(timegm(&fields)) * 1000;
  }

  class TimeZone
  {
  public:
    explicit TimeZone(const char* zone)
    {
      const char* tz = getenv("TZ");
      hadTz_ = tz != nullptr;
      saved_ = hadTz_ ? tz : "";
      setenv("TZ", zone, 1);
      tzset();
    }
    ~TimeZone()
    {
      hadTz_ ? setenv("TZ", saved_.c_str(), 1) : unsetenv("TZ");
      tzset();
    }
    TimeZone(const TimeZone&) = delete;
    TimeZone& operator=(const TimeZone&) = delete;

  private:
    std::string saved_;
    bool hadTz_ = false;
  };
} // namespace XnatDqr::Testing
