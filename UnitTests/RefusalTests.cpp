// The XNAT being turned away, shown to the PACS administrator: refused C-MOVEs that no
// Receiver took, grouped, each with the one change that would let it through.
#include "Clock.h"
#include "Core/Observability/Refusals.h"
#include "Fixtures.h"
#include "StoreBackends.h"

#include <gtest/gtest.h>

using namespace XnatDqr;
using XnatDqr::Testing::MakeReceiver;

namespace
{
  RefusalGroup Group(const std::string& called, const std::string& calling,
                     const std::string& destination, const std::string& address = "")
  {
    RefusalGroup group;
    group.called = called;
    group.calling = calling;
    group.destination = destination;
    group.address = address;
    group.count = 3;
    group.reason = "C-MOVE refused: ...";
    return group;
  }

  Receiver WithPacsAet(Receiver receiver, const std::string& pacsAet)
  {
    receiver.pacsAet = pacsAet;
    return receiver;
  }
} // namespace

TEST(RefusalAdviceTest, AnUnknownDestinationIsAnXnatToRegister)
{
  const RefusalAdvice advice = Advise(Group("PACSB", "XNAT-B", "XNAT-B"), {}, false);
  EXPECT_EQ("Register", advice.action);
  EXPECT_EQ("XNAT-B", advice.fields["AET"].asString());
  EXPECT_EQ("PACSB", advice.fields["PacsAET"].asString());
  EXPECT_EQ(0u, advice.fields["CallingAETs"].size()); // it calls as it receives: any caller
  EXPECT_NE(std::string::npos, advice.suggestion.find("register a Receiver")) << advice.suggestion;
  EXPECT_EQ(
    "XNAT",
    Advise(Group("PACS", "XNAT", "XNATRECV"), {}, false).fields["CallingAETs"][0].asString());
}

TEST(RefusalAdviceTest, ACalledAeTitleNobodyHasIsSetOnTheReceiverMeant)
{
  const std::vector<Receiver> receivers = {WithPacsAet(MakeReceiver("xnat-b", "XNAT-B", 1), "OLD")};
  const RefusalAdvice advice = Advise(Group("PACSB", "XNAT-B", "XNAT-B"), receivers, false);
  EXPECT_EQ("Edit", advice.action);
  EXPECT_EQ("xnat-b", advice.receiverId);
  EXPECT_EQ("PACSB", advice.fields["PacsAET"].asString());
  EXPECT_EQ("XNAT-B calls the PACS by PACSB, which no Receiver has; set it as PacsAET on xnat-b",
            advice.suggestion);
}

TEST(RefusalAdviceTest, AnUnlistedCallerOrAddressIsAddedToTheList)
{
  std::vector<Receiver> receivers = {MakeReceiver("xnat-a", "XNAT", 1, {"XNATA"})};
  RefusalAdvice advice = Advise(Group("ORTHANC", "XNATX", "XNAT"), receivers, false);
  EXPECT_EQ("Edit", advice.action);
  EXPECT_EQ(2u, advice.fields["CallingAETs"].size());
  EXPECT_EQ("XNATX", advice.fields["CallingAETs"][1].asString());

  receivers[0].callingAets.clear();
  receivers[0].callingAddresses = {"10.0.1.0/24"};
  advice = Advise(Group("ORTHANC", "XNAT", "XNAT", "10.0.9.9"), receivers, false);
  EXPECT_EQ("Edit", advice.action);
  EXPECT_EQ("10.0.9.9", advice.fields["CallingAddresses"][1].asString());
}

TEST(RefusalAdviceTest, ADisabledReceiverIsEnabledAndAFixedOneIsResolved)
{
  std::vector<Receiver> receivers = {MakeReceiver("xnat-a", "XNAT", 1)};
  receivers[0].enabled = false;
  const RefusalAdvice disabled = Advise(Group("ORTHANC", "XNAT", "XNAT"), receivers, false);
  EXPECT_EQ("Edit", disabled.action);
  EXPECT_TRUE(disabled.fields["Enabled"].asBool());
  receivers[0].enabled = true;
  const RefusalAdvice resolved = Advise(Group("ORTHANC", "XNAT", "XNAT"), receivers, false);
  EXPECT_EQ("Resolved", resolved.action);
  EXPECT_EQ("xnat-a", resolved.receiverId);
}

TEST(RefusalAdviceTest, SeveralCandidatesWithoutTheCalledAeTitleAskWhichOneItIs)
{
  const std::vector<Receiver> receivers = {WithPacsAet(MakeReceiver("a", "XNAT", 1), "PACSA"),
                                           WithPacsAet(MakeReceiver("b", "XNAT", 2), "PACSB")};
  const RefusalAdvice advice = Advise(Group("PACSC", "XNAT", "XNAT"), receivers, false);
  EXPECT_EQ("Register", advice.action);
  EXPECT_NE(std::string::npos, advice.suggestion.find("2 Receivers receive as XNAT"));
}

class RefusalStoreTest : public Testing::StoreTest
{
};

TEST_P(RefusalStoreTest, RefusedCMovesOfNoReceiverAreGroupedLatestFirst)
{
  SqlStore& store = *store_;
  const auto refuse = [&store](const std::string& destination, const std::string& address,
                               int64_t at, const std::string& why)
  {
    Transfer transfer;
    transfer.calledAet = "PACSB";
    transfer.caller = "XNAT-B";
    transfer.destinationAet = destination;
    transfer.callingAddress = address;
    transfer.createdMs = at;
    transfer.Refuse(why, at);
    store.CreateTransfer(transfer, {});
  };
  refuse("XNAT-B", "", 1000, "first");
  refuse("XNAT-B", "", 3000, "latest");
  refuse("XNAT-B", "10.0.0.2", 2000, "from an address");
  refuse("OLD", "", 10, "before the window");
  Transfer owned; // a Receiver's refusal (OutsideWindow Refuse) is on its own row
  owned.receiverId = "xnat-a";
  owned.createdMs = 1500;
  owned.Refuse("closed", 1500);
  store.CreateTransfer(owned, {});

  const std::vector<RefusalGroup> groups = store.ListRefusals(500, 10);
  ASSERT_EQ(2u, groups.size());
  EXPECT_EQ("", groups[0].address);
  EXPECT_EQ(2u, groups[0].count);
  EXPECT_EQ(1000, groups[0].firstMs);
  EXPECT_EQ(3000, groups[0].lastMs);
  EXPECT_EQ("latest", groups[0].reason);
  EXPECT_EQ("10.0.0.2", groups[1].address);
  EXPECT_EQ(1u, store.ListRefusals(500, 1).size());
}

INSTANTIATE_STORE_TESTS(RefusalStoreTest);
