#pragma once

#include "Orthanc/RestRoute.h"

#include <string>
#include <utility>
#include <vector>

namespace XnatDqr::FuzzOrthanc
{
  // The routes registered since the table was last cleared, in registration order: Orthanc
  // tries a plugin's routes in that order.
  std::vector<std::pair<std::string, RestRoute>>& Routes();
} // namespace XnatDqr::FuzzOrthanc
