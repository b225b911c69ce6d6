#include "Core/MoveRouter.h"
#include "Fixtures.h"

#include <gtest/gtest.h>

using namespace XnatDqr;
using XnatDqr::Testing::MakeReceiver;

namespace
{
  const std::vector<Receiver> TWO_XNATS = {MakeReceiver("xnat-a", "XNAT", 1001, {"XNATA"}),
                                           MakeReceiver("xnat-b", "XNAT", 1002, {"XNATB"})};

  KnownModality Modality(const std::string& name, const std::string& aet, uint16_t port)
  {
    KnownModality modality;
    modality.name = name;
    modality.aet = aet;
    modality.host = "127.0.0.1";
    modality.port = port;
    return modality;
  }
} // namespace

TEST(MoveRouterTest, SharedAetIsRoutedByTheCaller)
{
  EXPECT_EQ("xnat-a", RouteMove("XNAT", "XNATA", TWO_XNATS, {}, false).receiverId);
  EXPECT_EQ("xnat-b", RouteMove("XNAT", "XNATB", TWO_XNATS, {}, false).receiverId);
  EXPECT_EQ(1002, RouteMove("XNAT", "XNATB", TWO_XNATS, {}, false).port);
}

TEST(MoveRouterTest, SharedAetWithAnUnlistedCallerIsRefused)
{
  const MoveRoute route = RouteMove("XNAT", "OTHER", TWO_XNATS, {}, false);
  EXPECT_TRUE(route.refused);
  EXPECT_NE(std::string::npos, route.reason.find("none lists the caller"));
}

TEST(MoveRouterTest, CaseFollowsStrictAetComparison)
{
  EXPECT_EQ("xnat-a", RouteMove("xnat", "xnata", TWO_XNATS, {}, false).receiverId);
  EXPECT_TRUE(RouteMove("xnat", "XNATA", TWO_XNATS, {}, true).refused);
}

TEST(MoveRouterTest, SingleReceiverWithoutCallersTakesAnyCaller)
{
  const std::vector<Receiver> one = {MakeReceiver("xnat-a", "XNAT", 1001)};
  EXPECT_EQ("xnat-a", RouteMove("XNAT", "ANYONE", one, {}, false).receiverId);
}

TEST(MoveRouterTest, SingleReceiverRefusesACallerOutsideItsList)
{
  const std::vector<Receiver> one = {MakeReceiver("xnat-a", "XNAT", 1001, {"XNATA"})};
  EXPECT_TRUE(RouteMove("XNAT", "OTHER", one, {}, false).refused);
}

TEST(MoveRouterTest, DisabledAndNonQueryableReceiversAreRefused)
{
  std::vector<Receiver> one = {MakeReceiver("xnat-a", "XNAT", 1001)};
  one[0].enabled = false;
  EXPECT_NE(std::string::npos, RouteMove("XNAT", "X", one, {}, false).reason.find("disabled"));
  one[0].enabled = true;
  one[0].queryable = false;
  EXPECT_NE(std::string::npos, RouteMove("XNAT", "X", one, {}, false).reason.find("not Queryable"));
}

TEST(MoveRouterTest, FallsBackToTheFirstMatchingModality)
{
  const MoveRoute route = RouteMove(
    "PACS2", "VIEWER", TWO_XNATS,
    {Modality("a", "OTHER", 1), Modality("b", "PACS2", 2), Modality("c", "PACS2", 3)}, false);
  EXPECT_FALSE(route.refused);
  EXPECT_EQ("b", route.modalityName);
  EXPECT_EQ(2, route.port);
  EXPECT_EQ("", route.receiverId);
}

TEST(MoveRouterTest, ReceiversComeBeforeModalities)
{
  EXPECT_EQ("xnat-a",
            RouteMove("XNAT", "XNATA", TWO_XNATS, {Modality("a", "XNAT", 9)}, false).receiverId);
}

TEST(MoveRouterTest, UnknownDestinationIsRefused)
{
  const MoveRoute route = RouteMove("NOBODY", "X", TWO_XNATS, {}, false);
  EXPECT_TRUE(route.refused);
  EXPECT_NE(std::string::npos, route.reason.find("unknown destination"));
}
