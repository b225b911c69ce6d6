#include "Core/Network/IpRange.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

namespace
{
  IpRange Range(const std::string& text)
  {
    std::string problem;
    const std::optional<IpRange> range = IpRange::Parse(text, problem);
    EXPECT_TRUE(range) << text << ": " << problem;
    return range.value_or(*IpRange::Parse("0.0.0.0/0", problem));
  }
} // namespace

TEST(IpRangeTest, AddressesAndRangesOfBothFamilies)
{
  EXPECT_TRUE(Range("10.0.0.7").Contains("10.0.0.7"));
  EXPECT_FALSE(Range("10.0.0.7").Contains("10.0.0.8"));
  EXPECT_TRUE(Range("10.0.0.0/24").Contains("10.0.0.255"));
  EXPECT_FALSE(Range("10.0.0.0/24").Contains("10.0.1.0"));
  EXPECT_TRUE(Range("10.0.0.0/20").Contains("10.0.15.1"));
  EXPECT_FALSE(Range("10.0.0.0/20").Contains("10.0.16.1"));
  EXPECT_TRUE(Range("0.0.0.0/0").Contains("192.168.1.1"));
  EXPECT_TRUE(Range("2001:db8::/32").Contains("2001:db8:1::5"));
  EXPECT_FALSE(Range("2001:db8::/32").Contains("2001:db9::5"));
  EXPECT_TRUE(Range("::1").Contains("::1"));
  EXPECT_FALSE(Range("::1").Contains("127.0.0.1")); // one family does not hold the other's
  EXPECT_FALSE(Range("10.0.0.0/8").Contains("not an address"));
  EXPECT_FALSE(Range("10.0.0.0/8").Contains(""));
}

TEST(IpRangeTest, AnIpv4AddressWrittenAsIpv6IsThatAddress)
{
  EXPECT_TRUE(Range("10.0.0.0/24").Contains("::ffff:10.0.0.9"));
  EXPECT_TRUE(Range("::ffff:10.0.0.9").Contains("10.0.0.9"));
  EXPECT_EQ("10.0.0.9", Range("::ffff:10.0.0.9").ToString());
}

TEST(IpRangeTest, TheCanonicalTextDropsHostBits)
{
  EXPECT_EQ("10.0.0.0/24", Range("10.0.0.9/24").ToString());
  EXPECT_EQ("10.0.0.7", Range("10.0.0.7/32").ToString());
  EXPECT_EQ("2001:db8::/32", Range("2001:0db8:0000::1/32").ToString());
}

TEST(IpRangeTest, OverlapsIsSymmetricAndExact)
{
  EXPECT_TRUE(Range("10.0.0.0/8").Overlaps(Range("10.1.2.3")));
  EXPECT_TRUE(Range("10.1.2.3").Overlaps(Range("10.0.0.0/8")));
  EXPECT_FALSE(Range("10.0.0.0/24").Overlaps(Range("10.0.1.0/24")));
  EXPECT_FALSE(Range("10.0.0.1").Overlaps(Range("10.0.0.2")));
  EXPECT_FALSE(Range("10.0.0.0/8").Overlaps(Range("2001:db8::/32")));
}

TEST(IpRangeTest, MalformedTextNamesTheRule)
{
  for (const char* text : {"", "10.0.0", "10.0.0.256", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x",
                           "::1/129", "2001:db8::/-1", "host.example.org", "10.0.0.0/24/1"})
  {
    std::string problem;
    EXPECT_FALSE(IpRange::Parse(text, problem)) << text;
    EXPECT_NE(std::string::npos, problem.find(text)) << problem;
  }
}
