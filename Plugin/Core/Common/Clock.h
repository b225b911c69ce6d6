#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace XnatDqr
{
  // Where time comes from, for Core and the adapters alike, in the manner of LevelDB's Env: the
  // system's in the plugin (SystemClock), a fake one in the unit tests, so that windows,
  // retries, budgets, pacing and leases are tested without waiting.
  class Clock
  {
  public:
    virtual ~Clock() = default;
    // Wall-clock time, milliseconds since the Unix epoch: what is stored, shown and scheduled.
    virtual int64_t NowMs() = 0;
    // Microseconds that never go back, for durations and deadlines.
    virtual int64_t SteadyMicros() = 0;
    // Waits on condition under lock until notified or for at most ms (0: returns at once).
    // Callers look again at what they wait for: a wait may end early.
    virtual void WaitFor(std::condition_variable& condition, std::unique_lock<std::mutex>& lock,
                         int64_t ms) = 0;
    virtual void SleepMs(int64_t ms) = 0;

    int64_t SteadyMs() { return SteadyMicros() / 1000; }
  };

  // The system's clock; one per process, never destroyed.
  Clock& SystemClock();
} // namespace XnatDqr
