#include "Core/Pacing/FairShare.h"
#include "Core/Pacing/FairStarts.h"

#include <algorithm>
#include <map>
#include <set>

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

namespace
{
  WaitingWork Work(const std::string& receiverId, uint32_t threads, uint32_t weight,
                   std::deque<int64_t> queued)
  {
    WaitingWork work;
    work.receiverId = receiverId;
    work.state.open = true;
    work.state.window.threads = threads;
    work.state.weight = weight;
    work.queued = std::move(queued);
    return work;
  }

  // The queue's side: Transfers run until told to finish, under a PACS-wide thread cap.
  struct Queue
  {
    uint32_t totalThreads = 0;
    std::map<std::string, uint32_t> running;
    std::set<int64_t> started;
    std::vector<std::string> order;

    FairStarts::Actions Actions()
    {
      FairStarts::Actions actions;
      actions.running = [this](const std::string& id) { return running[id]; };
      actions.started = [this](int64_t id) { return started.count(id) > 0; };
      actions.start = [this](const WaitingWork& work, int64_t id)
      {
        uint32_t all = 0;
        for (const auto& [receiver, count] : running)
        {
          all += count;
        }
        if (all >= totalThreads)
        {
          return false;
        }
        running[work.receiverId]++;
        started.insert(id);
        order.push_back(work.receiverId);
        return true;
      };
      return actions;
    }
  };
} // namespace

TEST(FairStartsTest, UnderThePacsWideThreadsReceiversShareByWeight)
{
  FairStarts starts;
  Queue queue;
  queue.totalThreads = 1; // one at a time: each round starts one, then it finishes
  for (int round = 0; round < 8; round++)
  {
    starts.Round({Work("a", 4, 1, {1, 2, 3, 4, 5, 6, 7, 8}),
                  Work("b", 4, 3, {11, 12, 13, 14, 15, 16, 17, 18})},
                 queue.Actions());
    queue.running.clear(); // the one started has finished
  }
  EXPECT_EQ(2, std::count(queue.order.begin(), queue.order.end(), "a"));
  EXPECT_EQ(6, std::count(queue.order.begin(), queue.order.end(), "b"));
  EXPECT_EQ(2u, starts.Served("a"));
}

TEST(FairStartsTest, AReceiversOwnThreadsCapItsStartsAndStartedOnesAreSkipped)
{
  FairStarts starts;
  Queue queue;
  queue.totalThreads = 10;
  queue.started = {1}; // starting already, still Queued in the store
  const size_t n = starts.Round({Work("a", 2, 1, {1, 2, 3, 4})}, queue.Actions());
  EXPECT_EQ(2u, n);
  EXPECT_EQ(2u, queue.running["a"]);
  EXPECT_EQ((std::set<int64_t>{1, 2, 3}), queue.started);
}

TEST(FairStartsTest, AReceiverWithoutWorkWaitingBanksNoCredit)
{
  FairStarts starts;
  Queue queue;
  queue.totalThreads = 1;
  for (int round = 0; round < 5; round++)
  {
    starts.Round({Work("a", 1, 1, {100 + round})}, queue.Actions());
    queue.running.clear();
  }
  EXPECT_EQ(5u, starts.Served("a"));
  starts.Round({Work("b", 1, 1, {200})}, queue.Actions()); // a has nothing waiting
  queue.running.clear();
  EXPECT_EQ(0u, starts.Served("a"));
  // Now both wait: a's five earlier starts do not count against it.
  starts.Round({Work("a", 1, 1, {300}), Work("b", 1, 1, {201})}, queue.Actions());
  EXPECT_EQ("a", queue.order.back()); // a tie (a 0, b 1) goes to the fewer served
}
