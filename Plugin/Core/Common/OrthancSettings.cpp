#include "Core/Common/OrthancSettings.h"

namespace XnatDqr
{
  OrthancSettings OrthancSettings::Parse(const Json::Value& configuration)
  {
    OrthancSettings settings;
    if (!configuration.isObject())
    {
      return settings;
    }
    if (configuration["Name"].isString())
    {
      settings.name = configuration["Name"].asString();
    }
    if (configuration["DicomAet"].isString())
    {
      settings.dicomAet = configuration["DicomAet"].asString();
    }
    if (configuration["DicomPort"].isIntegral())
    {
      settings.dicomPort = static_cast<uint16_t>(configuration["DicomPort"].asUInt());
    }
    if (configuration["StrictAetComparison"].isBool())
    {
      settings.strictAetComparison = configuration["StrictAetComparison"].asBool();
    }
    if (configuration["DicomCheckCalledAet"].isBool())
    {
      settings.checkCalledAet = configuration["DicomCheckCalledAet"].asBool();
    }
    // As Orthanc: the index is in IndexDirectory, else in StorageDirectory (Debian forky's
    // orthanc.json sets only the latter), else in OrthancStorage.
    if (configuration["IndexDirectory"].isString())
    {
      settings.indexDirectory = configuration["IndexDirectory"].asString();
    }
    else if (configuration["StorageDirectory"].isString())
    {
      settings.indexDirectory = configuration["StorageDirectory"].asString();
    }
    const Json::Value& dicomWeb = configuration["DicomWeb"];
    if (dicomWeb.isObject() && dicomWeb["Root"].isString())
    {
      settings.dicomWebRoot = dicomWeb["Root"].asString();
    }
    return settings;
  }

  std::string ResolvePath(const std::string& path, const std::string& configurationPath,
                          bool configurationIsFolder)
  {
    if (path.empty() || path[0] == '/' || configurationPath.empty())
    {
      return path;
    }
    std::string base = configurationPath;
    if (!configurationIsFolder)
    {
      const size_t slash = base.rfind('/');
      base = slash == std::string::npos ? "." : base.substr(0, slash);
    }
    return base + "/" + path;
  }
} // namespace XnatDqr
