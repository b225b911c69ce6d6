#pragma once

#include "Core/Observability/History.h"
#include "Store/Periodic.h"

#include <functional>
#include <string>

namespace XnatDqr
{
  // The thread that calls History::Tick just after each minute ends, and Flush at Stop.
  // Errors go to onError; the minutes they held are written at the next Tick.
  class HistoryWriter
  {
  public:
    HistoryWriter(History& history, Clock& clock, std::function<void(const std::string&)> onError);
    ~HistoryWriter() { Stop(); }
    HistoryWriter(const HistoryWriter&) = delete;
    HistoryWriter& operator=(const HistoryWriter&) = delete;

    void Start();
    void Stop(); // idempotent

  private:
    void Guarded(const std::function<void()>& step);

    History& history_;
    Clock& clock_;
    std::function<void(const std::string&)> onError_;
    Periodic thread_;
    bool started_ = false;
  };
} // namespace XnatDqr
