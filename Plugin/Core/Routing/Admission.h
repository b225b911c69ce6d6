#pragma once

#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Receivers/Receiver.h"

#include <cstdint>
#include <string>

namespace XnatDqr
{
  enum class AdmissionAction
  {
    Send,  // now, inside the C-MOVE
    Wait,  // for a free thread, up to MoveWaitSeconds; then `afterWait`
    Queue, // answer at once, send when the schedule allows
    Refuse // fail the C-MOVE, so that XNAT retries later
  };

  struct Admission
  {
    AdmissionAction action = AdmissionAction::Refuse;
    AdmissionAction afterWait = AdmissionAction::Refuse; // Queue or Refuse, for Wait
    std::string reason;
  };

  // What a C-MOVE to a Receiver does now, given the schedules' state, the Receiver's
  // OutsideWindow policy and the threads it and everybody already use.
  Admission Admit(const EffectiveState& state, OutsideWindow policy, uint32_t receiverRunning,
                  uint32_t totalRunning, uint32_t moveWaitSeconds);

  // Why a C-MOVE of this many bytes, sent inside the C-MOVE from nowMs, would break its
  // schedule: more than what is left of a byte budget in force (MaxGB), or longer, at the
  // Window's pace (MaxMBps, or the PACS-wide cap if lower, and Utilization), than is left of
  // the Window. "" when it fits (a Window without a cap has no pace to fall behind).
  std::string WhyItDoesNotFit(const EffectiveState& state, uint64_t bytes, int64_t nowMs);

  // Admit for a C-MOVE whose size is known: one that does not fit follows OutsideWindow, as a
  // closed Window does, so that a budget or a Window's end is kept inside a C-MOVE too.
  Admission AdmitMove(const EffectiveState& state, OutsideWindow policy, uint32_t receiverRunning,
                      uint32_t totalRunning, uint32_t moveWaitSeconds, uint64_t bytes,
                      int64_t nowMs);

  const char* ToString(AdmissionAction action);
} // namespace XnatDqr
