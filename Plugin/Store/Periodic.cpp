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
        while (!wake_.wait_for(lock, delay_(), [this] { return stopping_; }))
        {
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
