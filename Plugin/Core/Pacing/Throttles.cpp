#include "Core/Pacing/Throttles.h"

namespace XnatDqr
{
  TokenBucket& Throttles::ForReceiver(const std::string& receiverId)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::unique_ptr<TokenBucket>& bucket = receivers_[receiverId];
    if (!bucket)
    {
      bucket = std::make_unique<TokenBucket>();
      if (sharedBandwidth_ != nullptr)
      {
        bucket->SetShared(sharedBandwidth_, "Receiver:" + receiverId);
      }
    }
    return *bucket;
  }

  void Throttles::SetSharedBandwidth(SharedBandwidth* shared)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    sharedBandwidth_ = shared;
    global_.SetShared(shared, "Global");
  }

  TokenBucket& Throttles::ForShare(const std::string& receiverId)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::unique_ptr<TokenBucket>& bucket = shareBuckets_[receiverId];
    if (!bucket)
    {
      bucket = std::make_unique<TokenBucket>();
    }
    return *bucket;
  }
} // namespace XnatDqr
