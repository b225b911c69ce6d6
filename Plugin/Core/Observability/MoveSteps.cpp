#include "Core/Observability/MoveSteps.h"

namespace XnatDqr
{
  const char* ToString(MoveStep step)
  {
    switch (step)
    {
    case MoveStep::Route:
      return "route";
    case MoveStep::Match:
      return "match";
    case MoveStep::Admit:
      return "admit";
    case MoveStep::Record:
      return "record";
    case MoveStep::Open:
      return "open";
    case MoveStep::Read:
      return "read";
    case MoveStep::Store:
      return "store";
    default:
      return "finish";
    }
  }

  MoveStepTimes::Snapshot MoveStepTimes::Read() const
  {
    Snapshot snapshot;
    snapshot.served = served_.load(std::memory_order_relaxed);
    for (size_t i = 0; i < MOVE_STEPS; i++)
    {
      snapshot.micros[i] = micros_[i].load(std::memory_order_relaxed);
    }
    return snapshot;
  }
} // namespace XnatDqr
