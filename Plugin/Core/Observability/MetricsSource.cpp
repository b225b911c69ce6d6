#include "Core/Observability/MetricsSource.h"

namespace XnatDqr
{
  MetricsInput MetricsSource::Gather(int64_t nowMs)
  {
    MetricsInput input;
    input.nowMs = nowMs;
    input.tallies = store_.TallyTransfers();
    for (const Receiver& receiver : *registry_.Snapshot())
    {
      ReceiverGauges gauges;
      gauges.receiverId = receiver.id;
      gauges.mbps = throttles_.Rates().MBps(receiver.id, nowMs);
      gauges.windowOpen = schedules_.StateFor(receiver, nowMs).open;
      input.receivers.push_back(gauges);
    }
    input.refusals = refusals_.Snapshot();
    input.steps = steps_.Read();
    if (retrieves_ != nullptr)
    {
      input.retrieves = retrieves_->Snapshot();
    }
    return input;
  }
} // namespace XnatDqr
