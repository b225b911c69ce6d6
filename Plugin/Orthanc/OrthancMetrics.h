#pragma once

#include <functional>
#include <map>
#include <string>

namespace XnatDqr
{
  // Orthanc's own /tools/metrics-prometheus: totals() is asked for its values each time Orthanc
  // refreshes its metrics (each scrape). Register once.
  void RegisterOrthancMetrics(std::function<std::map<std::string, double>()> totals);
} // namespace XnatDqr
