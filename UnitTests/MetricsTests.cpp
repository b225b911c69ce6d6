#include "Core/Observability/Metrics.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

namespace
{
  bool Has(const std::string& text, const std::string& line)
  {
    return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
  }

  MetricsInput Sample()
  {
    MetricsInput input;
    input.nowMs = 100000;
    TransferTally queued;
    queued.receiverId = "xnat-a";
    queued.state = TransferState::Queued;
    queued.count = 3;
    queued.oldestCreatedMs = 40000;
    TransferTally done;
    done.receiverId = "xnat-a";
    done.state = TransferState::Succeeded;
    done.count = 2;
    done.instancesSent = 16;
    done.instancesFailed = 1;
    done.bytesSent = 1600000;
    input.tallies = {queued, done};
    input.receivers = {{"xnat-a", 2.5, true}, {"xnat-b", 0, false}};
    input.refusals[{"xnat-b", RefusalReason::OutsideWindow}] = 4;
    input.refusals[{"", RefusalReason::UnknownDestination}] = 1;
    return input;
  }
} // namespace

TEST(MetricsTest, RendersEveryFamilyPerReceiver)
{
  const std::string text = RenderPrometheus(Sample());
  EXPECT_TRUE(Has(text, "# TYPE xnatdqr_transfers gauge"));
  EXPECT_TRUE(Has(text, "xnatdqr_transfers{receiver=\"xnat-a\",state=\"Queued\"} 3"));
  EXPECT_TRUE(Has(text, "xnatdqr_transfers{receiver=\"xnat-a\",state=\"Running\"} 0"));
  EXPECT_TRUE(Has(text, "xnatdqr_transfers{receiver=\"xnat-b\",state=\"Canceled\"} 0"));
  EXPECT_TRUE(Has(text, "# TYPE xnatdqr_bytes_sent_total counter"));
  EXPECT_TRUE(Has(text, "xnatdqr_bytes_sent_total{receiver=\"xnat-a\"} 1600000"));
  EXPECT_TRUE(Has(text, "xnatdqr_instances_sent_total{receiver=\"xnat-a\"} 16"));
  EXPECT_TRUE(Has(text, "xnatdqr_instances_failed_total{receiver=\"xnat-a\"} 1"));
  EXPECT_TRUE(Has(text, "xnatdqr_queue_depth{receiver=\"xnat-a\"} 3"));
  EXPECT_TRUE(Has(text, "xnatdqr_oldest_queued_age_seconds{receiver=\"xnat-a\"} 60"));
  EXPECT_TRUE(Has(text, "xnatdqr_oldest_queued_age_seconds{receiver=\"xnat-b\"} 0"));
  EXPECT_TRUE(Has(text, "xnatdqr_send_rate_mbps{receiver=\"xnat-a\"} 2.500000"));
  EXPECT_TRUE(Has(text, "xnatdqr_window_open{receiver=\"xnat-a\"} 1"));
  EXPECT_TRUE(Has(text, "xnatdqr_window_open{receiver=\"xnat-b\"} 0"));
  EXPECT_TRUE(
    Has(text, "xnatdqr_cmove_refused_total{receiver=\"xnat-b\",reason=\"outside_window\"} 4"));
  EXPECT_TRUE(
    Has(text, "xnatdqr_cmove_refused_total{receiver=\"\",reason=\"unknown_destination\"} 1"));
}

TEST(MetricsTest, EscapesLabelValues)
{
  MetricsInput input;
  input.receivers = {{"a\"b\\c\nd", 0, false}};
  const std::string text = RenderPrometheus(input);
  EXPECT_TRUE(Has(text, "xnatdqr_window_open{receiver=\"a\\\"b\\\\c\\nd\"} 0")) << text;
}

TEST(MetricsTest, OrthancTotalsSumEveryReceiver)
{
  const std::map<std::string, double> totals = OrthancTotals(Sample());
  EXPECT_EQ(3, totals.at("xnatdqr_transfers_queued"));
  EXPECT_EQ(0, totals.at("xnatdqr_transfers_running"));
  EXPECT_DOUBLE_EQ(1.6, totals.at("xnatdqr_megabytes_sent"));
  EXPECT_EQ(5, totals.at("xnatdqr_cmove_refused"));
}

TEST(MetricsTest, RateMeterForgetsOldSamples)
{
  RateMeter meter;
  meter.Record("a", 5000000, 1000);
  meter.Record("a", 5000000, 9000);
  EXPECT_DOUBLE_EQ(1.0, meter.MBps("a", 9000));
  EXPECT_DOUBLE_EQ(0.5, meter.MBps("a", 11000)); // the first sample is 10 s old
  EXPECT_DOUBLE_EQ(0.0, meter.MBps("a", 19000));
  EXPECT_DOUBLE_EQ(0.0, meter.MBps("b", 9000));
}

TEST(MetricsTest, RefusalCounterCountsPerReceiverAndReason)
{
  RefusalCounter counter;
  const int64_t day = RefusalCounter::RECENT_MS;
  counter.Count("a", RefusalReason::Keys, 1000);
  counter.Count("a", RefusalReason::Keys, day);
  counter.Count("a", RefusalReason::NoThread, day + 5000);
  const auto counts = counter.Snapshot();
  EXPECT_EQ(2u, counts.at({"a", RefusalReason::Keys}));
  EXPECT_EQ(1u, counts.at({"a", RefusalReason::NoThread}));
  EXPECT_EQ(2u, counts.size());
  // The last 24 h: the first one has aged out of the recent list, not of the totals.
  const auto recent = counter.Since(day + 5000 - day);
  EXPECT_EQ(1u, recent.at({"a", RefusalReason::Keys}));
  EXPECT_EQ(1u, recent.at({"a", RefusalReason::NoThread}));
}

TEST(MetricsTest, MoveStepsAreSummedAndRenderedInSeconds)
{
  MoveStepTimes steps;
  steps.Served();
  steps.Served();
  steps.Add(MoveStep::Open, 1500);
  steps.Add(MoveStep::Open, 500);
  steps.Add(MoveStep::Store, 250000);
  MetricsInput input = Sample();
  input.steps = steps.Read();
  EXPECT_EQ(input.steps.served, 2u);
  EXPECT_EQ(input.steps.micros[static_cast<size_t>(MoveStep::Open)], 2000u);
  const std::string text = RenderPrometheus(input);
  EXPECT_TRUE(Has(text, "# TYPE xnatdqr_cmoves_served_total counter"));
  EXPECT_TRUE(Has(text, "xnatdqr_cmoves_served_total 2"));
  EXPECT_TRUE(Has(text, "xnatdqr_cmove_step_seconds_total{step=\"open\"} 0.002000"));
  EXPECT_TRUE(Has(text, "xnatdqr_cmove_step_seconds_total{step=\"store\"} 0.250000"));
  EXPECT_TRUE(Has(text, "xnatdqr_cmove_step_seconds_total{step=\"route\"} 0"));
  for (const char* step : {"route", "match", "admit", "record", "open", "read", "store", "finish"})
  {
    EXPECT_NE(text.find(std::string("step=\"") + step + "\""), std::string::npos) << step;
  }
}
