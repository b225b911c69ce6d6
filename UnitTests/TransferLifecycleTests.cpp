#include "Core/Common/Errors.h"
#include "Core/Transfers/Transfer.h"

#include <functional>
#include <gtest/gtest.h>
#include <set>
#include <tuple>

using namespace XnatDqr;

namespace
{
  const int64_t T0 = 1796000000000; // a fixed clock: 2026-11-29
  const RetryPolicy RETRY{3, 10};

  Transfer Queued(uint64_t instances = 4)
  {
    Transfer transfer;
    transfer.id = 7;
    transfer.receiverId = "xnat-a";
    transfer.instancesTotal = instances;
    transfer.createdMs = T0;
    return transfer;
  }

  Transfer Running(uint64_t instances = 4)
  {
    Transfer transfer = Queued(instances);
    transfer.Start(T0 + 1);
    return transfer;
  }

  Transfer InMove(uint64_t instances = 4)
  {
    Transfer transfer = Queued(instances);
    transfer.StartInMove(T0 + 1);
    return transfer;
  }

  Transfer Paused()
  {
    Transfer transfer = Queued();
    transfer.Pause(T0 + 1);
    return transfer;
  }

  Transfer Failed()
  {
    Transfer transfer = Running();
    transfer.FailForGood("peer gone", T0 + 2);
    return transfer;
  }

  Transfer Canceled()
  {
    Transfer transfer = Queued();
    transfer.Cancel(T0 + 2);
    return transfer;
  }

  Transfer Succeeded()
  {
    Transfer transfer = Running(1);
    transfer.Sent(100);
    transfer.Succeed(T0 + 2);
    return transfer;
  }

  void SendAll(Transfer& transfer)
  {
    while (!transfer.AllSent())
    {
      transfer.Sent(1000);
    }
  }

  using Change = std::function<void(Transfer&)>;

  // The transition throws ConflictError and leaves the Transfer as it was.
  void ExpectRefused(Transfer transfer, const Change& change)
  {
    const Json::Value before = transfer.ToJson();
    EXPECT_THROW(change(transfer), ConflictError) << before.toStyledString();
    EXPECT_EQ(before, transfer.ToJson());
  }
} // namespace

TEST(TransferLifecycleTest, ANewTransferIsQueued)
{
  const Transfer transfer = Queued();
  EXPECT_EQ(TransferState::Queued, transfer.State());
  EXPECT_EQ(0, transfer.Lifecycle().startedMs);
  EXPECT_EQ(std::vector<std::string>({"Pause", "Cancel", "Priority"}), transfer.Actions());
}

TEST(TransferLifecycleTest, StartSetsStartedOnceAcrossAttempts)
{
  Transfer transfer = Running();
  EXPECT_EQ(TransferState::Running, transfer.State());
  EXPECT_EQ(T0 + 1, transfer.Lifecycle().startedMs);
  transfer.Interrupt();
  transfer.Start(T0 + 50);
  EXPECT_EQ(T0 + 1, transfer.Lifecycle().startedMs);
}

TEST(TransferLifecycleTest, SentCountsInstancesAndBytes)
{
  Transfer transfer = Running(2);
  transfer.Sent(10);
  transfer.Sent(32);
  transfer.InstanceFailed();
  EXPECT_EQ(2u, transfer.instancesSent);
  EXPECT_EQ(42u, transfer.bytesSent);
  EXPECT_EQ(1u, transfer.instancesFailed);
  EXPECT_TRUE(transfer.AllSent());
}

TEST(TransferLifecycleTest, SucceedSetsFinishedAndClearsTheError)
{
  Transfer transfer = Running();
  transfer.FailAttempt("refused", T0 + 2, RETRY);
  transfer.Start(T0 + 20000);
  transfer.Succeed(T0 + 30000);
  EXPECT_EQ(TransferState::Succeeded, transfer.State());
  EXPECT_EQ(T0 + 30000, transfer.Lifecycle().finishedMs);
  EXPECT_EQ("", transfer.Lifecycle().error);
  EXPECT_EQ(0, transfer.Lifecycle().nextAttemptMs);
  EXPECT_TRUE(transfer.Actions().empty());
}

