#pragma once

#include "Core/Common/Clock.h"
#include "Core/Observability/AuditStore.h"

namespace XnatDqr
{
  // GET /xnat-dqr/audit?since=&limit=: the changes made through REST, newest first. Starts the
  // audit trail (AuditTrail::Enable). Not owned; must live as long as the plugin.
  void RegisterAuditRoute(AuditStore& store, Clock& clock);
} // namespace XnatDqr
