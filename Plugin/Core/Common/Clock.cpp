#include "Core/Common/Clock.h"

#include <chrono>
#include <thread>

namespace XnatDqr
{
  namespace
  {
    class RealClock : public Clock
    {
    public:
      int64_t NowMs() override
      {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
      }

      int64_t SteadyMicros() override
      {
        return std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::steady_clock::now().time_since_epoch())
          .count();
      }

      void WaitFor(std::condition_variable& condition, std::unique_lock<std::mutex>& lock,
                   int64_t ms) override
      {
        if (ms > 0)
        {
          condition.wait_for(lock, std::chrono::milliseconds(ms));
        }
      }

      void SleepMs(int64_t ms) override
      {
        if (ms > 0)
        {
          std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        }
      }
    };
  } // namespace

  Clock& SystemClock()
  {
    static RealClock* clock = new RealClock; // outlives every thread that may still ask
    return *clock;
  }
} // namespace XnatDqr
