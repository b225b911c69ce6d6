#include "Core/TimeFormat.h"
#include "Core/Transfer.h"
#include "Store/SqliteStore.h"

#include <cstdlib>
#include <gtest/gtest.h>

using namespace XnatDqr;

TEST(TimeFormatTest, ParsesUtcOffsetsAndEpochMilliseconds)
{
  EXPECT_EQ(1796000000000, TimeFormat::Parse("1796000000000").value());
  EXPECT_EQ(0, TimeFormat::Parse("1970-01-01T00:00:00Z").value());
  EXPECT_EQ(1500, TimeFormat::Parse("1970-01-01T00:00:01.5Z").value());
  EXPECT_EQ(-3600000, TimeFormat::Parse("1970-01-01T00:00:00+01:00").value());
  EXPECT_EQ(5400000, TimeFormat::Parse("1970-01-01T00:00:00-01:30").value());
}

TEST(TimeFormatTest, RefusesMalformedTimes)
{
  for (const char* bad : {"", "yesterday", "2026-13-01T00:00Z", "2026-01-01", "2026-01-01T25:00",
                          "2026-01-01T00:00:00+1", "2026-01-01T00:00:00Q"})
  {
    EXPECT_FALSE(TimeFormat::Parse(bad).has_value()) << bad;
  }
}

TEST(TimeFormatTest, LocalIsoRoundTrips)
{
  const int64_t ms = 1796000000123;
  EXPECT_EQ(ms, TimeFormat::Parse(TimeFormat::ToLocalIso(ms)).value());
}

TEST(TransferTest, StatesRoundTrip)
{
  for (const char* name : {"Queued", "Running", "Paused", "Succeeded", "Failed", "Canceled"})
  {
    EXPECT_STREQ(name, ToString(ParseTransferState(name).value()));
  }
  EXPECT_FALSE(ParseTransferState("Done").has_value());
}

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
