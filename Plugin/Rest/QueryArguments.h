#pragma once

#include "Orthanc/RestRoute.h"

#include <cstddef>
#include <cstdint>

// The GET arguments that list routes share (?limit, ?since), with one wording for their errors.
namespace XnatDqr::QueryArguments
{
  constexpr size_t MAX_LIMIT = 1000;

  size_t Limit(const RestRequest& request, size_t defaultLimit = 100); // ValidationError
  int64_t Since(const RestRequest& request);                           // epoch ms, 0 if absent
} // namespace XnatDqr::QueryArguments
