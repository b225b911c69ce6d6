#include "Core/Errors.h"
#include "Core/ReceiverRules.h"
#include "Fixtures.h"

#include <gtest/gtest.h>

using namespace XnatDqr;
using XnatDqr::Testing::MakeReceiver;

namespace
{
  std::string ConflictWith(const Receiver& candidate, const std::vector<Receiver>& existing,
                           bool strict = false)
  {
    try
    {
      CheckNoConflict(candidate, existing, strict);
      return "";
    }
    catch (const ConflictError& e)
    {
      return e.GetConflict();
    }
  }
} // namespace

TEST(ReceiverRulesTest, SharedAetWithDisjointCallersIsAllowed)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001, {"XNATA"});
  const Receiver b = MakeReceiver("b", "XNAT", 1002, {"XNATB"});
  EXPECT_EQ("", ConflictWith(b, {a}));
}

TEST(ReceiverRulesTest, SharedAetWithOverlappingCallersConflicts)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001, {"XNATA", "COMMON"});
  const Receiver b = MakeReceiver("b", "XNAT", 1002, {"XNATB", "COMMON"});
  EXPECT_EQ("a", ConflictWith(b, {a}));
}

TEST(ReceiverRulesTest, SharedAetNeedsBothCallerListsNonEmpty)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001, {});
  const Receiver b = MakeReceiver("b", "XNAT", 1002, {"XNATB"});
  EXPECT_EQ("a", ConflictWith(b, {a}));
  EXPECT_EQ("b", ConflictWith(a, {b}));
}

TEST(ReceiverRulesTest, AetComparisonIgnoresCaseUnlessStrict)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001, {});
  const Receiver b = MakeReceiver("b", "xnat", 1002, {});
  EXPECT_EQ("a", ConflictWith(b, {a}, false));
  EXPECT_EQ("", ConflictWith(b, {a}, true));
}

TEST(ReceiverRulesTest, CallerOverlapIgnoresCaseUnlessStrict)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001, {"XNATA"});
  const Receiver b = MakeReceiver("b", "XNAT", 1002, {"xnata"});
  EXPECT_EQ("a", ConflictWith(b, {a}, false));
  EXPECT_EQ("", ConflictWith(b, {a}, true));
}

TEST(ReceiverRulesTest, HostAndPortMustBeUnique)
{
  const Receiver a = MakeReceiver("a", "XNATA", 1001);
  Receiver b = MakeReceiver("b", "XNATB", 1001);
  EXPECT_EQ("a", ConflictWith(b, {a}));
  b.host = "LOCALHOST";
  Receiver c = a;
  c.host = "localhost";
  EXPECT_EQ("a", ConflictWith(b, {c}));
  b.port = 1002;
  EXPECT_EQ("", ConflictWith(b, {c}));
}

TEST(ReceiverRulesTest, ReplacingItselfIsNoConflict)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001);
  EXPECT_EQ("", ConflictWith(a, {a}));
}
