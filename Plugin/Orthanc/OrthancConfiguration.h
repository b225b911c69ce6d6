#pragma once

#include <json/value.h>
#include <string>

// Orthanc's own configuration, as the plugin reads it at start.
namespace XnatDqr::OrthancConfiguration
{
  // The whole configuration Orthanc runs with (its files merged). Throws std::runtime_error.
  Json::Value Read();
  // Whether Orthanc was given a folder of configuration files rather than one file: relative
  // paths in the configuration are read from that folder, or from the file's.
  bool IsFolder();
  std::string HostName(); // this machine's, "localhost" if it has none
} // namespace XnatDqr::OrthancConfiguration
