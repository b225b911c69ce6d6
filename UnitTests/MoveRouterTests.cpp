#include "Core/Routing/MoveRouter.h"
#include "Fixtures.h"

#include <gtest/gtest.h>

using namespace XnatDqr;
using XnatDqr::Testing::MakeReceiver;

namespace
{
  // A C-MOVE called with Orthanc's own AE Title, as an XNAT registered without PacsAET sends.
  MoveKey Key(const std::string& destination, const std::string& caller,
              const std::string& called = "ORTHANC")
  {
    return MoveKey{called, caller, destination, ""};
  }

  const std::vector<Receiver> TWO_XNATS = {MakeReceiver("xnat-a", "XNAT", 1001, {"XNATA"}),
                                           MakeReceiver("xnat-b", "XNAT", 1002, {"XNATB"})};

  KnownModality Modality(const std::string& name, const std::string& aet, uint16_t port)
  {
    KnownModality modality;
    modality.name = name;
    modality.destination.aet = aet;
    modality.destination.host = "127.0.0.1";
    modality.destination.port = port;
    return modality;
  }
} // namespace

TEST(MoveRouterTest, SharedAetIsRoutedByTheCaller)
{
  EXPECT_EQ("xnat-a", RouteMove(Key("XNAT", "XNATA"), TWO_XNATS, {}, false).receiverId);
  EXPECT_EQ("xnat-b", RouteMove(Key("XNAT", "XNATB"), TWO_XNATS, {}, false).receiverId);
  EXPECT_EQ(1002, RouteMove(Key("XNAT", "XNATB"), TWO_XNATS, {}, false).destination.port);
}

TEST(MoveRouterTest, SharedAetWithAnUnlistedCallerIsRefused)
{
  const MoveRoute route = RouteMove(Key("XNAT", "OTHER"), TWO_XNATS, {}, false);
  EXPECT_TRUE(route.refused);
  EXPECT_NE(std::string::npos, route.reason.find("none lists the caller"));
}

TEST(MoveRouterTest, CaseFollowsStrictAetComparison)
{
  EXPECT_EQ("xnat-a", RouteMove(Key("xnat", "xnata"), TWO_XNATS, {}, false).receiverId);
  EXPECT_TRUE(RouteMove(Key("xnat", "XNATA"), TWO_XNATS, {}, true).refused);
}

TEST(MoveRouterTest, SingleReceiverWithoutCallersTakesAnyCaller)
{
  const std::vector<Receiver> one = {MakeReceiver("xnat-a", "XNAT", 1001)};
  EXPECT_EQ("xnat-a", RouteMove(Key("XNAT", "ANYONE"), one, {}, false).receiverId);
}

TEST(MoveRouterTest, SingleReceiverRefusesACallerOutsideItsList)
{
  const std::vector<Receiver> one = {MakeReceiver("xnat-a", "XNAT", 1001, {"XNATA"})};
  EXPECT_TRUE(RouteMove(Key("XNAT", "OTHER"), one, {}, false).refused);
}

TEST(MoveRouterTest, DisabledAndNonQueryableReceiversAreRefused)
{
  std::vector<Receiver> one = {MakeReceiver("xnat-a", "XNAT", 1001)};
  one[0].enabled = false;
  EXPECT_NE(std::string::npos, RouteMove(Key("XNAT", "X"), one, {}, false).reason.find("disabled"));
  one[0].enabled = true;
  one[0].queryable = false;
  EXPECT_NE(std::string::npos,
            RouteMove(Key("XNAT", "X"), one, {}, false).reason.find("not Queryable"));
}

TEST(MoveRouterTest, FallsBackToTheFirstMatchingModality)
{
  const MoveRoute route = RouteMove(
    Key("PACS2", "VIEWER"), TWO_XNATS,
    {Modality("a", "OTHER", 1), Modality("b", "PACS2", 2), Modality("c", "PACS2", 3)}, false);
  EXPECT_FALSE(route.refused);
  EXPECT_EQ("b", route.modalityName);
  EXPECT_EQ(2, route.destination.port);
  EXPECT_EQ("", route.receiverId);
}

TEST(MoveRouterTest, ReceiversComeBeforeModalities)
{
  EXPECT_EQ(
    "xnat-a",
    RouteMove(Key("XNAT", "XNATA"), TWO_XNATS, {Modality("a", "XNAT", 9)}, false).receiverId);
}

TEST(MoveRouterTest, UnknownDestinationIsRefused)
{
  const MoveRoute route = RouteMove(Key("NOBODY", "X"), TWO_XNATS, {}, false);
  EXPECT_TRUE(route.refused);
  EXPECT_NE(std::string::npos, route.reason.find("unknown destination"));
}

namespace
{
  Receiver WithPacsAet(Receiver receiver, const std::string& pacsAet)
  {
    receiver.pacsAet = pacsAet;
    return receiver;
  }

  // Two XNATs left at XNAT's defaults: both call as XNAT, both receive as XNAT.
  const std::vector<Receiver> DEFAULTS = {
    WithPacsAet(MakeReceiver("xnat-a", "XNAT", 1001), "PACSA"),
    WithPacsAet(MakeReceiver("xnat-b", "XNAT", 1002, {"XNAT"}), "PACSB")};

