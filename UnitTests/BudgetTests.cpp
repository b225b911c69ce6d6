#include "Clock.h"
#include "Core/Common/JsonText.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Pacing/TransferPacer.h"
#include "Core/Schedules/ScheduleClock.h"
#include "Store/SqliteStore.h"

#include <cstdlib>
#include <ctime>
#include <gtest/gtest.h>

using namespace XnatDqr;
using XnatDqr::Testing::Utc;

namespace
{
  class BudgetTest : public ::testing::Test
  {
  protected:
    Receiver Nightly(double maxGB)
    {
      Receiver receiver;
      receiver.id = "xnat-a";
      Json::Value window = JsonText::Parse(R"({"Start": "19:00", "End": "07:00"})");
      window["MaxGB"] = maxGB;
      Json::Value week(Json::objectValue);
      for (const char* day :
           {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"})
      {
        week[day].append(window);
      }
      receiver.schedule = Schedule::FromJson(week, "Schedule");
      return receiver;
    }

  private:
    Testing::TimeZone zone_{"UTC"};
  };
} // namespace

TEST_F(BudgetTest, ASpentBudgetClosesTheWindowUntilItsNextOccurrence)
{
  SqliteStore store(SystemClock(), ":memory:");
  BudgetLedger ledger;
  ledger.SetStore(&store);
  SchedulePolicy schedules(store, std::nullopt, Window{});
  schedules.SetBudgets(&ledger);
  const Receiver receiver = Nightly(0.000002); // 2000 bytes a night

  const int64_t evening = Utc(2026, 12, 1, 20, 0);
  EffectiveState state = schedules.StateFor(receiver, evening);
  ASSERT_TRUE(state.open);
  ASSERT_EQ(1u, state.budgets.size());
  EXPECT_EQ("xnat-a|2026-12-01 19:00", state.budgets[0].key);
  EXPECT_EQ(2000u, state.budgets[0].limitBytes);

  ledger.Spend(state.budgets[0].key, 1500);
  EXPECT_TRUE(schedules.StateFor(receiver, evening).open);
  ledger.Spend(state.budgets[0].key, 500);
  state = schedules.StateFor(receiver, evening);
  EXPECT_FALSE(state.open);
  EXPECT_TRUE(state.budgetSpent);
  // After midnight it is the same occurrence: still closed.
  const EffectiveState night = schedules.StateFor(receiver, Utc(2026, 12, 2, 3, 0));
  EXPECT_EQ("xnat-a|2026-12-01 19:00", night.budgets.at(0).key);
  EXPECT_FALSE(night.open);
  // The next evening is a new occurrence with its own budget.
  EXPECT_TRUE(schedules.StateFor(receiver, Utc(2026, 12, 2, 19, 30)).open);

  // A restart does not forget: a new ledger on the same store.
  BudgetLedger again;
  again.SetStore(&store);
  EXPECT_EQ(2000u, again.Spent("xnat-a|2026-12-01 19:00"));
}

TEST_F(BudgetTest, NoBudgetNoAccounting)
{
  SqliteStore store(SystemClock(), ":memory:");
  BudgetLedger ledger;
  SchedulePolicy schedules(store, std::nullopt, Window{});
  schedules.SetBudgets(&ledger);
  const EffectiveState state = schedules.StateFor(Nightly(0), Utc(2026, 12, 1, 20, 0));
  EXPECT_TRUE(state.open);
  EXPECT_TRUE(state.budgets.empty());
}

TEST_F(BudgetTest, AFakeNightPacedToItsBudgetClosesThenOpensAtTheNextOccurrence)
{
  Testing::FakeClock clock(Utc(2026, 12, 1, 18, 59));
  SqliteStore store(clock, ":memory:");
  Throttles throttles(clock);
  throttles.Budgets().SetStore(&store);
  SchedulePolicy schedules(store, std::nullopt, Window{});
  schedules.SetBudgets(&throttles.Budgets());
  const Receiver receiver = Nightly(0.000002); // 2000 bytes a night

  EffectiveState state = schedules.StateFor(receiver, clock.NowMs());
  ASSERT_FALSE(state.open);
  ASSERT_TRUE(state.nextChange);
  clock.Advance(*state.nextChange - clock.NowMs()); // the Window opens at 19:00
  state = schedules.StateFor(receiver, clock.NowMs());
  ASSERT_TRUE(state.open);
  {
    TransferPacer pacer(throttles, clock, receiver.id, state, nullptr);
    for (int i = 0; i < 4; i++)
    {
      pacer.Delivered(500);
    }
  }
  state = schedules.StateFor(receiver, clock.NowMs());
  EXPECT_FALSE(state.open);
  EXPECT_TRUE(state.budgetSpent);
  clock.Advance(24 * 3600 * 1000); // the next evening, a new occurrence
  EXPECT_TRUE(schedules.StateFor(receiver, clock.NowMs()).open);
}
