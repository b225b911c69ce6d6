#include "Core/Transfers/QueueWait.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

namespace
{
  const int64_t NOW = 1800000000000;

  EffectiveState Open(uint32_t threads, uint32_t globalThreads = 0)
  {
    EffectiveState state;
    state.open = state.receiverOpen = state.globalOpen = true;
    state.window.threads = threads;
    state.globalThreads = globalThreads;
    return state;
  }
} // namespace

TEST(QueueWaitTest, AClosedWindowSaysWhenItOpens)
{
  Transfer queued;
  EffectiveState closed = Open(2);
  closed.open = closed.receiverOpen = false;
  closed.nextChange = NOW + 3600000;
  const std::optional<QueueWait> wait = WhyWaiting(queued, closed, 0, 0, RetryPolicy{}, NOW);
  ASSERT_TRUE(wait);
  EXPECT_EQ("window closed", wait->reason);
  EXPECT_EQ(NOW + 3600000, wait->until);
  closed.receiverOpen = true; // only the global schedule is closed
  EXPECT_EQ("global window closed", WhyWaiting(queued, closed, 0, 0, RetryPolicy{}, NOW)->reason);
}

TEST(QueueWaitTest, ARetrySaysWhichAttemptAndWhen)
{
  Transfer transfer;
  transfer.Start(NOW - 2000);
  transfer.FailAttempt("refused", NOW - 1000, RetryPolicy{5, 30});
  ASSERT_EQ(TransferState::Queued, transfer.State());
  const std::optional<QueueWait> wait =
    WhyWaiting(transfer, Open(2), 0, 0, RetryPolicy{5, 30}, NOW);
  ASSERT_TRUE(wait);
  EXPECT_EQ("retry 2 of 5", wait->reason);
  EXPECT_EQ(transfer.Lifecycle().nextAttemptMs, wait->until);
  EXPECT_GT(*wait->until, NOW);
}

TEST(QueueWaitTest, BusyThreadsAreNamedAndAFreeOneStarts)
{
  Transfer queued;
  EXPECT_EQ("waiting for a thread (2 of 2 busy)",
            WhyWaiting(queued, Open(2), 2, 2, RetryPolicy{}, NOW)->reason);
  EXPECT_EQ("waiting for a thread (all 3 of the PACS busy)",
            WhyWaiting(queued, Open(2, 3), 1, 3, RetryPolicy{}, NOW)->reason);
  const std::optional<QueueWait> free = WhyWaiting(queued, Open(2), 1, 1, RetryPolicy{}, NOW);
  EXPECT_EQ("starting", free->reason);
  EXPECT_EQ(NOW, free->until);
}

TEST(QueueWaitTest, PausedWaitsForAPersonAndOthersDoNotWait)
{
  Transfer paused;
  paused.Pause(NOW);
  EXPECT_EQ("paused", WhyWaiting(paused, Open(2), 0, 0, RetryPolicy{}, NOW)->reason);
  EXPECT_FALSE(WhyWaiting(paused, Open(2), 0, 0, RetryPolicy{}, NOW)->until);
  Transfer running;
  running.Start(NOW);
  EXPECT_FALSE(WhyWaiting(running, Open(2), 1, 1, RetryPolicy{}, NOW));
  running.Succeed(NOW + 1);
  EXPECT_FALSE(WhyWaiting(running, Open(2), 0, 0, RetryPolicy{}, NOW));
}