TEST(TransferLifecycleTest, AFailedAttemptIsRetriedWithBackoffThenFailsForGood)
{
  Transfer transfer = Running();
  EXPECT_TRUE(transfer.FailAttempt("refused", T0 + 2, RETRY));
  EXPECT_EQ(TransferState::Queued, transfer.State());
  EXPECT_EQ(T0 + 2 + 10000, transfer.Lifecycle().nextAttemptMs);
  EXPECT_EQ("refused", transfer.Lifecycle().lastError);
  EXPECT_EQ(0, transfer.Lifecycle().finishedMs);
  EXPECT_NE(std::string::npos, transfer.ToJson()["Retry"].asString().find("attempt 2 at"));
  transfer.Start(T0 + 20000);
  EXPECT_TRUE(transfer.FailAttempt("refused", T0 + 20001, RETRY));
  EXPECT_EQ(T0 + 20001 + 20000, transfer.Lifecycle().nextAttemptMs);
  transfer.Start(T0 + 50000);
  EXPECT_FALSE(transfer.FailAttempt("refused again", T0 + 50001, RETRY));
  EXPECT_EQ(TransferState::Failed, transfer.State());
  EXPECT_EQ("refused again", transfer.Lifecycle().error);
  EXPECT_EQ(T0 + 50001, transfer.Lifecycle().finishedMs);
  EXPECT_TRUE(transfer.ToJson()["NextAttempt"].isNull());
  EXPECT_EQ("no retry: 3 attempts failed", transfer.ToJson()["Retry"].asString());
}

TEST(TransferLifecycleTest, AFailureInsideACMoveIsFinal)
{
  Transfer transfer = InMove();
  EXPECT_FALSE(transfer.FailAttempt("aborted", T0 + 2, RETRY));
  EXPECT_EQ(TransferState::Failed, transfer.State());
  Transfer other = InMove();
  other.FailForGood("The C-MOVE ended after 1 of 4 instances", T0 + 3);
  EXPECT_EQ("no retry", other.ToJson()["Retry"].asString());
  EXPECT_EQ(std::vector<std::string>({"Retry"}), other.Actions());
}

TEST(TransferLifecycleTest, AReconnectInsideACMoveIsCountedAndSaysWhere)
{
  Transfer transfer = InMove();
  transfer.Sent(10);
  transfer.Reconnected("association lost at instance 2 of 4; resumed there");
  EXPECT_EQ(TransferState::Running, transfer.State());
  EXPECT_EQ(1u, transfer.Lifecycle().attempts);
  EXPECT_EQ("association lost at instance 2 of 4; resumed there", transfer.Lifecycle().lastError);
  transfer.Sent(10);
  transfer.Sent(10);
  transfer.Sent(10);
  transfer.Succeed(T0 + 5);
  EXPECT_EQ(1u, transfer.Lifecycle().attempts);
}

TEST(TransferLifecycleTest, RefuseEndsANewTransfer)
{
  Transfer transfer = Queued();
  transfer.Refuse("C-MOVE refused: unknown destination", T0);
  EXPECT_EQ(TransferState::Failed, transfer.State());
  EXPECT_EQ(T0, transfer.Lifecycle().finishedMs);
  EXPECT_EQ("C-MOVE refused: unknown destination", transfer.Lifecycle().error);
}

TEST(TransferLifecycleTest, InterruptPutsARunningTransferBack)
{
  Transfer transfer = Running();
  transfer.Sent(5);
  transfer.Interrupt();
  EXPECT_EQ(TransferState::Queued, transfer.State());
  EXPECT_EQ(1u, transfer.instancesSent);
}

