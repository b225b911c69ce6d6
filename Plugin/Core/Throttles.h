#pragma once

#include "Core/Throttle.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace XnatDqr
{
  // The plugin's shared throttling state: concurrent Transfers, and one bandwidth timeline
  // per Receiver plus one for the whole PACS. Thread-safe.
  class Throttles
  {
  public:
    Threads& GetThreads() { return threads_; }
    TokenBucket& ForReceiver(const std::string& receiverId);
    TokenBucket& Global() { return global_; }

  private:
    Threads threads_;
    TokenBucket global_;
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<TokenBucket>> receivers_;
  };
} // namespace XnatDqr
