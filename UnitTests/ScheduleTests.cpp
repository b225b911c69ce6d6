#include "Clock.h"
#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Schedules/ScheduleClock.h"
#include "ScheduleText.h"

#include <cstdlib>
#include <ctime>
#include <gtest/gtest.h>

using namespace XnatDqr;
using XnatDqr::Testing::Utc;

namespace
{
  const auto Parse = Testing::ParseSchedule;
  const auto Refusal = Testing::ScheduleRefusal;

  // Local time in a zone with daylight saving, for the whole test.
  class ParisTest : public ::testing::Test
  {
  private:
    Testing::TimeZone zone_{"Europe/Paris"};
  };

  const char* const OVERNIGHT =
    R"({"Monday": [{"Start": "19:00", "End": "07:00", "Threads": 4, "MaxMBps": 50}]})";
} // namespace

TEST(ScheduleTest, RefusesMalformedWindowsNamingTheField)
{
  const std::pair<const char*, const char*> cases[] = {
    {R"({"Monday": [{"Start": "25:00", "End": "26:00"}]})", "Schedule.Monday[0].Start"},
    {R"({"Monday": [{"Start": "7:5", "End": "08:00"}]})", "Schedule.Monday[0].Start"},
    {R"({"Monday": [{"Start": "07:00", "End": "24:01"}]})", "Schedule.Monday[0].End"},
    {R"({"Monday": [{"Start": "07:00", "End": "07:00"}]})", "Schedule.Monday[0].End"},
    {R"({"Monday": [{"Start": "07:00", "End": "08:00", "Threads": 0}]})",
     "Schedule.Monday[0].Threads"},
    {R"({"Monday": [{"Start": "07:00", "End": "08:00", "Utilization": 0}]})",
     "Schedule.Monday[0].Utilization"},
    {R"({"Monday": [{"Start": "07:00", "End": "08:00", "Utilization": 101}]})",
     "Schedule.Monday[0].Utilization"},
    {R"({"Monday": [{"Start": "07:00", "End": "08:00", "MaxMBps": -1}]})",
     "Schedule.Monday[0].MaxMBps"},
    {R"({"Funday": []})", "Schedule.Funday"},
    {R"({"Monday": {}})", "Schedule.Monday"},
    {R"({"Monday": [{"Start": "07:00", "End": "09:00"}, {"Start": "08:00", "End": "10:00"}]})",
     "Schedule.Monday"},
    {R"({"Monday": [{"Start": "19:00", "End": "07:00"}],
         "Tuesday": [{"Start": "06:00", "End": "08:00"}]})",
     "Schedule.Monday"},
    {R"({"Sunday": [{"Start": "22:00", "End": "02:00"}],
         "Monday": [{"Start": "01:00", "End": "03:00"}]})",
     "Schedule.Sunday"},
  };
  for (const auto& c : cases)
  {
    EXPECT_EQ(c.second, Refusal(c.first)) << c.first;
  }
}

TEST(ScheduleTest, AcceptsTouchingWindowsAndEndOfDay)
{
  EXPECT_EQ("", Refusal(R"({"Monday": [{"Start": "00:00", "End": "08:00"},
                                      {"Start": "08:00", "End": "24:00"}]})"));
  EXPECT_EQ("", Refusal(R"({"Monday": [{"Start": "19:00", "End": "07:00"}],
                           "Tuesday": [{"Start": "07:00", "End": "09:00"}]})"));
}

TEST(ScheduleTest, JsonRoundTrips)
{
  const Schedule schedule = Parse(OVERNIGHT);
  EXPECT_EQ(schedule.ToJson(), Schedule::FromJson(schedule.ToJson(), "").ToJson());
  EXPECT_EQ("19:00", schedule.ToJson()["Monday"][0]["Start"].asString());
  EXPECT_EQ(100u, schedule.Day(0).at(0).utilization);
}

TEST(ScheduleTest, EveryWeekdayIsItsOwn)
{
  for (int day = 0; day < 7; day++)
  {
    Json::Value json(Json::objectValue);
    json[Schedule::WeekdayName(day)] = JsonText::Parse(R"([{"Start": "10:00", "End": "11:00"}])");
    const Schedule schedule = Schedule::FromJson(json, "Schedule");
    for (int other = 0; other < 7; other++)
    {
      EXPECT_EQ(other == day, schedule.WindowAt(other, 10 * 60 + 30).has_value())
        << day << " " << other;
    }
  }
}

