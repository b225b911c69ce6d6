#include "Clock.h"
#include "Core/Common/Errors.h"
#include "Core/Observability/History.h"
#include "ScheduleText.h"
#include "Store/SqliteStore.h"
#include "StoreBackends.h"

#include <gtest/gtest.h>

using namespace XnatDqr;
using namespace XnatDqr::HistoryPeriods;
using XnatDqr::Testing::Utc;

namespace
{
  class HistoryTest : public ::testing::Test
  {
  protected:
    SqliteStore store{SystemClock(), ":memory:"};
    HistoryRecorder recorder;
    History history{store, store, recorder};

    void Queue(const std::string& receiverId, int n)
    {
      for (int i = 0; i < n; i++)
      {
        Transfer transfer;
        transfer.receiverId = receiverId;
        store.CreateTransfer(transfer, {"instance"});
      }
    }

    Json::Value Last(const std::string& receiverId, int64_t hours, int64_t nowMs,
                     const std::string& resolution = "")
    {
      return history.Describe(HistoryQuery::Last(receiverId, hours, resolution, nowMs), {}, nowMs);
    }

  private:
    Testing::TimeZone zone_{"UTC"};
  };

  // The history's store on each backend.
  class HistoryStoreTest : public Testing::StoreTest
  {
  protected:
    void SetUp() override
    {
      Testing::StoreTest::SetUp();
      history = std::make_unique<History>(*store_, *store_, recorder);
    }
    void Queue(const std::string& receiverId, int n)
    {
      for (int i = 0; i < n; i++)
      {
        Transfer transfer;
        transfer.receiverId = receiverId;
        store_->CreateTransfer(transfer, {"instance"});
      }
    }
    HistoryRecorder recorder;
    std::unique_ptr<History> history;

  private:
    Testing::TimeZone zone_{"UTC"};
  };

  std::string Field(const std::function<void()>& step)
  {
    try
    {
      step();
      return "";
    }
    catch (const ValidationError& e)
    {
      return e.GetField();
    }
  }
} // namespace

TEST_F(HistoryTest, RecorderBucketsByMinuteAndTakesOnlyFinishedOnes)
{
  const int64_t t = Utc(2026, 12, 1, 3, 0);
  recorder.Delivered("a", 1000, t + 100);
  recorder.Delivered("a", 500, t + 59999);
  recorder.Delivered("a", 200, t + MINUTE_MS);
  recorder.Failed("b", t + 10);
  const std::vector<HistoryRow> taken = recorder.TakeBefore(t + MINUTE_MS);
  ASSERT_EQ(2u, taken.size());
  EXPECT_EQ("a", taken[0].receiverId);
  EXPECT_EQ(t, taken[0].startMs);
  EXPECT_EQ(1500u, taken[0].bytes);
  EXPECT_EQ(2u, taken[0].instances);
  EXPECT_EQ(1u, taken[1].failures);
  ASSERT_EQ(1u, recorder.Pending("").size());
  EXPECT_EQ(200u, recorder.Pending("a").at(0).bytes);
  EXPECT_TRUE(recorder.Pending("b").empty());
}

TEST_F(HistoryTest, RestoredMinutesMergeWithWhatCameSince)
{
  const int64_t t = Utc(2026, 12, 1, 3, 0);
  recorder.Delivered("a", 1000, t);
  const std::vector<HistoryRow> taken = recorder.TakeBefore(t + MINUTE_MS);
  recorder.Delivered("a", 1, t + 5);
  recorder.Restore(taken);
  ASSERT_EQ(1u, recorder.Pending("a").size());
  EXPECT_EQ(1001u, recorder.Pending("a")[0].bytes);
  EXPECT_EQ(2u, recorder.Pending("a")[0].instances);
}