TEST(TransferLifecycleTest, ACrashDuringACMoveQueuesItsTransfer)
{
  Transfer transfer = InMove();
  transfer.Sent(10);
  transfer.Recover();
  EXPECT_EQ(TransferState::Queued, transfer.State());
  EXPECT_FALSE(transfer.Lifecycle().insideMove);
  EXPECT_EQ(1u, transfer.instancesSent);
  EXPECT_EQ(std::vector<std::string>({"Pause", "Cancel", "Priority"}), transfer.Actions());
}

TEST(TransferLifecycleTest, PauseResumeCancel)
{
  Transfer transfer = Running();
  transfer.Pause(T0 + 2);
  EXPECT_EQ(TransferState::Paused, transfer.State());
  EXPECT_EQ(std::vector<std::string>({"Resume", "Cancel", "Priority"}), transfer.Actions());
  transfer.Resume(T0 + 3);
  EXPECT_EQ(TransferState::Queued, transfer.State());
  transfer.Cancel(T0 + 4);
  EXPECT_EQ(TransferState::Canceled, transfer.State());
  EXPECT_EQ(T0 + 4, transfer.Lifecycle().finishedMs);
  EXPECT_EQ(std::vector<std::string>({"Retry"}), transfer.Actions());
}

TEST(TransferLifecycleTest, APauseOrCancelAfterTheLastInstanceEndsSucceeded)
{
  Transfer paused = Running(80);
  SendAll(paused);
  paused.Pause(T0 + 5);
  EXPECT_EQ(TransferState::Succeeded, paused.State());
  EXPECT_TRUE(paused.Actions().empty());
  Transfer canceled = Running(80);
  SendAll(canceled);
  canceled.Cancel(T0 + 5);
  EXPECT_EQ(TransferState::Succeeded, canceled.State());
  EXPECT_EQ(T0 + 5, canceled.Lifecycle().finishedMs);
}

TEST(TransferLifecycleTest, RetryStartsAgainFromWhereItStopped)
{
  Transfer transfer = Running();
  transfer.Sent(1);
  transfer.FailForGood("peer gone", T0 + 2);
  transfer.Retry(T0 + 3);
  EXPECT_EQ(TransferState::Queued, transfer.State());
  EXPECT_EQ(0u, transfer.Lifecycle().attempts);
  EXPECT_EQ(0, transfer.Lifecycle().finishedMs);
  EXPECT_EQ("", transfer.Lifecycle().error);
  EXPECT_EQ(1u, transfer.instancesSent);
  Transfer canceled = Canceled();
  canceled.Retry(T0 + 3);
  EXPECT_EQ(TransferState::Queued, canceled.State());
}

TEST(TransferLifecycleTest, RetryNeedsAReceiverAndSomethingLeft)
{
  Transfer modality = Failed();
  modality.receiverId = "";
  EXPECT_TRUE(modality.Actions().empty());
  ExpectRefused(modality, [](Transfer& t) { t.Retry(T0 + 9); });
  Transfer done = Running(1);
  done.Sent(1);
  done.FailForGood("association release failed", T0 + 2);
  ExpectRefused(done, [](Transfer& t) { t.Retry(T0 + 9); });
}

TEST(TransferLifecycleTest, PriorityChangesOnlyWhileNotFinal)
{
  Transfer transfer = Queued();
  transfer.SetPriority(5);
  EXPECT_EQ(5, transfer.priority);
  ExpectRefused(Succeeded(), [](Transfer& t) { t.SetPriority(1); });
  ExpectRefused(Failed(), [](Transfer& t) { t.SetPriority(1); });
  ExpectRefused(InMove(), [](Transfer& t) { t.SetPriority(1); });
}

