#include "Store/HistoryWriter.h"

namespace XnatDqr
{
  namespace
  {
    // Just after the next minute boundary: the minute that ended is complete.
    int64_t UntilNextMinute(int64_t now)
    {
      return (now / HistoryPeriods::MINUTE_MS + 1) * HistoryPeriods::MINUTE_MS + 200 - now;
    }
  } // namespace

  HistoryWriter::HistoryWriter(History& history, Clock& clock,
                               std::function<void(const std::string&)> onError)
      : history_(history), clock_(clock), onError_(std::move(onError)),
        thread_(
          clock, [&clock] { return UntilNextMinute(clock.NowMs()); },
          [this] { Guarded([this] { history_.Tick(clock_.NowMs()); }); })
  {
  }

  void HistoryWriter::Start()
  {
    thread_.Start();
    started_ = true;
  }

  void HistoryWriter::Stop()
  {
    if (!started_)
    {
      return;
    }
    started_ = false;
    thread_.Stop();
    Guarded([this] { history_.Flush(clock_.NowMs()); });
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
} // namespace XnatDqr
