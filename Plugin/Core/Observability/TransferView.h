#pragma once

#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Pacing/Throttles.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Core/Transfers/QueueWait.h"

#include <json/value.h>
#include <vector>

namespace XnatDqr
{
  // A Transfer as the API serves it: its own JSON plus "Waiting" ({"Reason", "Until"} or null),
  // which needs the schedules and the threads now. Nothing is owned.
  class TransferView
  {
  public:
    TransferView(ReceiverRegistry& registry, SchedulePolicy& schedules, Throttles& throttles,
                 const RetryPolicy& retry)
        : registry_(registry), schedules_(schedules), throttles_(throttles), retry_(retry)
    {
    }

    // One answer: each Receiver's schedules are read once.
    Json::Value Describe(const std::vector<Transfer>& transfers, int64_t nowMs);
    Json::Value Describe(const Transfer& transfer, int64_t nowMs);

  private:
    ReceiverRegistry& registry_;
    SchedulePolicy& schedules_;
    Throttles& throttles_;
    RetryPolicy retry_;
  };
} // namespace XnatDqr