TEST(TransferLifecycleTest, ACMoveOwnsTheTransferItSends)
{
  Transfer transfer = InMove();
  EXPECT_TRUE(transfer.Lifecycle().insideMove);
  EXPECT_TRUE(transfer.Actions().empty());
  ExpectRefused(transfer, [](Transfer& t) { t.Pause(T0 + 2); });
  ExpectRefused(transfer, [](Transfer& t) { t.Cancel(T0 + 2); });
  ExpectRefused(transfer, [](Transfer& t) { t.Interrupt(); });
  transfer.Sent(1);
  transfer.Succeed(T0 + 3);
  EXPECT_FALSE(transfer.Lifecycle().insideMove);
}

TEST(TransferLifecycleTest, EveryIllegalTransitionIsAConflict)
{
  const std::vector<std::pair<std::string, Transfer>> states = {
    {"Queued", Queued()},    {"Running", Running()},     {"InMove", InMove()},
    {"Paused", Paused()},    {"Succeeded", Succeeded()}, {"Failed", Failed()},
    {"Canceled", Canceled()}};
  // Which states each transition accepts.
  const std::vector<std::tuple<std::string, Change, std::set<std::string>>> transitions = {
    {"StartInMove", [](Transfer& t) { t.StartInMove(T0 + 9); }, {"Queued"}},
    {"Refuse", [](Transfer& t) { t.Refuse("r", T0 + 9); }, {"Queued"}},
    {"Start", [](Transfer& t) { t.Start(T0 + 9); }, {"Queued"}},
    {"Sent", [](Transfer& t) { t.Sent(1); }, {"Running", "InMove"}},
    {"InstanceFailed", [](Transfer& t) { t.InstanceFailed(); }, {"Running", "InMove"}},
    {"Reconnected", [](Transfer& t) { t.Reconnected("lost"); }, {"InMove"}},
    {"Succeed", [](Transfer& t) { t.Succeed(T0 + 9); }, {"Running", "InMove"}},
    {"Interrupt", [](Transfer& t) { t.Interrupt(); }, {"Running"}},
    {"Recover", [](Transfer& t) { t.Recover(); }, {"Running", "InMove"}},
    {"FailAttempt", [](Transfer& t) { t.FailAttempt("e", T0 + 9, RETRY); }, {"Running", "InMove"}},
    {"FailForGood",
     [](Transfer& t) { t.FailForGood("e", T0 + 9); },
     {"Queued", "Running", "InMove"}},
    {"Pause", [](Transfer& t) { t.Pause(T0 + 9); }, {"Queued", "Running"}},
    {"Resume", [](Transfer& t) { t.Resume(T0 + 9); }, {"Paused"}},
    {"Cancel", [](Transfer& t) { t.Cancel(T0 + 9); }, {"Queued", "Running", "Paused"}},
    {"Retry", [](Transfer& t) { t.Retry(T0 + 9); }, {"Failed", "Canceled"}},
    {"SetPriority", [](Transfer& t) { t.SetPriority(3); }, {"Queued", "Running", "Paused"}}};
  for (const auto& [name, change, allowed] : transitions)
  {
    for (const auto& [stateName, transfer] : states)
    {
      SCOPED_TRACE(name + " from " + stateName);
      if (allowed.count(stateName) > 0)
      {
        Transfer copy = transfer;
        EXPECT_NO_THROW(change(copy));
      }
      else
      {
        ExpectRefused(transfer, change);
      }
    }
  }
}

TEST(TransferLifecycleTest, ARestoredTransferKeepsItsLifecycle)
{
  Transfer transfer = Running();
  transfer.FailAttempt("refused", T0 + 2, RETRY);
  const Transfer restored = Transfer::FromJson(transfer.ToJson());
  EXPECT_EQ(transfer.ToJson(), restored.ToJson());
  EXPECT_EQ(T0 + 2 + 10000, restored.Lifecycle().nextAttemptMs);
}

TEST(TransferTest, StatesRoundTrip)
{
  for (const char* name : {"Queued", "Running", "Paused", "Succeeded", "Failed", "Canceled"})
  {
    EXPECT_STREQ(name, ToString(ParseTransferState(name).value()));
  }
  EXPECT_FALSE(ParseTransferState("Done").has_value());
}
