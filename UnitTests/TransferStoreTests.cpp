#include "Core/Transfers/QueueOrder.h"
#include "StoreBackends.h"

#include <algorithm>

#include <gtest/gtest.h>

using namespace XnatDqr;

namespace
{
  class TransferStoreTest : public Testing::StoreTest
  {
  };
} // namespace

TEST_P(TransferStoreTest, ListsNewestFirstWithFilters)
{
  SqlStore& store = *store_;
  for (int i = 0; i < 5; i++)
  {
    Transfer transfer;
    transfer.createdMs = 1000 * (i + 1);
    transfer.receiverId = i % 2 == 0 ? "even" : "odd";
    if (i == 4)
    {
      transfer.Refuse("refused", transfer.createdMs);
    }
    else
    {
      transfer.StartInMove(transfer.createdMs);
      transfer.Succeed(transfer.createdMs);
    }
    store.CreateTransfer(transfer, {});
    EXPECT_EQ(i + 1, transfer.id);
  }
  TransferFilter filter;
  std::vector<Transfer> all = store.ListTransfers(filter);
  ASSERT_EQ(5u, all.size());
  EXPECT_EQ(5, all[0].id);
  filter.receiverId = "odd";
  EXPECT_EQ(2u, store.ListTransfers(filter).size());
  filter = TransferFilter();
  filter.state = TransferState::Failed;
  EXPECT_EQ(5, store.ListTransfers(filter).at(0).id);
  filter = TransferFilter();
  filter.sinceMs = 4000;
  EXPECT_EQ(2u, store.ListTransfers(filter).size());
  filter.limit = 1;
  EXPECT_EQ(1u, store.ListTransfers(filter).size());
  EXPECT_EQ(5u, store.CountTransfers());
}

TEST_P(TransferStoreTest, UpdateKeepsEveryField)
{
  SqlStore& store = *store_;
  Transfer transfer;
  transfer.createdMs = 1796000000000;
  transfer.caller = "XNATA";
  transfer.query["SeriesInstanceUID"] = "1.2.3";
  transfer.instancesTotal = 7;
  store.CreateTransfer(transfer, {});
  transfer.StartInMove(1796000000010);
  for (int i = 0; i < 7; i++)
  {
    transfer.Sent(176373412589);
  }
  transfer.Succeed(1796000001000);
  store.UpdateTransfer(transfer);
  EXPECT_EQ(transfer.ToJson(), store.FindTransfer(transfer.id)->ToJson());
}

TEST_P(TransferStoreTest, NextQueuedFollowsQueueOrder)
{
  SqlStore& store = *store_;
  std::vector<Transfer> all;
  const int64_t priorities[] = {0, 5, 0, 5, 0, 1};
  for (int i = 0; i < 6; i++)
  {
    Transfer transfer;
    transfer.receiverId = i == 5 ? "other" : "xnat-a";
    transfer.instancesTotal = 1;
    transfer.createdMs = 1000 + i;
    transfer.SetPriority(priorities[i]);
    if (i == 4)
    {
      transfer.Start(1000);
      transfer.FailAttempt("refused", 1000, RetryPolicy{5, 1}); // due at 2000
    }
    if (i == 2)
    {
      transfer.Pause(1000);
    }
    store.CreateTransfer(transfer, {"instance"});
    all.push_back(transfer);
  }
  std::vector<Transfer> mine(all.begin(), all.begin() + 5);
  for (int64_t now : {1500, 2000})
  {
    std::vector<int64_t> expected;
    for (const Transfer& transfer : QueueOrder(mine, now))
    {
      expected.push_back(transfer.id);
    }
    std::vector<int64_t> actual;
    for (const Transfer& transfer : store.NextQueued("xnat-a", now, 10))
    {
      actual.push_back(transfer.id);
    }
    EXPECT_EQ(expected, actual) << now;
  }
  EXPECT_EQ(2000, store.NextRetry("xnat-a", 1500).value_or(0));
  EXPECT_FALSE(store.NextRetry("xnat-a", 2000).has_value());
  EXPECT_EQ(std::vector<std::string>({"other", "xnat-a"}),
            [&]
            {
              std::vector<std::string> receivers = store.ListQueuedReceivers();
              std::sort(receivers.begin(), receivers.end());
              return receivers;
            }());
  EXPECT_EQ(std::vector<int64_t>({1, 2, 3, 4, 5}), store.ListActiveIds("xnat-a"));
}

TEST_P(TransferStoreTest, TallySumsPerReceiverAndState)
{
  SqlStore& store = *store_;
  auto add = [&store](const std::string& receiver, int64_t createdMs, uint64_t sent, uint64_t bytes,
                      bool finish)
  {
    Transfer transfer;
    transfer.receiverId = receiver;
    transfer.createdMs = createdMs;
    transfer.instancesSent = sent;
    transfer.bytesSent = bytes;
    if (finish)
    {
      transfer.StartInMove(createdMs);
      transfer.Succeed(createdMs + 1);
    }
    store.CreateTransfer(transfer, {});
  };
  add("a", 5000, 0, 0, false);
  add("a", 3000, 0, 0, false);
  add("a", 1000, 4, 400, true);
  add("a", 2000, 6, 600, true);
  add("", 1500, 1, 10, true);

  const std::vector<TransferTally> tallies = store.TallyTransfers();
  ASSERT_EQ(3u, tallies.size());
  EXPECT_EQ("", tallies[0].receiverId);
  EXPECT_EQ(10u, tallies[0].bytesSent);
  EXPECT_EQ("a", tallies[1].receiverId);
  EXPECT_EQ(TransferState::Queued, tallies[1].state);
  EXPECT_EQ(2u, tallies[1].count);
  EXPECT_EQ(3000, tallies[1].oldestCreatedMs);
  EXPECT_EQ(TransferState::Succeeded, tallies[2].state);
  EXPECT_EQ(10u, tallies[2].instancesSent);
  EXPECT_EQ(1000u, tallies[2].bytesSent);
}

INSTANTIATE_STORE_TESTS(TransferStoreTest);
