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

  const char* ToString(AdmissionAction action);
} // namespace XnatDqr
