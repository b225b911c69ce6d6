#pragma once

#include "Orthanc/RestRoute.h"

#include <string>

namespace XnatDqr
{
  // Orthanc's own POST route (the SDK's REST calls reach the built-in routes, not the
  // plugins'), for a request the plugin hands back, e.g. /modalities/{name}/store to a
  // modality that is not a Receiver's. An error is answered by Orthanc itself, as it would
  // have been without the plugin.
  RestReply PostToBuiltInRoute(const std::string& uri, const std::string& body);

  // Stores a DICOM file in Orthanc; its Orthanc id. ValidationError ("body") when Orthanc
  // refuses it.
  std::string StoreInOrthanc(const std::string& dicom);
} // namespace XnatDqr
