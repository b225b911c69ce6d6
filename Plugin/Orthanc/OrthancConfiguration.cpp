#include "Orthanc/OrthancConfiguration.h"

#include "Core/Common/JsonText.h"
#include "Orthanc/Sdk.h"

#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace XnatDqr::OrthancConfiguration
{
  Json::Value Read()
  {
    Sdk::OwnedString text(OrthancPluginGetConfiguration(Sdk::GetContext()));
    Json::Value configuration;
    if (text.IsNull() || !JsonText::TryParse(text.ToString(), configuration))
    {
      throw std::runtime_error("cannot read Orthanc's configuration");
    }
    return configuration;
  }

  bool IsFolder()
  {
    const std::string path = Sdk::ConfigurationPath();
    struct stat info;
    return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
  }

  std::string HostName()
  {
    char name[256] = {0};
    return gethostname(name, sizeof(name) - 1) == 0 ? name : "localhost";
  }
} // namespace XnatDqr::OrthancConfiguration
