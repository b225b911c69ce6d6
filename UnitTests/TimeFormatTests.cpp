#include "Clock.h"
#include "Core/Common/TimeFormat.h"

#include <cstdlib>
#include <gtest/gtest.h>

using namespace XnatDqr;

TEST(TimeFormatTest, ParsesUtcOffsetsAndEpochMilliseconds)
{
  EXPECT_EQ(1796000000000, TimeFormat::Parse("1796000000000").value());
  EXPECT_EQ(0, TimeFormat::Parse("1970-01-01T00:00:00Z").value());
  EXPECT_EQ(1500, TimeFormat::Parse("1970-01-01T00:00:01.5Z").value());
  EXPECT_EQ(-3600000, TimeFormat::Parse("1970-01-01T00:00:00+01:00").value());
  EXPECT_EQ(5400000, TimeFormat::Parse("1970-01-01T00:00:00-01:30").value());
}

TEST(TimeFormatTest, RefusesMalformedTimes)
{
  for (const char* bad : {"", "yesterday", "2026-13-01T00:00Z", "2026-01-01", "2026-01-01T25:00",
                          "2026-01-01T00:00:00+1", "2026-01-01T00:00:00Q"})
  {
    EXPECT_FALSE(TimeFormat::Parse(bad).has_value()) << bad;
  }
}

TEST(TimeFormatTest, LocalIsoRoundTrips)
{
  const int64_t ms = 1796000000123;
  EXPECT_EQ(ms, TimeFormat::Parse(TimeFormat::ToLocalIso(ms)).value());
}

TEST(TimeFormatTest, ZoneAtNamesTheZoneAndItsOffset)
{
  const Testing::TimeZone zone("America/New_York");
  // 2026-01-15 12:00 UTC: EST, UTC-5; 2026-07-15: EDT, UTC-4.
  const XnatDqr::TimeFormat::HostZone winter = XnatDqr::TimeFormat::ZoneAt(1768478400000);
  EXPECT_EQ("America/New_York", winter.name);
  EXPECT_EQ("EST", winter.abbreviation);
  EXPECT_EQ(-300, winter.offsetMinutes);
  EXPECT_EQ("-05:00", winter.offset);
  const XnatDqr::TimeFormat::HostZone summer = XnatDqr::TimeFormat::ZoneAt(1784116800000);
  EXPECT_EQ("-04:00", summer.offset);
  EXPECT_EQ("EDT", summer.abbreviation);
}
