#pragma once

namespace XnatDqr
{
  // /xnat-dqr/app/...: the admin page, from resources embedded at build time; and the
  // Orthanc Explorer extension (a button on the home page, "Send to XNAT..." on a study).
  void RegisterAppRoutes();
} // namespace XnatDqr
