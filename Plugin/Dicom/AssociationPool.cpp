#include "Dicom/AssociationPool.h"

namespace XnatDqr
{
  namespace
  {
    bool Covers(const AssociationPool::Syntaxes& proposed, const AssociationPool::Syntaxes& needed)
    {
      for (const auto& [sopClass, syntaxes] : needed)
      {
        auto found = proposed.find(sopClass);
        if (found == proposed.end())
        {
          return false;
        }
        for (const std::string& syntax : syntaxes)
        {
          if (found->second.count(syntax) == 0)
          {
            return false;
          }
        }
      }
      return true;
    }
  } // namespace

  AssociationPool::AssociationPool(Clock& clock, int64_t idleMs) : clock_(clock), idleMs_(idleMs)
  {
    if (idleMs_ > 0)
    {
      reaper_ = std::thread([this] { Reap(); });
    }
  }

  AssociationPool::~AssociationPool()
  {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    if (reaper_.joinable())
    {
      reaper_.join();
    }
    Clear();
  }

  std::unique_ptr<StoreAssociation> AssociationPool::Take(const std::string& owner,
                                                          const StoreEndpoint& endpoint,
                                                          const Syntaxes& needed)
  {
    std::vector<std::unique_ptr<StoreAssociation>> release; // outside the lock: it waits
    std::unique_ptr<StoreAssociation> taken;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto found = kept_.find(owner);
      if (found == kept_.end())
      {
        return nullptr;
      }
      std::vector<Idle>& idle = found->second;
      // The most recently kept first: the likeliest to be alive.
      for (size_t i = idle.size(); i-- > 0;)
      {
        if (idle[i].association->PeerClosed())
        {
          release.push_back(std::move(idle[i].association));
          idle.erase(idle.begin() + static_cast<std::ptrdiff_t>(i));
        }
        else if (!taken && idle[i].association->Endpoint() == endpoint &&
                 Covers(idle[i].association->Proposed(), needed))
        {
          taken = std::move(idle[i].association);
          idle.erase(idle.begin() + static_cast<std::ptrdiff_t>(i));
        }
      }
      if (!taken && !idle.empty())
      {
        // The sender opens its own: one fewer kept, so the total stays what it was.
        release.push_back(std::move(idle.front().association));
        idle.erase(idle.begin());
      }
      if (idle.empty())
      {
        kept_.erase(found);
      }
    }
    return taken;
  }

  void AssociationPool::Keep(const std::string& owner,
                             std::unique_ptr<StoreAssociation> association)
  {
    if (!association || !association->IsAlive())
    {
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto opening = opening_.find(owner);
      if (idleMs_ > 0 && !stopping_ && opening == opening_.end())
      {
        kept_[owner].push_back(Idle{std::move(association), clock_.SteadyMs() + idleMs_});
      }
    }
    changed_.notify_all();
    // Not kept (idle time 0, or Orthanc stopping): released here, outside the lock.
  }

  std::unique_ptr<StoreAssociation> AssociationPool::Open(const std::string& owner,
                                                          const StoreEndpoint& endpoint,
                                                          const Syntaxes& syntaxes)
  {
    struct Opening
    {
      AssociationPool& pool;
      const std::string& owner;
      Opening(AssociationPool& p, const std::string& o) : pool(p), owner(o)
      {
        std::lock_guard<std::mutex> lock(pool.mutex_);
        pool.opening_[owner]++;
      }
      ~Opening()
      {
        std::lock_guard<std::mutex> lock(pool.mutex_);
        if (--pool.opening_[owner] == 0)
        {
          pool.opening_.erase(owner);
        }
      }
    } opening(*this, owner);
    return std::make_unique<StoreAssociation>(endpoint, syntaxes);
  }

  size_t AssociationPool::Kept()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    size_t count = 0;
    for (const auto& [owner, idle] : kept_)
    {
      count += idle.size();
    }
    return count;
  }

  void AssociationPool::Clear()
  {
    std::map<std::string, std::vector<Idle>> all;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      all.swap(kept_);
    }
  }

  void AssociationPool::Reap()
  {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_)
    {
      const int64_t now = clock_.SteadyMs();
      int64_t next = now + 3600 * 1000;
      std::vector<std::unique_ptr<StoreAssociation>> expired;
      for (auto owner = kept_.begin(); owner != kept_.end();)
      {
        std::vector<Idle>& idle = owner->second;
        for (size_t i = idle.size(); i-- > 0;)
        {
          if (idle[i].untilMs <= now)
          {
            expired.push_back(std::move(idle[i].association));
            idle.erase(idle.begin() + static_cast<std::ptrdiff_t>(i));
          }
          else if (idle[i].untilMs < next)
          {
            next = idle[i].untilMs;
          }
        }
        owner = idle.empty() ? kept_.erase(owner) : std::next(owner);
      }
      if (!expired.empty())
      {
        lock.unlock();
        expired.clear(); // A-RELEASE, outside the lock
        lock.lock();
        continue;
      }
      clock_.WaitFor(changed_, lock, next - now);
    }
  }
} // namespace XnatDqr
