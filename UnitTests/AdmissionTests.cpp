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