  const RouteCandidate& CandidateOf(const MoveRoute& route, const std::string& id)
  {
    for (const RouteCandidate& candidate : route.candidates)
    {
      if (candidate.receiverId == id)
      {
        return candidate;
      }
    }
    throw std::runtime_error("no candidate " + id);
  }
} // namespace

TEST(MoveRouterTest, TheCalledAeTitleTellsTwoXnatsAtDefaultsApart)
{
  const MoveRoute a = RouteMove(Key("XNAT", "XNAT", "PACSA"), DEFAULTS, {}, false);
  const MoveRoute b = RouteMove(Key("XNAT", "XNAT", "PACSB"), DEFAULTS, {}, false);
  EXPECT_EQ("xnat-a", a.receiverId);
  EXPECT_EQ(1001, a.destination.port);
  EXPECT_EQ("xnat-b", b.receiverId);
  EXPECT_EQ(1002, b.destination.port);
}

TEST(MoveRouterTest, PacsAetFollowsStrictAetComparison)
{
  EXPECT_EQ("xnat-a", RouteMove(Key("XNAT", "XNAT", "pacsa"), DEFAULTS, {}, false).receiverId);
  EXPECT_TRUE(RouteMove(Key("XNAT", "XNAT", "pacsa"), DEFAULTS, {}, true).refused);
}

TEST(MoveRouterTest, EveryCandidateSaysWhyItWasKeptOrDropped)
{
  const MoveRoute route = RouteMove(Key("XNAT", "XNAT", "PACSB"), DEFAULTS, {}, false);
  ASSERT_EQ(2u, route.candidates.size());
  EXPECT_FALSE(CandidateOf(route, "xnat-a").kept);
  EXPECT_NE(std::string::npos, CandidateOf(route, "xnat-a").reason.find("\"PACSA\" is not"));
  EXPECT_TRUE(CandidateOf(route, "xnat-b").kept);
  EXPECT_NE(std::string::npos, CandidateOf(route, "xnat-b").reason.find("list the caller"));
}

TEST(MoveRouterTest, AnotherCalledAeTitleDropsEveryReceiverWithAPacsAet)
{
  const MoveRoute route = RouteMove(Key("XNAT", "XNAT", "ORTHANC"), DEFAULTS, {}, false);
  EXPECT_TRUE(route.refused);
  EXPECT_NE(std::string::npos, route.reason.find("has the called AE Title as PacsAET"));
  EXPECT_FALSE(CandidateOf(route, "xnat-a").kept);
  EXPECT_FALSE(CandidateOf(route, "xnat-b").kept);
}

TEST(MoveRouterTest, AReceiverWithoutPacsAetTakesTheOtherCalledAeTitles)
{
  std::vector<Receiver> mixed = DEFAULTS;
  mixed.push_back(MakeReceiver("xnat-c", "XNAT", 1003));
  EXPECT_EQ("xnat-c", RouteMove(Key("XNAT", "ANY", "ORTHANC"), mixed, {}, false).receiverId);
  EXPECT_EQ("xnat-a", RouteMove(Key("XNAT", "ANY", "PACSA"), mixed, {}, false).receiverId);
}

TEST(MoveRouterTest, AMatchingPacsAetStillNeedsTheCallerListed)
{
  const MoveRoute route = RouteMove(Key("XNAT", "INTRUDER", "PACSB"), DEFAULTS, {}, false);
  EXPECT_TRUE(route.refused);
  EXPECT_NE(std::string::npos, route.reason.find("CallingAETs of Receiver \"xnat-b\""));
}

TEST(MoveRouterTest, WithoutPacsAetsCallersStillRouteASharedAet)
{
  std::vector<Receiver> mixed = {WithPacsAet(MakeReceiver("xnat-a", "XNAT", 1001), "PACSA"),
                                 MakeReceiver("xnat-d", "XNAT", 1004, {"XNATD"})};
  EXPECT_EQ("xnat-d", RouteMove(Key("XNAT", "XNATD", "ORTHANC"), mixed, {}, false).receiverId);
  EXPECT_TRUE(RouteMove(Key("XNAT", "XNAT", "ORTHANC"), mixed, {}, false).refused);
}

TEST(MoveRouterTest, AnAmbiguousSetIsRefusedNamingBoth)
{
  // The rules between Receivers never store such a set; the router refuses it all the same.
  const std::vector<Receiver> twins = {WithPacsAet(MakeReceiver("t1", "XNAT", 1), "PACS"),
                                       WithPacsAet(MakeReceiver("t2", "XNAT", 2), "PACS")};
  EXPECT_TRUE(RouteMove(Key("XNAT", "X", "PACS"), twins, {}, false).refused);
  const std::vector<Receiver> listing = {WithPacsAet(MakeReceiver("t1", "XNAT", 1, {"X"}), "PACS"),
                                         WithPacsAet(MakeReceiver("t2", "XNAT", 2, {"X"}), "PACS")};
  const MoveRoute route = RouteMove(Key("XNAT", "X", "PACS"), listing, {}, false);
  EXPECT_TRUE(route.refused);
  EXPECT_NE(std::string::npos, route.reason.find("\"t1\" and \"t2\""));
}

TEST(MoveRouterTest, DescribeNamesAllThreeAeTitles)
{
  EXPECT_EQ("called PACSA, caller XNAT, destination XNAT", KeyText(Key("XNAT", "XNAT", "PACSA")));
}
