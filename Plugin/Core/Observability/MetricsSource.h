#pragma once

#include "Core/Observability/Metrics.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Pacing/Throttles.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Core/Transfers/TransferStore.h"

namespace XnatDqr
{
  // Gathers what the metrics say, from the store, the registry, the schedules, the rate meter
  // and the refusal counter. Nothing is owned.
  class MetricsSource
  {
  public:
    MetricsSource(TransferStore& store, ReceiverRegistry& registry, SchedulePolicy& schedules,
                  Throttles& throttles, RefusalCounter& refusals, const MoveStepTimes& steps,
                  RetrieveCounter* retrieves = nullptr)
        : store_(store), registry_(registry), schedules_(schedules), throttles_(throttles),
          refusals_(refusals), steps_(steps), retrieves_(retrieves)
    {
    }

    MetricsInput Gather(int64_t nowMs);

  private:
    TransferStore& store_;
    ReceiverRegistry& registry_;
    SchedulePolicy& schedules_;
    Throttles& throttles_;
    RefusalCounter& refusals_;
    const MoveStepTimes& steps_;
    RetrieveCounter* retrieves_; // may be null
  };
} // namespace XnatDqr
