#include "Store/Periodic.h"

namespace XnatDqr
{
  void Periodic::Start()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (thread_.joinable())
    {
      return;
    }
    stopping_ = false;
    thread_ = std::thread(
      [this]
      {
        std::unique_lock<std::mutex> lock(mutex_);
        while (!stopping_)
        {
          const int64_t due = clock_.SteadyMs() + delayMs_();
          for (int64_t left = due - clock_.SteadyMs(); left > 0 && !stopping_;
               left = due - clock_.SteadyMs())
          {
            clock_.WaitFor(wake_, lock, left);
          }
          if (stopping_)
          {
            break;
          }
          lock.unlock();
          step_();
          lock.lock();
        }
      });
  }

  void Periodic::Stop()
  {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!thread_.joinable())
      {
        return;
      }
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
} // namespace XnatDqr
