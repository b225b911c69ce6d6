#include "Core/Observability/Metrics.h"

#include <cmath>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

namespace XnatDqr
{
  const char* ToString(RefusalReason reason)
  {
    switch (reason)
    {
    case RefusalReason::Keys:
      return "keys";
    case RefusalReason::UnknownDestination:
      return "unknown_destination";
    case RefusalReason::NotRouted:
      return "not_routed";
    case RefusalReason::OutsideWindow:
      return "outside_window";
    default:
      return "no_thread";
    }
  }

  void RefusalCounter::Count(const std::string& receiverId, RefusalReason reason, int64_t nowMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    counts_[{receiverId, reason}]++;
    recent_.push_back({nowMs, receiverId, reason});
    while (!recent_.empty() &&
           (recent_.size() > RECENT || recent_.front().timeMs <= nowMs - RECENT_MS))
    {
      recent_.pop_front();
    }
  }

  std::map<std::pair<std::string, RefusalReason>, uint64_t> RefusalCounter::Since(int64_t sinceMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::map<std::pair<std::string, RefusalReason>, uint64_t> counts;
    for (const Recent& one : recent_)
    {
      if (one.timeMs > sinceMs)
      {
        counts[{one.receiverId, one.reason}]++;
      }
    }
    return counts;
  }

