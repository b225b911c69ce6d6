#pragma once

#include "Core/MoveSteps.h"
#include "Core/Transfer.h"

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

  // The Transfers of one Receiver ("" for plain Orthanc modalities) in one state: what a
  // store sums up for the metrics.
  struct TransferTally
  {
    std::string receiverId;
    TransferState state = TransferState::Queued;
    uint64_t count = 0;
    uint64_t instancesSent = 0;
    uint64_t instancesFailed = 0;
    uint64_t bytesSent = 0;
    int64_t oldestCreatedMs = 0;
    int64_t latestFinishedMs = 0;
  };

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

  // Bytes sent per Receiver over the last WINDOW_MS: the "current MB/s". Thread-safe.
  class RateMeter
  {
  public:
    static constexpr int64_t WINDOW_MS = 10000;
    void Record(const std::string& receiverId, uint64_t bytes, int64_t nowMs);
    double MBps(const std::string& receiverId, int64_t nowMs);

  private:
    std::mutex mutex_;
    std::map<std::string, std::deque<std::pair<int64_t, uint64_t>>> samples_;
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
    int64_t nowMs = 0;
  };

  // The Prometheus text exposition format (version 0.0.4): one family per metric, with HELP
  // and TYPE lines, labels `receiver`, `state` and `reason`, label values escaped.
  std::string RenderPrometheus(const MetricsInput& input);

  // The totals that go into Orthanc's own /tools/metrics-prometheus, by name. Orthanc keeps
  // them as float, so bytes go in as megabytes.
  std::map<std::string, double> OrthancTotals(const MetricsInput& input);
} // namespace XnatDqr
