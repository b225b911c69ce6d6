#pragma once

#include "Core/Observability/Metrics.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Pacing/Throttles.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Core/Scu/ScuSettings.h"
#include "Core/Transfers/InstanceSource.h"
#include "Core/Transfers/TransferControl.h"
#include "Core/Transfers/TransferStore.h"
#include "Dicom/InstanceSender.h"
#include "Dicom/SendPaced.h"
#include "Dicom/StepTimer.h"

#include <memory>
#include <string>
#include <vector>

namespace XnatDqr
{
  struct MoveSettings
  {
    ScuSettings scu;               // Orthanc's own SCU settings, which our associations follow
    uint32_t moveWaitSeconds = 30; // how long a C-MOVE waits for a free thread
    AssociationPool* associations = nullptr; // kept open between C-MOVEs; not owned
  };

  // Replaces Orthanc's built-in C-MOVE handler: routes each request to its Receiver (or, for
  // other destinations, to Orthanc's own modality as stock Orthanc would), refuses what must be
  // refused with one log line, records a Transfer, and sends inside the C-MOVE when the
  // schedules are open and a thread is free; otherwise queues or refuses, as the Receiver's
  // OutsideWindow says.
  class MoveHandler
  {
  public:
    // References are not owned and must outlive the plugin.
    MoveHandler(ReceiverRegistry& registry, TransferStore& store, Clock& clock,
                SchedulePolicy& schedules, Throttles& throttles, TransferControl& queue,
                InstanceSource& instances, RefusalCounter& refusals, MoveStepTimes& steps,
                const MoveSettings& settings);

    // Registers the callbacks with Orthanc; only one MoveHandler may be registered. Where
    // GivesCallerAddress, the second move callback, which tells the caller's IP address.
    void Register();
    // Built against an SDK of 1.12.10 or later, and running on such an Orthanc.
    static bool GivesCallerAddress();

    // The SDK's create callback; public for the C trampolines only. Returns a MoveDriver*, or
    // null to fail the C-MOVE.
    void* Create(const struct MoveCall& call);

  private:
    void* ToReceiver(Transfer transfer, std::vector<std::string> ids,
                     std::unique_ptr<InstanceSender> sender, StepTimer& timer);
    void* SendNow(Transfer transfer, std::vector<std::string> ids,
                  std::unique_ptr<InstanceSender> sender, std::unique_ptr<TransferPacer> pacer,
                  std::unique_ptr<ThreadLease> lease, StepTimer& timer);

    ReceiverRegistry& registry_;
    TransferStore& store_;
    Clock& clock_;
    SchedulePolicy& schedules_;
    Throttles& throttles_;
    TransferControl& queue_;
    InstanceSource& instances_;
    RefusalCounter& refusals_;
    MoveStepTimes& steps_;
    MoveSettings settings_;
  };
} // namespace XnatDqr
