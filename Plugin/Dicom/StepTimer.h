#pragma once

#include <chrono>
#include <cstdint>

namespace XnatDqr
{
  // Microseconds between laps, for MoveStepTimes.
  class StepTimer
  {
  public:
    int64_t Lap()
    {
      const auto now = std::chrono::steady_clock::now();
      const int64_t micros =
        std::chrono::duration_cast<std::chrono::microseconds>(now - last_).count();
      last_ = now;
      return micros;
    }

  private:
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  };
} // namespace XnatDqr
