#include "Core/Routing/Admission.h"

#include <algorithm>
#include <cstdio>

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

  namespace
  {
    std::string Megabytes(double bytes)
    {
      char text[32];
      std::snprintf(text, sizeof(text), "%.1f MB", bytes / 1e6);
      return text;
    }
  } // namespace

  std::string WhyItDoesNotFit(const EffectiveState& state, uint64_t bytes, int64_t nowMs)
  {
    if (!state.open || bytes == 0)
    {
      return "";
    }
    for (const BudgetUse& budget : state.budgets)
    {
      const uint64_t left = budget.Spent() ? 0 : budget.limitBytes - budget.spentBytes;
      if (bytes > left)
      {
        return "its " + Megabytes(static_cast<double>(bytes)) + " would overrun the " +
               (budget.scope == "Global" ? std::string("global ") : std::string()) +
               "window's byte budget (MaxGB): " + Megabytes(static_cast<double>(left)) + " left";
      }
    }
    double pace = state.window.maxMBps;
    if (state.globalMaxMBps > 0 && (pace <= 0 || state.globalMaxMBps < pace))
    {
      pace = state.globalMaxMBps;
    }
    if (pace <= 0 || !state.nextChange)
    {
      return "";
    }
    const uint32_t utilization = std::clamp<uint32_t>(state.window.utilization, 1, 100);
    const double neededMs =
      static_cast<double>(bytes) / (pace * 1000.0) * 100.0 / static_cast<double>(utilization);
    const double leftMs = static_cast<double>(*state.nextChange - nowMs);
    if (neededMs <= leftMs)
    {
      return "";
    }
    char text[160];
    std::snprintf(text, sizeof(text),
                  "at the window's pace (%.4g MB/s, %u %%) its %s take %.0f s; "
                  "the window ends in %.0f s",
                  pace, utilization, Megabytes(static_cast<double>(bytes)).c_str(),
                  neededMs / 1000.0, leftMs / 1000.0);
    return text;
  }

  Admission AdmitMove(const EffectiveState& state, OutsideWindow policy, uint32_t receiverRunning,
                      uint32_t totalRunning, uint32_t moveWaitSeconds, uint64_t bytes,
                      int64_t nowMs)
  {
    const std::string why = WhyItDoesNotFit(state, bytes, nowMs);
    if (why.empty())
    {
      return Admit(state, policy, receiverRunning, totalRunning, moveWaitSeconds);
    }
    Admission admission;
    admission.action =
      policy == OutsideWindow::Queue ? AdmissionAction::Queue : AdmissionAction::Refuse;
    admission.afterWait = admission.action;
    admission.reason = "it does not fit in the schedule (" + why + ")";
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
