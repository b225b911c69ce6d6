#include "Core/Routing/Admission.h"

#include <gtest/gtest.h>

namespace
{
  XnatDqr::EffectiveState OpenState(uint32_t threads, uint32_t globalThreads)
  {
    XnatDqr::EffectiveState state;
    state.open = state.receiverOpen = state.globalOpen = true;
    state.window.threads = threads;
    state.globalThreads = globalThreads;
    return state;
  }
} // namespace

TEST(AdmissionTest, OpenWithAFreeThreadSendsNow)
{
  const XnatDqr::Admission admission =
    XnatDqr::Admit(OpenState(2, 0), XnatDqr::OutsideWindow::Refuse, 1, 5, 30);
  EXPECT_EQ(XnatDqr::AdmissionAction::Send, admission.action);
}

TEST(AdmissionTest, BusyThreadsWaitThenFollowOutsideWindow)
{
  const XnatDqr::Admission own =
    XnatDqr::Admit(OpenState(2, 0), XnatDqr::OutsideWindow::Queue, 2, 2, 30);
  EXPECT_EQ(XnatDqr::AdmissionAction::Wait, own.action);
  EXPECT_EQ(XnatDqr::AdmissionAction::Queue, own.afterWait);
  EXPECT_NE(std::string::npos, own.reason.find("30 s"));
  const XnatDqr::Admission global =
    XnatDqr::Admit(OpenState(4, 3), XnatDqr::OutsideWindow::Refuse, 0, 3, 30);
  EXPECT_EQ(XnatDqr::AdmissionAction::Wait, global.action);
  EXPECT_EQ(XnatDqr::AdmissionAction::Refuse, global.afterWait);
}

TEST(AdmissionTest, AClosedScheduleQueuesOrRefusesAsOutsideWindowSays)
{
  XnatDqr::EffectiveState closed = OpenState(2, 0);
  closed.open = closed.receiverOpen = false;
  const XnatDqr::Admission queued = XnatDqr::Admit(closed, XnatDqr::OutsideWindow::Queue, 0, 0, 30);
  EXPECT_EQ(XnatDqr::AdmissionAction::Queue, queued.action);
  EXPECT_NE(std::string::npos, queued.reason.find("the Receiver's is closed"));
  closed.receiverOpen = true; // the global schedule closes it
  const XnatDqr::Admission refused =
    XnatDqr::Admit(closed, XnatDqr::OutsideWindow::Refuse, 0, 0, 30);
  EXPECT_EQ(XnatDqr::AdmissionAction::Refuse, refused.action);
  EXPECT_NE(std::string::npos, refused.reason.find("the global one is closed"));
}

using namespace XnatDqr;

namespace
{
  EffectiveState OpenUntil(int64_t endMs, double maxMBps, uint32_t utilization = 100)
  {
    EffectiveState state;
    state.open = state.receiverOpen = state.globalOpen = true;
    state.window.threads = 2;
    state.window.maxMBps = maxMBps;
    state.window.utilization = utilization;
    state.nextChange = endMs;
    return state;
  }
} // namespace

TEST(AdmitMoveTest, AMoveLargerThanWhatIsLeftOfTheBudgetFollowsOutsideWindow)
{
  EffectiveState state = OpenUntil(3600000, 0);
  state.budgets = {BudgetUse{"Receiver", "xnat-a|night", 2000000, 1500000}};
  const Admission refused = AdmitMove(state, OutsideWindow::Refuse, 0, 0, 30, 600000, 0);
  EXPECT_EQ(AdmissionAction::Refuse, refused.action);
  EXPECT_NE(std::string::npos, refused.reason.find("0.5 MB left")) << refused.reason;
  EXPECT_EQ(AdmissionAction::Queue,
            AdmitMove(state, OutsideWindow::Queue, 0, 0, 30, 600000, 0).action);
  EXPECT_EQ(AdmissionAction::Send, // what is left is enough
            AdmitMove(state, OutsideWindow::Refuse, 0, 0, 30, 500000, 0).action);
}

TEST(AdmitMoveTest, AMoveThatCannotFinishBeforeTheWindowEndsAtItsPaceFollowsOutsideWindow)
{
  // 10 MB at 2 MB/s is 5 s; at 50 % utilization, 10 s.
  EXPECT_EQ("", WhyItDoesNotFit(OpenUntil(5000, 2), 10000000, 0));
  EXPECT_NE("", WhyItDoesNotFit(OpenUntil(4999, 2), 10000000, 0));
  EXPECT_EQ("", WhyItDoesNotFit(OpenUntil(10000, 2, 50), 10000000, 0));
  EXPECT_NE("", WhyItDoesNotFit(OpenUntil(9999, 2, 50), 10000000, 0));
  // Without a cap there is no pace to fall behind; a lower PACS-wide cap sets the pace.
  EXPECT_EQ("", WhyItDoesNotFit(OpenUntil(1, 0), 10000000, 0));
  EffectiveState shared = OpenUntil(5000, 0);
  shared.globalMaxMBps = 1;
  EXPECT_NE("", WhyItDoesNotFit(shared, 10000000, 0));
  const Admission queued =
    AdmitMove(OpenUntil(4000, 2), OutsideWindow::Queue, 0, 0, 30, 10000000, 0);
  EXPECT_EQ(AdmissionAction::Queue, queued.action);
  EXPECT_NE(std::string::npos, queued.reason.find("the window ends in 4 s")) << queued.reason;
}