TEST(ScheduleTest, OvernightWindowRunsIntoTheNextMorning)
{
  const Schedule schedule = Parse(OVERNIGHT);
  EXPECT_FALSE(schedule.WindowAt(0, 18 * 60 + 59).has_value());
  EXPECT_TRUE(schedule.WindowAt(0, 19 * 60).has_value());
  EXPECT_TRUE(schedule.WindowAt(0, 23 * 60 + 59).has_value());
  EXPECT_TRUE(schedule.WindowAt(1, 0).has_value());
  EXPECT_EQ(4u, schedule.WindowAt(1, 6 * 60 + 59)->threads);
  EXPECT_FALSE(schedule.WindowAt(1, 7 * 60).has_value());
  EXPECT_FALSE(schedule.WindowAt(0, 3 * 60).has_value()); // not Monday morning
}

TEST(ScheduleTest, SundayNightRunsIntoMonday)
{
  const Schedule schedule = Parse(R"({"Sunday": [{"Start": "22:00", "End": "02:00"}]})");
  EXPECT_TRUE(schedule.WindowAt(0, 60).has_value());
  EXPECT_FALSE(schedule.WindowAt(0, 120).has_value());
}

TEST(ScheduleTest, EndOfDayIncludesTheLastMinute)
{
  const Schedule schedule = Parse(R"({"Friday": [{"Start": "20:00", "End": "24:00"}]})");
  EXPECT_TRUE(schedule.WindowAt(4, 1439).has_value());
  EXPECT_FALSE(schedule.WindowAt(5, 0).has_value());
}

TEST_F(ParisTest, NoScheduleIsAlwaysOpen)
{
  const ScheduleState state = StateAt(std::nullopt, Utc(2026, 11, 28, 12, 0));
  EXPECT_TRUE(state.open);
  EXPECT_FALSE(state.nextChange.has_value());
}

TEST_F(ParisTest, EmptyScheduleIsAlwaysClosed)
{
  const ScheduleState state = StateAt(Parse("{}"), Utc(2026, 11, 28, 12, 0));
  EXPECT_FALSE(state.open);
  EXPECT_FALSE(state.nextChange.has_value());
}

TEST_F(ParisTest, LocalTimeDecides)
{
  // 2026-11-30 is a Monday; Paris is UTC+1 in winter: 18:30 UTC is 19:30 local.
  const Schedule schedule = Parse(OVERNIGHT);
  EXPECT_TRUE(StateAt(schedule, Utc(2026, 11, 30, 18, 30)).open);
  EXPECT_FALSE(StateAt(schedule, Utc(2026, 11, 30, 17, 30)).open);
  const ScheduleState state = StateAt(schedule, Utc(2026, 11, 30, 18, 30));
  EXPECT_EQ(Utc(2026, 12, 1, 6, 0), state.nextChange.value()); // Tuesday 07:00 local
}

TEST_F(ParisTest, NextChangeCrossesTheWeekBoundary)
{
  // Open only Monday 08:00-09:00; from Tuesday the next change is the next Monday.
  const Schedule schedule = Parse(R"({"Monday": [{"Start": "08:00", "End": "09:00"}]})");
  const ScheduleState state = StateAt(schedule, Utc(2026, 12, 1, 12, 0));
  EXPECT_FALSE(state.open);
  EXPECT_EQ(Utc(2026, 12, 7, 7, 0), state.nextChange.value());
}

TEST_F(ParisTest, SpringForwardNightIsOneRealHour)
{
  // 2026-03-29 (Sunday): 02:00 CET jumps to 03:00 CEST. Window 01:00-03:00 local.
  const Schedule schedule = Parse(R"({"Sunday": [{"Start": "01:00", "End": "03:00"}]})");
  const int64_t opens = Utc(2026, 3, 29, 0, 0); // 01:00 CET
  EXPECT_FALSE(StateAt(schedule, opens - 60000).open);
  const ScheduleState state = StateAt(schedule, opens);
  EXPECT_TRUE(state.open);
  EXPECT_EQ(Utc(2026, 3, 29, 1, 0), state.nextChange.value()); // 03:00 CEST
}

TEST_F(ParisTest, FallBackNightIsThreeRealHours)
{
  // 2026-10-25 (Sunday): 03:00 CEST falls back to 02:00 CET. Window 01:00-03:00 local.
  const Schedule schedule = Parse(R"({"Sunday": [{"Start": "01:00", "End": "03:00"}]})");
  const int64_t opens = Utc(2026, 10, 24, 23, 0); // 01:00 CEST
  const ScheduleState state = StateAt(schedule, opens);
  EXPECT_TRUE(state.open);
  EXPECT_EQ(Utc(2026, 10, 25, 2, 0), state.nextChange.value()); // 03:00 CET
}
