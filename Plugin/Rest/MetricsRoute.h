#pragma once

#include "Core/Common/Clock.h"
#include "Core/Observability/MetricsSource.h"

namespace XnatDqr
{
  // GET /xnat-dqr/metrics: the Prometheus text format (docs/OPERATIONS.md lists the metrics).
  void RegisterMetricsRoute(Clock& clock, MetricsSource& source);
} // namespace XnatDqr
