#include "Store/HistoryWriter.h"

#include "Core/TimeFormat.h"

#include <chrono>

namespace XnatDqr
{
  void HistoryWriter::Start()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable())
    {
      stopping_ = false;
      thread_ = std::thread([this] { Run(); });
    }
  }

  void HistoryWriter::Stop()
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
    Guarded([this] { history_.Flush(TimeFormat::NowMs()); });
  }

  void HistoryWriter::Guarded(const std::function<void()>& step)
  {
    try
    {
      step();
    }
    catch (const std::exception& e)
    {
      onError_(std::string("cannot write the history: ") + e.what());
    }
  }

  void HistoryWriter::Run()
  {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_)
    {
      // Just after the next minute boundary: the minute that ended is complete.
      const int64_t now = TimeFormat::NowMs();
      const int64_t next = (now / HistoryPeriods::MINUTE_MS + 1) * HistoryPeriods::MINUTE_MS + 200;
      if (wake_.wait_for(lock, std::chrono::milliseconds(next - now), [this] { return stopping_; }))
      {
        break;
      }
      lock.unlock();
      Guarded([this] { history_.Tick(TimeFormat::NowMs()); });
      lock.lock();
    }
  }
} // namespace XnatDqr
