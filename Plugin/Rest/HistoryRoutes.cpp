#include "Rest/HistoryRoutes.h"

#include "Rest/QueryArguments.h"

#include "Core/Common/Errors.h"
#include "Core/Common/TimeFormat.h"
#include "Orthanc/RestRoute.h"
#include "Rest/Uris.h"

namespace XnatDqr
{
  namespace
  {
    constexpr int64_t DEFAULT_HOURS = 24;

    int64_t Hours(const RestRequest& request)
    {
      if (!request.HasArgument("hours"))
      {
        return DEFAULT_HOURS;
      }
      const std::string text = request.GetArgument("hours", "");
      if (text.empty() || text.size() > 4 ||
          text.find_first_not_of("0123456789") != std::string::npos)
      {
        return 0; // refused by HistoryQuery::Last, with the range in words
      }
      return std::stoll(text);
    }

    HistoryQuery Query(const RestRequest& request, const std::string& receiverId, int64_t nowMs)
    {
      return HistoryQuery::Last(receiverId, Hours(request), request.GetArgument("resolution", ""),
                                nowMs);
    }
  } // namespace

  void RegisterHistoryRoutes(Clock& clock, History& history, ReceiverRegistry& registry,
                             SchedulePolicy& schedules)
  {
    RestRoute all;
    all.get = [&clock, &history, &schedules](const RestRequest& request)
    {
      const int64_t now = clock.NowMs();
      const HistoryQuery query = Query(request, "", now);
      const auto open = OpenSpans(std::nullopt, schedules.GetGlobal(), query.fromMs, query.toMs);
      return RestReply::Json(history.Describe(query, open, now));
    };
    RegisterRestRoute(URI_HISTORY, all);

    RestRoute one;
    one.get = [&clock, &history, &registry, &schedules](const RestRequest& request)
    {
      const int64_t now = clock.NowMs();
      const Receiver receiver = registry.Get(QueryArguments::ReceiverId(request));
      const HistoryQuery query = Query(request, receiver.id, now);
      const auto open =
        OpenSpans(receiver.schedule, schedules.GetGlobal(), query.fromMs, query.toMs);
      return RestReply::Json(history.Describe(query, open, now));
    };
    RegisterRestRoute(URI_RECEIVER_HISTORY, one);
  }
} // namespace XnatDqr
