// Two XNATs that share every AE Title, told apart by the caller's IP address (Orthanc 1.12.10
// and later give it to the plugin): validation, the rules between Receivers, and routing.
#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Receivers/ReceiverRules.h"
#include "Core/Routing/MoveRouter.h"
#include "Fixtures.h"

#include <gtest/gtest.h>

using namespace XnatDqr;
using XnatDqr::Testing::MakeReceiver;

namespace
{
  Receiver At(const std::string& id, uint16_t port, std::vector<std::string> addresses)
  {
    Receiver receiver = MakeReceiver(id, "XNAT", port, {"XNAT"});
    receiver.pacsAet = "PACS";
    receiver.callingAddresses = std::move(addresses);
    return receiver;
  }

  AetSettings Settings(bool callerAddressKnown)
  {
    AetSettings settings{"ORTHANC", false, false, ""};
    settings.callerAddressKnown = callerAddressKnown;
    return settings;
  }

  std::string ConflictWith(const Receiver& candidate, const std::vector<Receiver>& existing,
                           bool callerAddressKnown)
  {
    try
    {
      CheckNoConflict(candidate, existing, Settings(callerAddressKnown));
      return "";
    }
    catch (const ConflictError& e)
    {
      return std::string(e.GetConflict()) + ": " + e.what();
    }
  }

  MoveKey Key(const std::string& address)
  {
    return MoveKey{"PACS", "XNAT", "XNAT", address};
  }

  const std::vector<Receiver> TWINS = {At("xnat-a", 1001, {"10.0.1.0/24"}),
                                       At("xnat-b", 1002, {"10.0.2.7", "2001:db8::/32"})};
} // namespace

TEST(CallingAddressTest, AReceiverReadsAndWritesItsRangesCanonically)
{
  const Receiver receiver = Receiver::FromJson(
    JsonText::Parse(R"({"Id": "xnat-a", "AET": "XNAT", "Host": "10.0.1.5", "Port": 8104,
                       "CallingAddresses": ["10.0.1.9/24", "::ffff:10.0.2.7"]})"),
    "", "", ReceiverSource::Api);
  EXPECT_EQ((std::vector<std::string>{"10.0.1.0/24", "10.0.2.7"}), receiver.callingAddresses);
  EXPECT_EQ("10.0.1.0/24", receiver.ToJson()["CallingAddresses"][0].asString());
  EXPECT_TRUE(receiver.ListsAddress("10.0.1.200"));
  EXPECT_FALSE(receiver.ListsAddress("10.0.3.1"));
  EXPECT_EQ(0u, MakeReceiver("b", "XNAT", 1).ToJson()["CallingAddresses"].size());
}

TEST(CallingAddressTest, AMalformedEntryIsA400NamingTheFieldAndTheRule)
{
  for (const char* body :
       {R"({"Id": "a", "AET": "X", "Host": "h", "Port": 1, "CallingAddresses": ["10.0.0.0/33"]})",
        R"({"Id": "a", "AET": "X", "Host": "h", "Port": 1, "CallingAddresses": ["xnat.org"]})",
        R"({"Id": "a", "AET": "X", "Host": "h", "Port": 1, "CallingAddresses": "10.0.0.1"})",
        R"({"Id": "a", "AET": "X", "Host": "h", "Port": 1,
            "CallingAddresses": ["10.0.0.1", "10.0.0.1/32"]})"})
  {
    try
    {
      Receiver::FromJson(JsonText::Parse(body), "", "", ReceiverSource::Api);
      ADD_FAILURE() << body;
    }
    catch (const ValidationError& e)
    {
      EXPECT_NE(std::string::npos, std::string(e.what()).find("CallingAddresses")) << e.what();
    }
  }
}

TEST(CallingAddressTest, TwinsWithDisjointAddressesFitOnlyWhereOrthancGivesTheAddress)
{
  EXPECT_EQ("", ConflictWith(TWINS[1], {TWINS[0]}, true));
  const std::string refused = ConflictWith(TWINS[1], {TWINS[0]}, false);
  EXPECT_EQ(0u, refused.find("xnat-a: "));
  EXPECT_NE(std::string::npos, refused.find("Orthanc 1.12.10 or later")) << refused;
}

TEST(CallingAddressTest, TwinsWithOverlappingOrMissingAddressesConflict)
{
  const std::string overlap = ConflictWith(At("xnat-b", 1002, {"10.0.0.0/16"}), {TWINS[0]}, true);
  EXPECT_NE(std::string::npos, overlap.find("overlap (10.0.0.0/16 and 10.0.1.0/24)")) << overlap;
  EXPECT_NE("", ConflictWith(At("xnat-b", 1002, {}), {TWINS[0]}, true));
}

TEST(CallingAddressTest, TheCallersAddressPicksOneOfTheTwins)
{
  EXPECT_EQ("xnat-a", RouteMove(Key("10.0.1.33"), TWINS, {}, false).receiverId);
  EXPECT_EQ("xnat-b", RouteMove(Key("10.0.2.7"), TWINS, {}, false).receiverId);
  EXPECT_EQ("xnat-b", RouteMove(Key("2001:db8::9"), TWINS, {}, false).receiverId);
  EXPECT_EQ("xnat-a", RouteMove(Key("::ffff:10.0.1.1"), TWINS, {}, false).receiverId);
  const MoveRoute nobody = RouteMove(Key("10.0.3.1"), TWINS, {}, false);
  EXPECT_TRUE(nobody.refused);
  EXPECT_NE(std::string::npos, nobody.reason.find("CallingAddresses")) << nobody.reason;
  EXPECT_NE(std::string::npos, nobody.candidates[0].reason.find("do not hold")) << nobody.reason;
}

TEST(CallingAddressTest, AnUnknownAddressChecksNoRangeAndLeavesTheAeTitlesToDecide)
{
  // Orthanc before 1.12.10: a lone Receiver with CallingAddresses is chosen by its AE Titles,
  // and twins (which the rules refuse there) stay apart by nothing.
  const MoveRoute lone = RouteMove(Key(""), {TWINS[0]}, {}, false);
  EXPECT_EQ("xnat-a", lone.receiverId);
  EXPECT_NE(std::string::npos, lone.candidates[0].reason.find("cannot be checked"));
  const MoveRoute twins = RouteMove(Key(""), TWINS, {}, false);
  EXPECT_TRUE(twins.refused);
  EXPECT_NE(std::string::npos, twins.reason.find("ambiguous")) << twins.reason;
}

TEST(CallingAddressTest, AReceiverHoldingTheAddressWinsOverOneWithoutRanges)
{
  const std::vector<Receiver> receivers = {At("open", 1001, {}), At("lab", 1002, {"10.9.0.0/16"})};
  EXPECT_EQ("lab", RouteMove(Key("10.9.1.1"), receivers, {}, false).receiverId);
  EXPECT_EQ("open", RouteMove(Key("10.8.1.1"), receivers, {}, false).receiverId);
  EXPECT_EQ("called PACS, caller XNAT, destination XNAT, from 10.9.1.1", KeyText(Key("10.9.1.1")));
}
