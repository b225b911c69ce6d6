#include "Store/HistoryWriter.h"

#include "Core/Common/TimeFormat.h"

namespace XnatDqr
{
  namespace
  {
    // Just after the next minute boundary: the minute that ended is complete.
    std::chrono::milliseconds UntilNextMinute()
    {
      const int64_t now = TimeFormat::NowMs();
      const int64_t next = (now / HistoryPeriods::MINUTE_MS + 1) * HistoryPeriods::MINUTE_MS + 200;
      return std::chrono::milliseconds(next - now);
    }
  } // namespace

  HistoryWriter::HistoryWriter(History& history, std::function<void(const std::string&)> onError)
      : history_(history), onError_(std::move(onError)),
        thread_(UntilNextMinute,
                [this] { Guarded([this] { history_.Tick(TimeFormat::NowMs()); }); })
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
} // namespace XnatDqr
