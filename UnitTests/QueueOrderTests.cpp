#include "Core/Transfers/QueueOrder.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

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
