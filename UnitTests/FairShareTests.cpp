#include "Core/Pacing/FairShare.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

TEST(FairShareTest, TheFewestRunningPerWeightGoesNext)
{
  // Weights 1 and 3: starting one at a time, B gets three for each of A's.
  std::vector<ShareCandidate> candidates = {{"a", 0, 1}, {"b", 0, 3}};
  std::vector<std::string> order;
  for (int i = 0; i < 8; i++)
  {
    const size_t next = NextByWeight(candidates).value();
    order.push_back(candidates[next].receiverId);
    candidates[next].running++;
  }
  EXPECT_EQ(2u, candidates[0].running);
  EXPECT_EQ(6u, candidates[1].running);
  EXPECT_EQ("a", order[0]); // a tie goes to the first
  EXPECT_FALSE(NextByWeight({}));
}

TEST(FairShareTest, ACapIsSharedByWeightAmongThoseSending)
{
  EXPECT_DOUBLE_EQ(10.0, ShareOf(40, 1, 4));
  EXPECT_DOUBLE_EQ(30.0, ShareOf(40, 3, 4));
  EXPECT_DOUBLE_EQ(40.0, ShareOf(40, 3, 3)); // alone: the whole cap
  EXPECT_DOUBLE_EQ(0.0, ShareOf(0, 1, 4));   // no cap: none
  Sharing sharing;
  sharing.Join("a", 1);
  sharing.Join("b", 3);
  sharing.Join("b", 3); // two Transfers of b: b counts once
  EXPECT_EQ(4u, sharing.ActiveWeights());
  sharing.Leave("b");
  EXPECT_EQ(4u, sharing.ActiveWeights());
  sharing.Leave("b");
  EXPECT_EQ(1u, sharing.ActiveWeights());
}
