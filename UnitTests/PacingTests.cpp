// The pacer and the waits of the queue, driven by a fake clock: what real-time tests could
// only measure within a tolerance is decided here to the millisecond.
#include "Clock.h"
#include "Core/Pacing/TransferPacer.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

namespace
{
  constexpr uint64_t MB = 1000 * 1000;

  EffectiveState Caps(double maxMBps, uint32_t utilization = 100)
  {
    EffectiveState caps;
    caps.open = true;
    caps.window.maxMBps = maxMBps;
    caps.window.utilization = utilization;
    return caps;
  }
} // namespace

TEST(TransferPacerTest, MaxMBpsSpacesTheSendsExactly)
{
  Testing::FakeClock clock;
  Throttles throttles(clock);
  TransferPacer pacer(throttles, clock, "xnat-a", Caps(2), nullptr);
  const int64_t start = clock.NowMs();
  for (int i = 0; i < 20; i++)
  {
    pacer.BeforeSend(MB); // 1 MB at 2 MB/s: each send starts 500 ms after the one before
  }
  // 20 MB at 2 MB/s is 10 s; the 20th megabyte starts at 9.5 s.
  EXPECT_EQ(9500, clock.NowMs() - start);
  EXPECT_EQ(9500, pacer.IdleMs());
}

TEST(TransferPacerTest, ThePacsWideCapIsATotalAcrossReceivers)
{
  Testing::FakeClock clock;
  Throttles throttles(clock);
  EffectiveState caps = Caps(0);
  caps.globalMaxMBps = 4;
  TransferPacer a(throttles, clock, "xnat-a", caps, nullptr);
  TransferPacer b(throttles, clock, "xnat-b", caps, nullptr);
  const int64_t start = clock.NowMs();
  for (int i = 0; i < 4; i++)
  {
    a.BeforeSend(MB);
    b.BeforeSend(MB);
  }
  // 8 MB at 4 MB/s in all: the last megabyte starts at 1.75 s.
  EXPECT_EQ(1750, clock.NowMs() - start);
}

TEST(TransferPacerTest, UtilizationFiftyIdlesAsLongAsEachBatchWasBusy)
{
  Testing::FakeClock clock;
  Throttles throttles(clock);
  TransferPacer pacer(throttles, clock, "xnat-a", Caps(0, 50), nullptr);
  EXPECT_FALSE(pacer.AfterSend(200)); // the batch goes on
  EXPECT_EQ(0, clock.SleptMs());
  EXPECT_TRUE(pacer.AfterSend(TransferPacer::BATCH_BUSY_MS - 200)); // a boundary
  EXPECT_EQ(TransferPacer::BATCH_BUSY_MS, clock.SleptMs());
  EXPECT_EQ(TransferPacer::BATCH_BUSY_MS, pacer.IdleMs());
  EXPECT_EQ(TransferPacer::BATCH_BUSY_MS, pacer.BusyMs());
  pacer.AfterSend(100);
  pacer.Finish(); // the part batch's idle time is owed too
  EXPECT_EQ(TransferPacer::BATCH_BUSY_MS + 100, clock.SleptMs());
}

TEST(TransferPacerTest, AStopRequestCutsAWaitShortWithinOneStep)
{
  Testing::FakeClock clock;
  Throttles throttles(clock);
  int asked = 0;
  TransferPacer pacer(throttles, clock, "xnat-a", Caps(1),
                      [&asked] { return ++asked > 3; }); // stop after three looks
  pacer.BeforeSend(MB);
  pacer.BeforeSend(MB);            // a second's wait, cut short
  EXPECT_EQ(300, clock.SleptMs()); // three steps of 100 ms, then the stop is seen
}

TEST(TransferPacerTest, DeliveredBytesAreSpentOnEveryBudgetInForce)
{
  Testing::FakeClock clock;
  Throttles throttles(clock);
  EffectiveState caps = Caps(0);
  caps.budgets = {BudgetUse{"Receiver", "Receiver:xnat-a:1", 2 * MB, 0},
                  BudgetUse{"Global", "Global:1", 10 * MB, 0}};
  TransferPacer pacer(throttles, clock, "xnat-a", caps, nullptr);
  pacer.Delivered(MB);
  pacer.Delivered(MB / 2);
  EXPECT_EQ(MB + MB / 2, throttles.Budgets().Spent("Receiver:xnat-a:1"));
  EXPECT_EQ(MB + MB / 2, throttles.Budgets().Spent("Global:1"));
  EXPECT_EQ(0u, throttles.Budgets().Spent("Receiver:xnat-b:1"));
}

TEST(ThreadsTest, ASharedWaitLooksAgainEveryFiftyMillisecondsUntilItsDeadline)
{
  // Another Orthanc's release is not signalled: the wait polls, in fake time here.
  class NoneFree : public SharedThreads
  {
  public:
    std::optional<int64_t> TakeThread(const std::string&, uint32_t, uint32_t) override
    {
      takes++;
      return std::nullopt;
    }
    void ReturnThread(int64_t) override {}
    int takes = 0;
  } shared;
  Testing::FakeClock clock;
  Threads threads(clock);
  threads.SetShared(&shared);
  EXPECT_FALSE(threads.Acquire("xnat-a", 1, 0, 1000));
  EXPECT_EQ(1000, clock.WaitedMs());
  EXPECT_EQ(21, shared.takes); // at 0, 50, ..., 1000 ms
}
