#pragma once

#include "Core/Observability/Metrics.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Core/Transfers/TransferStore.h"

#include <json/value.h>
#include <map>
#include <mutex>
#include <string>

namespace XnatDqr
{
  // The last C-ECHO to each Receiver, kept while Orthanc runs (the page reloads, the answer
  // stays). Thread-safe.
  class EchoLog
  {
  public:
    struct Echo
    {
      int64_t timeMs = 0;
      bool success = false;
      std::string text; // "12 ms", or why it failed
    };
    void Record(const std::string& receiverId, const Echo& echo);
    std::map<std::string, Echo> Snapshot();

  private:
    std::mutex mutex_;
    std::map<std::string, Echo> echoes_;
  };

  // GET /xnat-dqr/glance: per Receiver, what a PACS administrator checks first. Nothing owned.
  class Glance
  {
  public:
    static constexpr int64_t REFUSALS_MS = 24 * 3600 * 1000;

    Glance(TransferStore& store, ReceiverRegistry& registry, SchedulePolicy& schedules,
           RefusalCounter& refusals, EchoLog& echoes)
        : store_(store), registry_(registry), schedules_(schedules), refusals_(refusals), echoes_(echoes)
    {
    }

    // {"<Id>": {"Waiting": n, "OldestWaiting": time|null, "LastSent": time|null,
    //  "Open": bool, "NextChange": time|null, "LastEcho": {"Time", "Success", "Text"}|null,
    //  "Refused24h": {"<reason>": n}}}
    Json::Value Describe(int64_t nowMs);

  private:
    TransferStore& store_;
    ReceiverRegistry& registry_;
    SchedulePolicy& schedules_;
    RefusalCounter& refusals_;
    EchoLog& echoes_;
  };
} // namespace XnatDqr
