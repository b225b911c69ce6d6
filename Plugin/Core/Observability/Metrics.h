#pragma once

#include "Core/Observability/MoveSteps.h"
#include "Core/Recording/RateMeter.h"
#include "Core/Transfers/Transfer.h"
#include "Core/Transfers/TransferTally.h"

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace XnatDqr
{
  // Why a C-MOVE was refused, as the metrics' `reason` label says it.
  enum class RefusalReason
  {
    Keys,               // a unique key that is not one value (wildcard, range, empty)
    UnknownDestination, // no Receiver and no Orthanc modality has that AE Title
    NotRouted,          // Receivers have that AE Title, but none takes this C-MOVE
    OutsideWindow,      // the schedule is closed and the Receiver's OutsideWindow is Refuse
    NoThread            // no thread free within MoveWaitSeconds, OutsideWindow Refuse
  };
  const char* ToString(RefusalReason reason);

  // C-MOVEs refused since Orthanc started, per Receiver and reason, and the recent ones with
  // their times (the last 24 h, at most RECENT of them). Thread-safe.
  class RefusalCounter
  {
  public:
    static constexpr size_t RECENT = 100000;
    static constexpr int64_t RECENT_MS = 24 * 3600 * 1000;

    void Count(const std::string& receiverId, RefusalReason reason, int64_t nowMs);
    std::map<std::pair<std::string, RefusalReason>, uint64_t> Snapshot();
    std::map<std::pair<std::string, RefusalReason>, uint64_t> Since(int64_t sinceMs);

  private:
    struct Recent
    {
      int64_t timeMs;
      std::string receiverId;
      RefusalReason reason;
    };
    std::mutex mutex_;
    std::map<std::pair<std::string, RefusalReason>, uint64_t> counts_;
    std::deque<Recent> recent_;
  };

  // DICOMweb retrieves under the Receivers' roots since Orthanc started, per Receiver and
  // outcome ("Succeeded", "Failed", "Refused"). Thread-safe.
  class RetrieveCounter
  {
  public:
    void Count(const std::string& receiverId, const std::string& outcome)
    {
      std::lock_guard<std::mutex> lock(mutex_);
      counts_[{receiverId, outcome}]++;
    }
    std::map<std::pair<std::string, std::string>, uint64_t> Snapshot()
    {
      std::lock_guard<std::mutex> lock(mutex_);
      return counts_;
    }

  private:
    std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, uint64_t> counts_;
  };

  // What GET /xnat-dqr/metrics says about one Receiver, beyond its tallies.
  struct ReceiverGauges
  {
    std::string receiverId;
    double mbps = 0;
    bool windowOpen = false;
  };

  struct MetricsInput
  {
    std::vector<TransferTally> tallies;
    std::vector<ReceiverGauges> receivers; // every registered Receiver
    std::map<std::pair<std::string, RefusalReason>, uint64_t> refusals;
    MoveStepTimes::Snapshot steps;
    std::map<std::pair<std::string, std::string>, uint64_t> retrieves; // RetrieveCounter
    int64_t nowMs = 0;
  };

  // The Prometheus text exposition format (version 0.0.4): one family per metric, with HELP
  // and TYPE lines, labels `receiver`, `state` and `reason`, label values escaped.
  std::string RenderPrometheus(const MetricsInput& input);

  // The totals that go into Orthanc's own /tools/metrics-prometheus, by name. Orthanc keeps
  // them as float, so bytes go in as megabytes.
  std::map<std::string, double> OrthancTotals(const MetricsInput& input);
} // namespace XnatDqr
