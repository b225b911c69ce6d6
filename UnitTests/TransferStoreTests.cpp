#include "Store/SqliteStore.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

TEST(TransferStoreTest, ListsNewestFirstWithFilters)
{
  SqliteStore store(":memory:");
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

TEST(TransferStoreTest, UpdateKeepsEveryField)
{
  SqliteStore store(":memory:");
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
