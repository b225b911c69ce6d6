#pragma once

#include <cstdint>
#include <json/value.h>
#include <string>

namespace XnatDqr
{
  // The parts of Orthanc's own configuration the plugin depends on, with Orthanc's defaults.
  struct OrthancSettings
  {
    std::string name = "MyOrthanc";
    std::string dicomAet = "ORTHANC";
    uint16_t dicomPort = 4242;
    bool strictAetComparison = false;
    bool checkCalledAet = false;                   // DicomCheckCalledAet
    std::string indexDirectory = "OrthancStorage"; // as written; may be relative
    std::string dicomWebRoot = "/dicom-web/";      // the DICOMweb plugin's "DicomWeb.Root"

    static OrthancSettings Parse(const Json::Value& orthancConfiguration);
  };

  // Orthanc reads relative paths from the folder of its configuration file (or the folder
  // given instead of a file).
  std::string ResolvePath(const std::string& path, const std::string& configurationPath,
                          bool configurationIsFolder);
} // namespace XnatDqr
