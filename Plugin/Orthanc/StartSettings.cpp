#include "Orthanc/StartSettings.h"

#include "Orthanc/OrthancConfiguration.h"
#include "Orthanc/Sdk.h"

namespace XnatDqr
{
  namespace
  {
    const char* const CONFIGURATION_SECTION = "XnatDqr";
  }

  StartSettings ReadStartSettings(OrthancPluginContext* context)
  {
    const Json::Value orthancConfiguration = OrthancConfiguration::Read();
    const std::string path = Sdk::ConfigurationPath(); // relative paths are read from there
    const bool folder = OrthancConfiguration::IsFolder();
    StartSettings settings;
    settings.orthanc = OrthancSettings::Parse(orthancConfiguration);
    // Orthanc reads DicomTlsMinimumProtocolVersion and DicomTlsCiphersAccepted from 1.12.4.
    settings.scu = ScuSettings::Parse(orthancConfiguration, path, folder,
                                      OrthancPluginCheckVersionAdvanced(context, 1, 12, 4) == 1);
    PluginConfiguration& configuration = settings.configuration;
    configuration = PluginConfiguration::Parse(orthancConfiguration[CONFIGURATION_SECTION]);
    configuration.ResolveDefaults(ResolvePath(settings.orthanc.indexDirectory, path, folder),
                                  OrthancConfiguration::HostName(), settings.orthanc.dicomPort);
    settings.shared = configuration.database.backend == DatabaseSettings::Backend::PostgreSQL;
    settings.retry = RetryPolicy{configuration.maxAttempts, configuration.retryDelaySeconds};
    return settings;
  }
} // namespace XnatDqr
