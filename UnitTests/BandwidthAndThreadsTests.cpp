#include "Clock.h"
#include "Core/Pacing/Bandwidth.h"
#include "Core/Pacing/Threads.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

TEST(TokenBucketTest, SpreadsSendsAtTheRate)
{
  TokenBucket bucket;
  // 4 MB/s: a 1 MB send takes 250 ms of the timeline.
  EXPECT_EQ(0, bucket.Reserve(1000000, 4, 10000));
  EXPECT_EQ(250, bucket.Reserve(1000000, 4, 10000));
  EXPECT_EQ(500, bucket.Reserve(1000000, 4, 10000));
  // Time passing frees the timeline.
  EXPECT_EQ(0, bucket.Reserve(1000000, 4, 20000));
}

TEST(TokenBucketTest, NoCapNeverWaits)
{
  TokenBucket bucket;
  for (int i = 0; i < 10; i++)
  {
    EXPECT_EQ(0, bucket.Reserve(100000000, 0, 0));
  }
}

TEST(TokenBucketTest, AverageRateOverManySends)
{
  TokenBucket bucket;
  int64_t now = 0;
  const uint64_t bytes = 65536;
  for (int i = 0; i < 1000; i++)
  {
    now += bucket.Reserve(bytes, 2, now); // the caller waits, then sends instantly
  }
  // 999 sends completed their wait: 999 x 64 KiB at 2 MB/s.
  EXPECT_NEAR(999 * 65536 / 2000.0, now, 2.0);
}

TEST(DutyCycleTest, IdleMakesTheRatio)
{
  const std::pair<uint32_t, int64_t> cases[] = {
    {100, 0}, {75, 333}, {50, 1000}, {25, 3000}, {1, 99000}};
  for (const auto& c : cases)
  {
    EXPECT_EQ(c.second, IdleAfter(1000, c.first)) << c.first;
  }
  EXPECT_EQ(0, IdleAfter(0, 50));
}

TEST(ThreadsTest, CapsPerReceiverAndInTotal)
{
  Testing::FakeClock clock;
  Threads threads(clock);
  EXPECT_TRUE(threads.TryAcquire("a", 2, 3));
  EXPECT_TRUE(threads.TryAcquire("a", 2, 3));
  EXPECT_FALSE(threads.TryAcquire("a", 2, 3));
  EXPECT_TRUE(threads.TryAcquire("b", 2, 3));
  EXPECT_FALSE(threads.TryAcquire("b", 2, 3)); // total reached
  threads.Release("a");
  EXPECT_TRUE(threads.TryAcquire("b", 2, 3));
  EXPECT_EQ(2u, threads.Running("b"));
  EXPECT_EQ(3u, threads.Total());
}

TEST(ThreadsTest, AcquireTimesOutWhenFull)
{
  Testing::FakeClock clock;
  Threads threads(clock);
  ASSERT_TRUE(threads.TryAcquire("a", 1, 0));
  EXPECT_FALSE(threads.Acquire("a", 1, 0, 20));
  EXPECT_EQ(20, clock.WaitedMs()); // the whole wait, in fake time, and not a millisecond more
  threads.Release("a");
  EXPECT_TRUE(threads.Acquire("a", 1, 0, 20));
  EXPECT_EQ(20, clock.WaitedMs()); // a free thread is taken without waiting
}
