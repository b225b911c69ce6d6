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

  class ScheduleExceptionUtcTest : public ::testing::Test
  {
  private:
    Testing::TimeZone zone_{"UTC"};
  };

  // Every night 19:00-07:00; Christmas to New Year closed; 2027-03-14 (a Sunday) 22:00-24:00.
  const char* const WITH_EXCEPTIONS = R"({
    "Monday": [{"Start": "19:00", "End": "07:00"}], "Tuesday": [{"Start": "19:00", "End": "07:00"}],
    "Wednesday": [{"Start": "19:00", "End": "07:00"}], "Thursday": [{"Start": "19:00", "End": "07:00"}],
    "Friday": [{"Start": "19:00", "End": "07:00"}], "Saturday": [{"Start": "19:00", "End": "07:00"}],
    "Sunday": [{"Start": "19:00", "End": "07:00"}],
    "Exceptions": [{"From": "2026-12-24", "To": "2027-01-01", "Windows": []},
                   {"Date": "2027-03-14", "Windows": [{"Start": "22:00", "End": "24:00", "Threads": 3}]}]})";
} // namespace

TEST(ScheduleExceptionTest, DatesRoundTrip)
{
  EXPECT_EQ(0, ParseDate("1970-01-01").value());
  EXPECT_EQ("2024-02-29", FormatDate(ParseDate("2024-02-29").value()));
  EXPECT_EQ(ParseDate("2027-01-01").value() - 1, ParseDate("2026-12-31").value());
  EXPECT_FALSE(ParseDate("2026-02-29"));
  EXPECT_FALSE(ParseDate("2026-13-01"));
  EXPECT_FALSE(ParseDate("2026-1-01"));
  EXPECT_FALSE(ParseDate("2026-01-01x"));
}

TEST(ScheduleExceptionTest, ValidationNamesTheField)
{
  EXPECT_EQ("", Refusal(WITH_EXCEPTIONS));
  EXPECT_EQ("Schedule.Exceptions[0].Date",
            Refusal(R"({"Exceptions": [{"Date": "2026-02-30", "Windows": []}]})"));
  EXPECT_EQ(
    "Schedule.Exceptions[0].To",
    Refusal(R"({"Exceptions": [{"From": "2026-12-24", "To": "2026-12-01", "Windows": []}]})"));
  EXPECT_EQ(
    "Schedule.Exceptions[0]",
    Refusal(
      R"({"Exceptions": [{"Date": "2026-12-24", "From": "2026-12-24", "To": "2026-12-25", "Windows": []}]})"));
  EXPECT_EQ("Schedule.Exceptions[0].Windows",
            Refusal(R"({"Exceptions": [{"Date": "2026-12-24"}]})"));
  EXPECT_EQ(
    "Schedule.Exceptions[0].Windows[0].End",
    Refusal(
      R"({"Exceptions": [{"Date": "2026-12-24", "Windows": [{"Start": "22:00", "End": "02:00"}]}]})"));
  EXPECT_EQ(
    "Schedule.Exceptions[0].Windows[0].Threads",
    Refusal(
      R"({"Exceptions": [{"Date": "2026-12-24", "Windows": [{"Start": "08:00", "End": "09:00", "Threads": 0}]}]})"));
  EXPECT_EQ(
    "Schedule.Exceptions[0].Windows",
    Refusal(
      R"({"Exceptions": [{"Date": "2026-12-24", "Windows": [{"Start": "08:00", "End": "10:00"}, {"Start": "09:00", "End": "11:00"}]}]})"));
  EXPECT_EQ(
    "Schedule.Exceptions[1]",
    Refusal(
      R"({"Exceptions": [{"From": "2026-12-24", "To": "2026-12-31", "Windows": []}, {"Date": "2026-12-31", "Windows": []}]})"));
  EXPECT_EQ("Schedule.Exceptions[0].Colour",
            Refusal(R"({"Exceptions": [{"Date": "2026-12-24", "Windows": [], "Colour": 1}]})"));
}

TEST(ScheduleExceptionTest, JsonRoundTripsSortedByDate)
{
  const Schedule schedule = Parse(R"({"Exceptions": [{"Date": "2027-03-14", "Windows": []},
    {"From": "2026-12-24", "To": "2027-01-01", "Windows": []}]})");
  const Json::Value json = schedule.ToJson();
  ASSERT_EQ(2u, json["Exceptions"].size());
  EXPECT_EQ("2026-12-24", json["Exceptions"][0]["From"].asString());
  EXPECT_EQ("2027-03-14", json["Exceptions"][1]["Date"].asString());
  EXPECT_EQ(json, Parse(JsonText::Write(json)).ToJson());
  EXPECT_FALSE(schedule.IsEmpty());
}

TEST_F(ScheduleExceptionUtcTest, AnExceptionReplacesThatDaysWeeklyWindows)
{
  const Schedule schedule = Parse(WITH_EXCEPTIONS);
  // 2026-12-23 (Wednesday) 20:00: the weekly night.
  EXPECT_TRUE(StateAt(schedule, Utc(2026, 12, 23, 20, 0)).open);
  // Its overnight window does not run into the closed 24th...
  EXPECT_FALSE(StateAt(schedule, Utc(2026, 12, 24, 1, 0)).open);
  // ...which stays closed all day, through New Year's Day.
  EXPECT_FALSE(StateAt(schedule, Utc(2026, 12, 24, 20, 0)).open);
  EXPECT_FALSE(StateAt(schedule, Utc(2027, 1, 1, 20, 0)).open);
  // The next change from the 23rd evening is the 24th at midnight.
  EXPECT_EQ(Utc(2026, 12, 24, 0, 0), StateAt(schedule, Utc(2026, 12, 23, 20, 0)).nextChange);
  // After the exception, the weekly windows again: 2 January 19:00.
  EXPECT_TRUE(StateAt(schedule, Utc(2027, 1, 2, 19, 30)).open);
  // 2027-03-14: only 22:00-24:00, with its own Threads.
  EXPECT_FALSE(StateAt(schedule, Utc(2027, 3, 14, 20, 0)).open);
  const ScheduleState late = StateAt(schedule, Utc(2027, 3, 14, 22, 30));
  EXPECT_TRUE(late.open);
  EXPECT_EQ(3u, late.window->threads);
  // The 13th's weekly night still runs into the morning of the 14th? No: the 14th is replaced.
  EXPECT_FALSE(StateAt(schedule, Utc(2027, 3, 14, 3, 0)).open);
}

TEST(ScheduleExceptionTest, PastExceptionsAreDropped)
{
  Schedule schedule = Parse(WITH_EXCEPTIONS);
  EXPECT_EQ(0u, schedule.DropExceptionsEndedBefore(ParseDate("2027-01-01").value()));
  EXPECT_EQ(1u, schedule.DropExceptionsEndedBefore(ParseDate("2027-01-02").value()));
  ASSERT_EQ(1u, schedule.Exceptions().size());
  EXPECT_EQ(ParseDate("2027-03-14").value(), schedule.Exceptions()[0].firstDay);
}
