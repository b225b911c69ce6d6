#pragma once

#include <json/value.h>
#include <string>

namespace XnatDqr
{
  // The effective "XnatDqr" section of Orthanc's configuration, defaults filled in.
  struct PluginConfiguration
  {
    // Set TCP_NODELAY=1 before Orthanc's DICOM server starts: Debian's DCMTK reads it for
    // every association, and loopback transfers are ~100x slower without it.
    bool tcpNoDelay = true;

    // Parses the section (null or absent means all defaults). Throws ValidationError naming
    // the key (e.g. "XnatDqr.TcpNoDelay") on an unknown key or a wrong type.
    static PluginConfiguration Parse(const Json::Value& section);

    Json::Value ToJson() const;
  };
} // namespace XnatDqr
