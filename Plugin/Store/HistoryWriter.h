#pragma once

#include "Core/History.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace XnatDqr
{
  // The thread that calls History::Tick just after each minute ends, and Flush at Stop.
  // Errors go to onError; the minutes they held are written at the next Tick.
  class HistoryWriter
  {
  public:
    HistoryWriter(History& history, std::function<void(const std::string&)> onError)
        : history_(history), onError_(std::move(onError))
    {
    }
    ~HistoryWriter() { Stop(); }
    HistoryWriter(const HistoryWriter&) = delete;
    HistoryWriter& operator=(const HistoryWriter&) = delete;

    void Start();
    void Stop(); // idempotent

  private:
    void Run();
    void Guarded(const std::function<void()>& step);

    History& history_;
    std::function<void(const std::string&)> onError_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
  };
} // namespace XnatDqr