TEST_P(HistoryStoreTest, TickStoresFinishedMinutesWithTheQueueDepthAtTheirEnd)
{
  const int64_t t = Utc(2026, 12, 1, 3, 0);
  Queue("a", 3);
  recorder.Delivered("a", 4'000'000, t + 1000);
  history->Tick(t + MINUTE_MS + 200);
  EXPECT_TRUE(recorder.Pending("").empty());
  const std::vector<HistoryRow> minutes = store_->ListHistory("a", MINUTE_MS, t, t + HOUR_MS);
  ASSERT_EQ(1u, minutes.size());
  EXPECT_EQ(4'000'000u, minutes[0].bytes);
  EXPECT_EQ(3u, minutes[0].queued);
  const std::vector<HistoryRow> hours = store_->ListHistory("a", HOUR_MS, t, t + HOUR_MS);
  ASSERT_EQ(1u, hours.size());
  EXPECT_EQ(4'000'000u, hours[0].bytes);
}

TEST_P(HistoryStoreTest, HoursSumTheirMinutesAndKeepTheHighestQueue)
{
  const int64_t t = Utc(2026, 12, 1, 3, 0);
  store_->AddHistory({{"a", t, 10, 1, 0, 5}, {"a", t + 7 * MINUTE_MS, 20, 2, 1, 2}});
  store_->AddHistory({{"a", t + 59 * MINUTE_MS, 30, 3, 0, 4}, {"b", t, 1, 1, 0, 1}});
  const std::vector<HistoryRow> hours = store_->ListHistory("a", HOUR_MS, t, t + HOUR_MS);
  ASSERT_EQ(1u, hours.size());
  EXPECT_EQ(60u, hours[0].bytes);
  EXPECT_EQ(6u, hours[0].instances);
  EXPECT_EQ(1u, hours[0].failures);
  EXPECT_EQ(5u, hours[0].queued);
  const std::vector<HistoryRow> all = store_->ListHistory("", HOUR_MS, t, t + HOUR_MS);
  ASSERT_EQ(1u, all.size());
  EXPECT_EQ(61u, all[0].bytes);
  EXPECT_EQ(6u, all[0].queued); // the Receivers' depths summed
  EXPECT_EQ(3u, store_->ListHistory("a", MINUTE_MS, t, t + HOUR_MS).size());
}

TEST_P(HistoryStoreTest, MinutesAreKept48HoursAndHours30Days)
{
  const int64_t t = Utc(2026, 12, 1, 3, 0);
  store_->AddHistory({{"a", t, 10, 1, 0, 0}});
  history->Tick(t + KEEP_MINUTES_MS);
  EXPECT_EQ(1u, store_->ListHistory("a", MINUTE_MS, t, t + 1).size());
  history->Tick(t + KEEP_MINUTES_MS + MINUTE_MS);
  EXPECT_TRUE(store_->ListHistory("a", MINUTE_MS, t, t + 1).empty());
  EXPECT_EQ(1u, store_->ListHistory("a", HOUR_MS, t, t + 1).size());
  history->Tick(t + KEEP_HOURS_MS + HOUR_MS - 1);
  EXPECT_EQ(1u, store_->ListHistory("a", HOUR_MS, t, t + 1).size());
  history->Tick(t + KEEP_HOURS_MS + HOUR_MS);
  EXPECT_TRUE(store_->ListHistory("a", HOUR_MS, t, t + 1).empty());
}

TEST_F(HistoryTest, QueryCoversTheLastHoursWithThePeriodInProgress)
{
  const int64_t now = Utc(2026, 12, 1, 14, 35) + 20'000;
  const HistoryQuery day = HistoryQuery::Last("a", 24, "", now);
  EXPECT_EQ(MINUTE_MS, day.resolutionMs);
  EXPECT_EQ(Utc(2026, 12, 1, 14, 36), day.toMs);
  EXPECT_EQ(Utc(2026, 11, 30, 14, 36), day.fromMs);
  const HistoryQuery week = HistoryQuery::Last("a", 168, "", now);
  EXPECT_EQ(HOUR_MS, week.resolutionMs);
  EXPECT_EQ(Utc(2026, 12, 1, 15, 0), week.toMs);
  EXPECT_EQ(HOUR_MS, HistoryQuery::Last("a", 2, "hour", now).resolutionMs);
  EXPECT_EQ("hours", Field([&] { HistoryQuery::Last("a", 0, "", now); }));
  EXPECT_EQ("hours", Field([&] { HistoryQuery::Last("a", 721, "", now); }));
  EXPECT_EQ("resolution", Field([&] { HistoryQuery::Last("a", 49, "minute", now); }));
  EXPECT_EQ("resolution", Field([&] { HistoryQuery::Last("a", 1, "second", now); }));
}

