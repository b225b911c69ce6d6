#pragma once

#include "Core/Pacing/SchedulePolicy.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace XnatDqr
{
  // What a WADO-RS retrieve under a Receiver's root does now. It cannot be queued (its answer
  // is the data), so what a C-MOVE would queue or refuse is 503 Service Unavailable, with
  // Retry-After at the next time it would be admitted.
  struct RetrieveVerdict
  {
    enum class Action
    {
      Send,       // now: a thread is free
      Wait,       // for a thread, up to MoveWaitSeconds; then 503 with Retry-After the wait
      Unavailable // 503
    };
    Action action = Action::Unavailable;
    std::string reason;
    std::optional<int64_t> retryAfterSeconds; // none: the schedules never open again
  };

  // Why OutsideWindow Queue does not hold for DICOMweb, in words (the explain route, the page).
  extern const char* const DICOMWEB_CANNOT_QUEUE;

  // stateAt gives the schedules' state at a later instant, to find when this retrieve of
  // `bytes` would fit: the first opening (within 8 days) where it is open and fits.
  RetrieveVerdict AdmitRetrieve(const EffectiveState& state, uint32_t receiverRunning,
                                uint32_t totalRunning, uint32_t moveWaitSeconds, uint64_t bytes,
                                int64_t nowMs,
                                const std::function<EffectiveState(int64_t)>& stateAt);

  // The first instant after nowMs at which the schedules are open and `bytes` fit, following
  // the states' next changes; none within 8 days.
  std::optional<int64_t> NextFit(const EffectiveState& state, uint64_t bytes, int64_t nowMs,
                                 const std::function<EffectiveState(int64_t)>& stateAt);
} // namespace XnatDqr
