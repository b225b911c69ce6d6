#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Schedules/XnatAvailability.h"
#include "Fixtures.h"
#include "Store/SqliteStore.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

namespace
{
  Schedule Parse(const std::string& text)
  {
    return Schedule::FromJson(JsonText::Parse(text), "Schedule");
  }
} // namespace

TEST(XnatAvailabilityTest, OvernightWindowIsExportedAsTwoIntervals)
{
  const Json::Value intervals = XnatAvailability::Export(
    Parse(R"({"Monday": [{"Start": "19:00", "End": "07:00", "Threads": 4, "Utilization": 50}]})"));
  ASSERT_EQ(2u, intervals.size());
  EXPECT_EQ("MONDAY", intervals[0]["dayOfWeek"].asString());
  EXPECT_EQ("19:00", intervals[0]["availabilityStart"].asString());
  EXPECT_EQ("23:59", intervals[0]["availabilityEnd"].asString());
  EXPECT_EQ("TUESDAY", intervals[1]["dayOfWeek"].asString());
  EXPECT_EQ("00:00", intervals[1]["availabilityStart"].asString());
  EXPECT_EQ("07:00", intervals[1]["availabilityEnd"].asString());
  EXPECT_EQ(4, intervals[1]["threads"].asInt());
  EXPECT_EQ(50, intervals[1]["utilizationPercent"].asInt());
}

TEST(XnatAvailabilityTest, ImportReadsEndOfDayAndAnyCase)
{
  const Schedule schedule = XnatAvailability::Import(
    JsonText::Parse(R"([{"dayOfWeek": "saturday", "availabilityStart": "00:00",
                          "availabilityEnd": "23:59", "threads": 3, "utilizationPercent": 25}])"),
    "Availability");
  ASSERT_EQ(1u, schedule.Day(5).size());
  EXPECT_EQ(1440, schedule.Day(5)[0].end);
  EXPECT_EQ(3u, schedule.Day(5)[0].threads);
  EXPECT_EQ(25u, schedule.Day(5)[0].utilization);
}

TEST(XnatAvailabilityTest, ExportThenImportKeepsTheMeaning)
{
  const Schedule original = Parse(R"({"Monday": [{"Start": "19:00", "End": "07:00"}],
                                      "Friday": [{"Start": "08:00", "End": "24:00"}]})");
  const Schedule again =
    XnatAvailability::Import(XnatAvailability::Export(original), "Availability");
  for (int day = 0; day < 7; day++)
  {
    for (int minute = 0; minute < 1440; minute += 15)
    {
      EXPECT_EQ(original.WindowAt(day, minute).has_value(), again.WindowAt(day, minute).has_value())
        << day << " " << minute;
    }
  }
}

TEST(XnatAvailabilityTest, RefusesABadInterval)
{
  EXPECT_THROW(XnatAvailability::Import(JsonText::Parse(R"([{"dayOfWeek": "FUNDAY",
                 "availabilityStart": "00:00", "availabilityEnd": "01:00"}])"),
                                        "Availability"),
               ValidationError);
  EXPECT_THROW(XnatAvailability::Import(JsonText::Parse(R"({"Monday": []})"), "Availability"),
               ValidationError);
}

TEST(SchedulePolicyTest, BothSchedulesMustBeOpen)
{
  SqliteStore store(SystemClock(), ":memory:");
  Window defaults;
  defaults.threads = 2;
  SchedulePolicy schedules(store, std::nullopt, defaults);
  Receiver receiver = Testing::MakeReceiver("a", "XNAT", 1001);
  const int64_t now = 1796000000000;
  EXPECT_TRUE(schedules.StateFor(receiver, now).open);
  EXPECT_EQ(2u, schedules.StateFor(receiver, now).window.threads);
  schedules.SetGlobal(Parse("{}")); // closed every day
  EXPECT_FALSE(schedules.StateFor(receiver, now).open);
  EXPECT_TRUE(schedules.StateFor(receiver, now).receiverOpen);
  schedules.ClearGlobal();
  receiver.schedule = Parse("{}");
  EXPECT_FALSE(schedules.StateFor(receiver, now).open);
  EXPECT_FALSE(schedules.StateFor(receiver, now).receiverOpen);
}

TEST(SchedulePolicyTest, GlobalCapsCombine)
{
  SqliteStore store(SystemClock(), ":memory:");
  SchedulePolicy schedules(store, std::nullopt, Window());
  const char* always = R"({"Monday": [{"Start": "00:00", "End": "24:00", "Threads": 3,
    "Utilization": 40, "MaxMBps": 8}], "Tuesday": [{"Start": "00:00", "End": "24:00"}],
    "Wednesday": [{"Start": "00:00", "End": "24:00"}], "Thursday": [{"Start": "00:00",
    "End": "24:00"}], "Friday": [{"Start": "00:00", "End": "24:00"}], "Saturday": [{"Start":
    "00:00", "End": "24:00"}], "Sunday": [{"Start": "00:00", "End": "24:00"}]})";
  schedules.SetGlobal(Parse(always));
  Receiver receiver = Testing::MakeReceiver("a", "XNAT", 1001);
  receiver.schedule = Parse(always);
  // 2026-11-30 12:00 UTC is a Monday whatever the zone within +-11 h.
  const EffectiveState state = schedules.StateFor(receiver, 1796040000000);
  EXPECT_TRUE(state.open);
  EXPECT_EQ(40u, state.window.utilization);
  EXPECT_EQ(3u, state.globalThreads);
  EXPECT_EQ(8.0, state.globalMaxMBps);
}

TEST(SchedulePolicyTest, ConfigurationScheduleIsReadOnly)
{
  SqliteStore store(SystemClock(), ":memory:");
  SchedulePolicy schedules(store, Parse("{}"), Window());
  EXPECT_THROW(schedules.SetGlobal(Parse("{}")), ForbiddenError);
  EXPECT_THROW(schedules.ClearGlobal(), ForbiddenError);
  EXPECT_TRUE(schedules.GetGlobal().has_value());
}
