#pragma once

#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Pacing/Throttles.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Core/Scu/ScuSettings.h"
#include "Core/Transfers/TransferStore.h"
#include "Dicom/AssociationPool.h"

#include <atomic>
#include <string>

namespace XnatDqr
{
  // What a running queued Transfer is asked to do at its next batch boundary.
  enum class RunnerRequest
  {
    None,
    Pause,
    Cancel,
    Stop // Orthanc is stopping: back to Queued, nothing counted against it
  };

  struct RunnerSettings
  {
    ScuSettings scu; // Orthanc's own SCU settings, which our associations follow
    RetryPolicy retry;
    std::string instanceId; // this Orthanc as the store names it (Transfer::runningOn)
    AssociationPool* associations = nullptr; // kept open between Transfers; not owned
  };

  // Sends one queued Transfer from where it stopped, paced, until it is done, fails, its
  // window closes or it is asked to stop; writes its progress after every instance. Holds
  // the Receiver's thread, taken by the caller, until it returns.
  void RunTransfer(int64_t id, TransferStore& store, Clock& clock, ReceiverRegistry& registry,
                   SchedulePolicy& schedules, Throttles& throttles, const RunnerSettings& settings,
                   const std::atomic<RunnerRequest>& request);
} // namespace XnatDqr
