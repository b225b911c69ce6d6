#pragma once

#include "Core/Common/Clock.h"
#include "Core/Common/TimeFormat.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>

// The fixed clock of the unit tests: UTC instants by their fields, a fake Clock whose time
// moves only when told to (or when code waits on it), and a time zone set for one test and
// restored after it.
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

  // Time stands still until Advance, or until code waits or sleeps on it: then the whole wait
  // passes at once, as if nothing woke the waiter. Thread-safe.
  class FakeClock : public Clock
  {
  public:
    explicit FakeClock(int64_t nowMs = Utc(2026, 12, 2, 9, 0)) : now_(nowMs) {}
    int64_t NowMs() override { return now_; }
    int64_t SteadyMicros() override { return steady_; }
    void WaitFor(std::condition_variable&, std::unique_lock<std::mutex>&, int64_t ms) override
    {
      waited_ += ms > 0 ? ms : 0;
      Advance(ms);
    }
    void SleepMs(int64_t ms) override
    {
      slept_ += ms > 0 ? ms : 0;
      Advance(ms);
    }
    void Advance(int64_t ms)
    {
      if (ms > 0)
      {
        now_ += ms;
        steady_ += ms * 1000;
      }
    }
    int64_t SleptMs() const { return slept_; }   // by SleepMs
    int64_t WaitedMs() const { return waited_; } // by WaitFor

  private:
    std::atomic<int64_t> now_;
    std::atomic<int64_t> steady_{1000000};
    std::atomic<int64_t> slept_{0};
    std::atomic<int64_t> waited_{0};
  };

  class TimeZone
  {
  public:
    explicit TimeZone(const char* zone)
    {
      const char* tz = getenv("TZ");
      hadTz_ = tz != nullptr;
      saved_ = hadTz_ ? tz : "";
      setenv("TZ", zone, 1);
      TimeFormat::ReadHostZone();
    }
    ~TimeZone()
    {
      hadTz_ ? setenv("TZ", saved_.c_str(), 1) : unsetenv("TZ");
      TimeFormat::ReadHostZone();
    }
    TimeZone(const TimeZone&) = delete;
    TimeZone& operator=(const TimeZone&) = delete;

  private:
    std::string saved_;
    bool hadTz_ = false;
  };
} // namespace XnatDqr::Testing
