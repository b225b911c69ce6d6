#include "Rest/RefusalRoute.h"

#include "Core/Common/Errors.h"
#include "Core/Observability/Refusals.h"
#include "Orthanc/RestRoute.h"
#include "Rest/Uris.h"

namespace XnatDqr
{
  namespace
  {
    constexpr int64_t DAY_MS = 24 * 3600 * 1000;
    constexpr size_t MAX_GROUPS = 200;

    int64_t Days(const RestRequest& request)
    {
      const std::string text = request.GetArgument("days", "7");
      const bool digits = !text.empty() && text.size() <= 2 &&
                          text.find_first_not_of("0123456789") == std::string::npos;
      const int days = digits ? std::stoi(text) : 0;
      if (days < 1 || days > 30)
      {
        throw ValidationError("days",
                              "days must be a whole number from 1 to 30, not \"" + text + "\"");
      }
      return days;
    }
  } // namespace

  void RegisterRefusalRoute(Clock& clock, TransferStore& store, ReceiverRegistry& registry)
  {
    RestRoute route;
    route.get = [&clock, &store, &registry](const RestRequest& request)
    {
      const int64_t since = clock.NowMs() - Days(request) * DAY_MS;
      return RestReply::Json(DescribeRefusals(store.ListRefusals(since, MAX_GROUPS),
                                              *registry.Snapshot(),
                                              registry.IsStrictAetComparison(), since));
    };
    RegisterRestRoute(URI_REFUSALS, route);
  }
} // namespace XnatDqr
