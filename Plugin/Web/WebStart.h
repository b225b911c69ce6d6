#pragma once

#include "Web/BoundIdentities.h"
#include "Web/DicomWebRoot.h"
#include "Web/WadoStream.h"

#include <memory>

namespace XnatDqr
{
  // What the plugin serves over HTTP beside its REST routes: the Receivers' DICOMweb roots and
  // the guard of their bound HTTP identities.
  struct WebParts
  {
    std::unique_ptr<BoundIdentities> boundIdentities; // null: GuardHttpIdentities false
    std::unique_ptr<WadoStream> wado;
    std::unique_ptr<DicomWebRoot> dicomWeb;
  };

  struct WebSettings
  {
    bool guardHttpIdentities = true;
    std::string dicomWebRoot = "/dicom-web/"; // the DICOMweb plugin's Root
    uint32_t moveWaitSeconds = 30;
  };

  // Installs the plugin's one HTTP request filter (the audit's remote address, and the guard)
  // and registers the DICOMweb roots. References are not owned.
  WebParts StartWeb(const WebSettings& settings, ReceiverRegistry& registry, TransferStore& store,
                    Clock& clock, SchedulePolicy& schedules, Throttles& throttles,
                    InstanceSource& instances, RetrieveCounter& retrieves);
} // namespace XnatDqr