TEST_F(HistoryTest, DescribeGivesEveryPeriodWithStoredAndPendingMinutes)
{
  const int64_t t = Utc(2026, 12, 1, 3, 0);
  store.AddHistory({{"a", t - 10 * MINUTE_MS, 60'000'000, 6, 1, 0}});
  const int64_t now = t + 30'000;
  recorder.Delivered("a", 15'000'000, now - 1000);
  recorder.Delivered("b", 1, now - 1000);
  Queue("a", 2);
  const Json::Value answer = Last("a", 1, now);
  EXPECT_EQ("minute", answer["Resolution"].asString());
  const Json::Value& points = answer["Points"];
  ASSERT_EQ(60u, points.size());
  EXPECT_EQ("2026-12-01T02:01:00.000+00:00", points[0]["Start"].asString());
  const Json::Value& stored = points[49];
  EXPECT_EQ("2026-12-01T02:50:00.000+00:00", stored["Start"].asString());
  EXPECT_EQ(60'000'000u, stored["Bytes"].asUInt64());
  EXPECT_DOUBLE_EQ(1.0, stored["MBps"].asDouble()); // 60 MB in 60 s
  const Json::Value& current = points[59];
  EXPECT_EQ(15'000'000u, current["Bytes"].asUInt64());
  EXPECT_DOUBLE_EQ(0.5, current["MBps"].asDouble()); // 15 MB in the 30 s elapsed
  EXPECT_EQ(2u, current["Queued"].asUInt64());
  EXPECT_EQ(0u, points[58]["Bytes"].asUInt64());
  EXPECT_EQ(75'000'000u, answer["Totals"]["Bytes"].asUInt64());
  EXPECT_EQ(1u, answer["Totals"]["Failures"].asUInt64());
  EXPECT_EQ(75'000'001u, Last("", 1, now)["Totals"]["Bytes"].asUInt64());

  const Json::Value hours = Last("a", 24, now, "hour");
  ASSERT_EQ(24u, hours["Points"].size());
  EXPECT_EQ(60'000'000u, hours["Points"][22]["Bytes"].asUInt64());
  EXPECT_EQ(15'000'000u, hours["Points"][23]["Bytes"].asUInt64());
}

TEST_F(HistoryTest, OpenSpansFollowBothSchedules)
{
  // Receiver: 19:00-07:00 every night; global: closed Tuesday. 2026-12-01 is a Tuesday.
  Schedule receiver = Testing::ParseSchedule(R"({
    "Monday": [{"Start": "19:00", "End": "07:00"}], "Tuesday": [{"Start": "19:00", "End": "07:00"}],
    "Wednesday": [{"Start": "19:00", "End": "07:00"}]})");
  Schedule global = Testing::ParseSchedule(R"({
    "Monday": [{"Start": "00:00", "End": "24:00"}],
    "Wednesday": [{"Start": "00:00", "End": "24:00"}], "Thursday": [{"Start": "00:00", "End": "24:00"}]})");
  const int64_t from = Utc(2026, 11, 30, 0, 0);
  const int64_t to = Utc(2026, 12, 3, 12, 0);
  const auto spans = OpenSpans(receiver, global, from, to);
  ASSERT_EQ(3u, spans.size());
  EXPECT_EQ(Utc(2026, 11, 30, 19, 0), spans[0].first);
  EXPECT_EQ(Utc(2026, 12, 1, 0, 0), spans[0].second);
  EXPECT_EQ(Utc(2026, 12, 2, 0, 0), spans[1].first); // Tuesday night's second half
  EXPECT_EQ(Utc(2026, 12, 2, 7, 0), spans[1].second);
  EXPECT_EQ(Utc(2026, 12, 2, 19, 0), spans[2].first); // Wednesday night, whole
  EXPECT_EQ(Utc(2026, 12, 3, 7, 0), spans[2].second);
  const auto always = OpenSpans(std::nullopt, std::nullopt, from, to);
  ASSERT_EQ(1u, always.size());
  EXPECT_EQ(from, always[0].first);
  EXPECT_EQ(to, always[0].second);
}

