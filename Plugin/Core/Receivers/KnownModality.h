#pragma once

#include "Core/Scu/ScuSettings.h"

#include <string>

namespace XnatDqr
{
  // An Orthanc DicomModalities entry that the plugin does not manage, in Orthanc's order.
  struct KnownModality
  {
    std::string name;
    StoreDestination
      destination; // AET, Host, Port, LocalAet, Timeout, AllowTranscoding, UseDicomTls
  };
} // namespace XnatDqr
