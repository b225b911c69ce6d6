#include "Core/Routing/Admission.h"

namespace XnatDqr
{
  Admission Admit(const EffectiveState& state, OutsideWindow policy, uint32_t receiverRunning,
                  uint32_t totalRunning, uint32_t moveWaitSeconds)
  {
    const AdmissionAction fallback =
      policy == OutsideWindow::Queue ? AdmissionAction::Queue : AdmissionAction::Refuse;
    Admission admission;
    admission.afterWait = fallback;
    if (!state.open)
    {
      admission.action = fallback;
      admission.reason = state.budgetSpent
                           ? "outside the schedule (the window's byte budget, MaxGB, is spent)"
                         : state.receiverOpen ? "outside the schedule (the global one is closed)"
                                              : "outside the schedule (the Receiver's is closed)";
      return admission;
    }
    const bool free = receiverRunning < state.window.threads &&
                      (state.globalThreads == 0 || totalRunning < state.globalThreads);
    if (free)
    {
      admission.action = AdmissionAction::Send;
      admission.reason = "the schedules are open and a thread is free";
      return admission;
    }
    admission.action = AdmissionAction::Wait;
    admission.reason = "every thread is busy (" + std::to_string(receiverRunning) + " of " +
                       std::to_string(state.window.threads) + " for this Receiver, " +
                       std::to_string(totalRunning) + " in all): waits up to " +
                       std::to_string(moveWaitSeconds) + " s for one, then " +
                       (fallback == AdmissionAction::Queue ? "queues" : "refuses");
    return admission;
  }

  const char* ToString(AdmissionAction action)
  {
    switch (action)
    {
    case AdmissionAction::Send:
      return "Send";
    case AdmissionAction::Wait:
      return "Wait";
    case AdmissionAction::Queue:
      return "Queue";
    default:
      return "Refuse";
    }
  }
} // namespace XnatDqr