TEST(HistoryDstTest, OpenSpansFollowTheLocalClockAcrossDaylightSaving)
{
  Testing::TimeZone zone("Europe/Paris");
  // 01:00-04:00 local; on 2027-03-28 the clocks go from 02:00 to 03:00: two real hours.
  Schedule nights = Testing::ParseSchedule(R"({"Sunday": [{"Start": "01:00", "End": "04:00"}],
    "Saturday": [{"Start": "01:00", "End": "04:00"}]})");
  const auto spans =
    OpenSpans(nights, std::nullopt, Utc(2027, 3, 27, 0, 0), Utc(2027, 3, 29, 0, 0));
  ASSERT_EQ(2u, spans.size());
  EXPECT_EQ(Utc(2027, 3, 27, 0, 0), spans[0].first); // 01:00 CET
  EXPECT_EQ(3 * HOUR_MS, spans[0].second - spans[0].first);
  EXPECT_EQ(Utc(2027, 3, 28, 0, 0), spans[1].first);        // 01:00 CET
  EXPECT_EQ(2 * HOUR_MS, spans[1].second - spans[1].first); // to 04:00 CEST
}

namespace
{
  // The plugin's database refusing writes (a full disk), then accepting them again.
  class FailingHistoryStore : public HistoryStore
  {
  public:
    explicit FailingHistoryStore(HistoryStore& inner) : inner_(inner) {}
    bool fail = true;
    void AddHistory(const std::vector<HistoryRow>& minutes) override
    {
      if (fail)
      {
        throw std::runtime_error("database or disk is full");
      }
      inner_.AddHistory(minutes);
    }
    std::vector<HistoryRow> ListHistory(const std::string& receiverId, int64_t resolutionMs,
                                        int64_t fromMs, int64_t toMs) override
    {
      return inner_.ListHistory(receiverId, resolutionMs, fromMs, toMs);
    }
    void PruneHistory(int64_t minutesBeforeMs, int64_t hoursBeforeMs) override
    {
      inner_.PruneHistory(minutesBeforeMs, hoursBeforeMs);
    }

  private:
    HistoryStore& inner_;
  };
} // namespace

TEST_F(HistoryTest, AFailedWriteKeepsTheMinutesForTheNextTick)
{
  FailingHistoryStore failing(store);
  History faulty(failing, store, recorder);
  const int64_t t = Utc(2026, 12, 1, 3, 0);
  recorder.Delivered("a", 100, t);
  EXPECT_THROW(faulty.Tick(t + MINUTE_MS), std::runtime_error);
  EXPECT_EQ(100u, Last("a", 1, t + MINUTE_MS)["Totals"]["Bytes"].asUInt64()); // still served
  recorder.Delivered("a", 1, t + MINUTE_MS + 1);
  failing.fail = false;
  faulty.Tick(t + 2 * MINUTE_MS);
  EXPECT_TRUE(recorder.Pending("").empty());
  const std::vector<HistoryRow> rows = store.ListHistory("a", MINUTE_MS, t, t + HOUR_MS);
  ASSERT_EQ(2u, rows.size());
  EXPECT_EQ(100u, rows[0].bytes);
  EXPECT_EQ(1u, rows[1].bytes);
}

INSTANTIATE_STORE_TESTS(HistoryStoreTest);
