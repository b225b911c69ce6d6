#pragma once

#include "Orthanc/RestRoute.h"

#include <cstddef>
#include <cstdint>

#include <string>

// The GET arguments that list routes share (?limit, ?since), and the Receiver Id in a URI, with
// one wording for their errors.
namespace XnatDqr::QueryArguments
{
  // The first group of the URI as a Receiver Id; one that cannot exist is a bad request (400
  // naming Id), not a missing Receiver.
  const std::string& ReceiverId(const RestRequest& request);

  constexpr size_t MAX_LIMIT = 1000;

  size_t Limit(const RestRequest& request, size_t defaultLimit = 100); // ValidationError
  int64_t Since(const RestRequest& request);                           // epoch ms, 0 if absent
} // namespace XnatDqr::QueryArguments
