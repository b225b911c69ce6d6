#pragma once

#include "Core/Observability/MetricsSource.h"

namespace XnatDqr
{
  // GET /xnat-dqr/metrics: the Prometheus text format (docs/OPERATIONS.md lists the metrics).
  void RegisterMetricsRoute(MetricsSource& source);
} // namespace XnatDqr
