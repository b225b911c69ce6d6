#include "Core/QueueOrder.h"
#include "Core/Throttle.h"

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

TEST(SlotsTest, CapsPerReceiverAndInTotal)
{
  Slots slots;
  EXPECT_TRUE(slots.TryAcquire("a", 2, 3));
  EXPECT_TRUE(slots.TryAcquire("a", 2, 3));
  EXPECT_FALSE(slots.TryAcquire("a", 2, 3));
  EXPECT_TRUE(slots.TryAcquire("b", 2, 3));
  EXPECT_FALSE(slots.TryAcquire("b", 2, 3)); // total reached
  slots.Release("a");
  EXPECT_TRUE(slots.TryAcquire("b", 2, 3));
  EXPECT_EQ(2u, slots.Running("b"));
  EXPECT_EQ(3u, slots.Total());
}

TEST(SlotsTest, AcquireTimesOutWhenFull)
{
  Slots slots;
  ASSERT_TRUE(slots.TryAcquire("a", 1, 0));
  EXPECT_FALSE(slots.Acquire("a", 1, 0, 20));
  slots.Release("a");
  EXPECT_TRUE(slots.Acquire("a", 1, 0, 20));
}

TEST(QueueOrderTest, PriorityThenFirstInFirstOut)
{
  std::vector<Transfer> queued(5);
  const int64_t priorities[] = {0, 5, 0, 5, 0};
  for (int i = 0; i < 5; i++)
  {
    queued[i].id = i + 1;
    queued[i].priority = priorities[i];
  }
  queued[4].instancesTotal = 1;
  queued[4].Start(0);
  queued[4].FailAttempt("refused", 1000, RetryPolicy{5, 1}); // waiting for a retry until 2000
  queued[2].Pause(0);
  const std::vector<Transfer> order = QueueOrder(queued, 1000);
  ASSERT_EQ(3u, order.size());
  EXPECT_EQ(2, order[0].id);
  EXPECT_EQ(4, order[1].id);
  EXPECT_EQ(1, order[2].id);
  EXPECT_EQ(4u, QueueOrder(queued, 2000).size());
}

TEST(QueueOrderTest, RetryDelayDoublesUpToAnHour)
{
  EXPECT_EQ(60000, RetryDelayMs(1, 60));
  EXPECT_EQ(120000, RetryDelayMs(2, 60));
  EXPECT_EQ(240000, RetryDelayMs(3, 60));
  EXPECT_EQ(3600000, RetryDelayMs(20, 60));
}
