#include "Rest/QueryArguments.h"

#include <algorithm>

#include "Core/Common/Errors.h"
#include "Core/Common/TimeFormat.h"
#include "Core/Receivers/Receiver.h"

namespace XnatDqr::QueryArguments
{
  const std::string& ReceiverId(const RestRequest& request)
  {
    const std::string& id = request.groups.at(0);
    const std::string why = CheckReceiverId(id);
    if (!why.empty())
    {
      throw ValidationError("Id", "Receiver Id \"" + id + "\" in the URI " + why);
    }
    return id;
  }

  size_t Limit(const RestRequest& request, size_t defaultLimit)
  {
    if (!request.HasArgument("limit"))
    {
      return defaultLimit;
    }
    const std::string text = request.GetArgument("limit", "");
    if (text.empty() || text.size() > 4 ||
        text.find_first_not_of("0123456789") != std::string::npos || std::stoul(text) < 1 ||
        std::stoul(text) > MAX_LIMIT)
    {
      throw ValidationError("limit", "limit must be an integer in 1.." + std::to_string(MAX_LIMIT));
    }
    return std::stoul(text);
  }

  int64_t Since(const RestRequest& request)
  {
    if (!request.HasArgument("since"))
    {
      return 0;
    }
    // An offset's "+" left unescaped in the URI comes as a space from Orthanc 1.13.0, which
    // decodes a query as a form does; a time has no space of its own.
    std::string text = request.GetArgument("since", "");
    std::replace(text.begin(), text.end(), ' ', '+');
    const auto since = TimeFormat::Parse(text);
    if (!since)
    {
      throw ValidationError("since", "since must be an ISO 8601 time such as "
                                     "2026-11-28T08:00:00+01:00, or epoch milliseconds");
    }
    return *since;
  }
} // namespace XnatDqr::QueryArguments
