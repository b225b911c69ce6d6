#pragma once

#include "Core/Common/Clock.h"

#include <cstdint>

namespace XnatDqr
{
  // Microseconds between laps, for MoveStepTimes.
  class StepTimer
  {
  public:
    explicit StepTimer(Clock& clock) : clock_(clock), last_(clock.SteadyMicros()) {}
    int64_t Lap()
    {
      const int64_t now = clock_.SteadyMicros();
      const int64_t micros = now - last_;
      last_ = now;
      return micros;
    }

  private:
    Clock& clock_;
    int64_t last_;
  };
} // namespace XnatDqr
