#include "Core/Pacing/FairStarts.h"

#include "Core/Pacing/FairShare.h"

#include <algorithm>

namespace XnatDqr
{
  void FairStarts::ForgetIdle(const std::vector<WaitingWork>& waiting)
  {
    for (auto it = served_.begin(); it != served_.end();)
    {
      const bool still =
        std::any_of(waiting.begin(), waiting.end(),
                    [&it](const WaitingWork& w) { return w.receiverId == it->first; });
      it = still ? std::next(it) : served_.erase(it);
    }
  }

  size_t FairStarts::Round(std::vector<WaitingWork> waiting, const Actions& actions)
  {
    ForgetIdle(waiting);
    size_t started = 0;
    while (true)
    {
      std::vector<ShareCandidate> candidates;
      std::vector<size_t> indexes;
      for (size_t i = 0; i < waiting.size(); i++)
      {
        WaitingWork& one = waiting[i];
        while (!one.queued.empty() && actions.started(one.queued.front()))
        {
          one.queued.pop_front();
        }
        if (!one.queued.empty() && actions.running(one.receiverId) < one.state.window.threads)
        {
          candidates.push_back(
            {one.receiverId, static_cast<uint32_t>(served_[one.receiverId]), one.state.weight});
          indexes.push_back(i);
        }
      }
      const std::optional<size_t> next = NextByWeight(candidates);
      if (!next)
      {
        return started;
      }
      WaitingWork& chosen = waiting[indexes[*next]];
      if (!actions.start(chosen, chosen.queued.front()))
      {
        return started;
      }
      chosen.queued.pop_front();
      served_[chosen.receiverId]++;
      started++;
    }
  }

  uint64_t FairStarts::Served(const std::string& receiverId) const
  {
    const auto found = served_.find(receiverId);
    return found == served_.end() ? 0 : found->second;
  }
} // namespace XnatDqr