  std::map<std::pair<std::string, RefusalReason>, uint64_t> RefusalCounter::Snapshot()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return counts_;
  }

  namespace
  {
    const TransferState ALL_STATES[] = {TransferState::Queued, TransferState::Running,
                                        TransferState::Paused, TransferState::Succeeded,
                                        TransferState::Failed, TransferState::Canceled};

    // Label values: backslash, double quote and line feed escaped, as the format requires.
    std::string Escape(const std::string& value)
    {
      std::string escaped;
      for (char c : value)
      {
        if (c == '\\' || c == '"')
        {
          escaped += '\\';
          escaped += c;
        }
        else if (c == '\n')
        {
          escaped += "\\n";
        }
        else
        {
          escaped += c;
        }
      }
      return escaped;
    }

    std::string Number(double value)
    {
      if (std::floor(value) == value && std::fabs(value) < 1e15)
      {
        return std::to_string(static_cast<long long>(value));
      }
      std::ostringstream text;
      text.precision(6);
      text << std::fixed << value;
      return text.str();
    }

    struct PerReceiver
    {
      std::map<TransferState, uint64_t> byState;
      uint64_t instancesSent = 0;
      uint64_t instancesFailed = 0;
      uint64_t bytesSent = 0;
      int64_t oldestQueuedMs = 0;
      double mbps = 0;
      bool windowOpen = false;
      bool registered = false;
    };

    std::map<std::string, PerReceiver> Gather(const MetricsInput& input)
    {
      std::map<std::string, PerReceiver> all;
      for (const ReceiverGauges& gauges : input.receivers)
      {
        PerReceiver& one = all[gauges.receiverId];
        one.mbps = gauges.mbps;
        one.windowOpen = gauges.windowOpen;
        one.registered = true;
      }
      for (const TransferTally& tally : input.tallies)
      {
        PerReceiver& one = all[tally.receiverId];
        one.byState[tally.state] += tally.count;
        one.instancesSent += tally.instancesSent;
        one.instancesFailed += tally.instancesFailed;
        one.bytesSent += tally.bytesSent;
        if (tally.state == TransferState::Queued && tally.count > 0 &&
            (one.oldestQueuedMs == 0 || tally.oldestCreatedMs < one.oldestQueuedMs))
        {
          one.oldestQueuedMs = tally.oldestCreatedMs;
        }
      }
      return all;
    }

    class Family
    {
    public:
      Family(std::ostringstream& out, const char* name, const char* type, const char* help)
          : out_(out), name_(name)
      {
        out_ << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
      }
      void Sample(const std::string& labels, double value)
      {
        out_ << name_ << (labels.empty() ? "" : "{" + labels + "}") << ' ' << Number(value) << '\n';
      }

    private:
      std::ostringstream& out_;
      const char* name_;
    };

    std::string ReceiverLabel(const std::string& id)
    {
      return "receiver=\"" + Escape(id) + "\"";
    }

    double InState(const PerReceiver& one, TransferState state)
    {
      auto found = one.byState.find(state);
      return found == one.byState.end() ? 0.0 : static_cast<double>(found->second);
    }

    // A family with one sample per Receiver (none where value gives nullopt).
    struct ReceiverFamily
    {
      const char* name;
      const char* type;
      const char* help;
      std::function<std::optional<double>(const PerReceiver&, int64_t nowMs)> value;
    };

    const std::vector<ReceiverFamily>& ReceiverFamilies()
    {
      static const std::vector<ReceiverFamily> families = {
        {"xnatdqr_instances_sent_total", "counter",
         "Instances delivered, over the Transfers the plugin keeps.",
         [](const PerReceiver& one, int64_t) { return static_cast<double>(one.instancesSent); }},
        {"xnatdqr_bytes_sent_total", "counter",
         "Bytes delivered, over the Transfers the plugin keeps.",
         [](const PerReceiver& one, int64_t) { return static_cast<double>(one.bytesSent); }},
        {"xnatdqr_instances_failed_total", "counter", "Instances the receiver did not accept.",
         [](const PerReceiver& one, int64_t) { return static_cast<double>(one.instancesFailed); }},
        {"xnatdqr_send_rate_mbps", "gauge", "MB/s delivered over the last 10 s.",
         [](const PerReceiver& one, int64_t) { return one.mbps; }},
        {"xnatdqr_queue_depth", "gauge", "Queued Transfers.",
         [](const PerReceiver& one, int64_t) { return InState(one, TransferState::Queued); }},
        {"xnatdqr_oldest_queued_age_seconds", "gauge",
         "Age of the oldest Queued Transfer; 0 when none is queued.",
         [](const PerReceiver& one, int64_t nowMs) -> std::optional<double>
         {
           return one.oldestQueuedMs == 0
                    ? 0.0
                    : std::max<int64_t>(0, nowMs - one.oldestQueuedMs) / 1000.0;
         }},
        {"xnatdqr_window_open", "gauge",
         "1 when the Receiver's schedule and the global one are open now.",
         [](const PerReceiver& one, int64_t) -> std::optional<double>
         {
           if (!one.registered)
           {
             return std::nullopt; // a Receiver deleted since: it has no window
           }
           return one.windowOpen ? 1.0 : 0.0;
         }},
      };
      return families;
    }

    void RenderTransfers(std::ostringstream& out, const std::map<std::string, PerReceiver>& all)
    {
      Family family(out, "xnatdqr_transfers", "gauge",
                    "Transfers by state (receiver \"\": plain Orthanc modalities).");
      for (const auto& [id, one] : all)
      {
        for (TransferState state : ALL_STATES)
        {
          family.Sample(ReceiverLabel(id) + ",state=\"" + ToString(state) + "\"",
                        InState(one, state));
        }
      }
    }

    void RenderMoves(std::ostringstream& out, const MetricsInput& input)
    {
      {
        Family family(out, "xnatdqr_cmove_refused_total", "counter",
                      "C-MOVEs refused since Orthanc started, by reason.");
        for (const auto& [key, count] : input.refusals)
        {
          family.Sample(ReceiverLabel(key.first) + ",reason=\"" + ToString(key.second) + "\"",
                        static_cast<double>(count));
        }
      }
      {
        Family family(out, "xnatdqr_cmoves_served_total", "counter",
                      "C-MOVEs that sent, or tried to send, instances since Orthanc started.");
        family.Sample("", static_cast<double>(input.steps.served));
      }
      Family family(out, "xnatdqr_cmove_step_seconds_total", "counter",
                    "Time the served C-MOVEs spent in each step since Orthanc started.");
      for (size_t i = 0; i < MOVE_STEPS; i++)
      {
        family.Sample(std::string("step=\"") + ToString(static_cast<MoveStep>(i)) + "\"",
                      static_cast<double>(input.steps.micros[i]) / 1e6);
      }
    }
  } // namespace

  std::string RenderPrometheus(const MetricsInput& input)
  {
    const std::map<std::string, PerReceiver> all = Gather(input);
    std::ostringstream out;
    RenderTransfers(out, all);
    for (const ReceiverFamily& receiverFamily : ReceiverFamilies())
    {
      Family family(out, receiverFamily.name, receiverFamily.type, receiverFamily.help);
      for (const auto& [id, one] : all)
      {
        if (const std::optional<double> value = receiverFamily.value(one, input.nowMs))
        {
          family.Sample(ReceiverLabel(id), *value);
        }
      }
    }
    RenderMoves(out, input);
    Family retrieves(out, "xnatdqr_dicomweb_retrieves_total", "counter",
                     "WADO-RS retrieves under the Receivers' DICOMweb roots since Orthanc "
                     "started, by outcome.");
    for (const auto& [key, count] : input.retrieves)
    {
      retrieves.Sample(ReceiverLabel(key.first) + ",outcome=\"" + key.second + "\"",
                       static_cast<double>(count));
    }
    return out.str();
  }

  std::map<std::string, double> OrthancTotals(const MetricsInput& input)
  {
    std::map<std::string, double> totals = {{"xnatdqr_transfers_queued", 0},
                                            {"xnatdqr_transfers_running", 0},
                                            {"xnatdqr_transfers_failed", 0},
                                            {"xnatdqr_megabytes_sent", 0},
                                            {"xnatdqr_cmove_refused", 0}};
    for (const TransferTally& tally : input.tallies)
    {
      totals["xnatdqr_megabytes_sent"] += static_cast<double>(tally.bytesSent) / 1e6;
      if (tally.state == TransferState::Queued)
      {
        totals["xnatdqr_transfers_queued"] += static_cast<double>(tally.count);
      }
      else if (tally.state == TransferState::Running)
      {
        totals["xnatdqr_transfers_running"] += static_cast<double>(tally.count);
      }
      else if (tally.state == TransferState::Failed)
      {
        totals["xnatdqr_transfers_failed"] += static_cast<double>(tally.count);
      }
    }
    for (const auto& [key, count] : input.refusals)
    {
      totals["xnatdqr_cmove_refused"] += static_cast<double>(count);
    }
    return totals;
  }
} // namespace XnatDqr
