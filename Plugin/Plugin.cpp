// Entry point: check Orthanc, read the "XnatDqr" section, wire the modules. Nothing else.

#include "Core/Errors.h"
#include "Core/JsonText.h"
#include "Core/PluginConfiguration.h"
#include "Orthanc/Log.h"
#include "Orthanc/Sdk.h"
#include "Rest/StatusRoute.h"
#include "Rest/Uris.h"

#include <cstdlib>

namespace
{
  const char* const CONFIGURATION_SECTION = "XnatDqr";

  Json::Value ReadOrthancConfiguration()
  {
    XnatDqr::Sdk::OwnedString text(OrthancPluginGetConfiguration(XnatDqr::Sdk::GetContext()));
    Json::Value configuration;
    if (text.IsNull() || !XnatDqr::JsonText::TryParse(text.ToString(), configuration))
    {
      throw std::runtime_error("cannot read Orthanc's configuration");
    }
    return configuration;
  }

  Json::Value Counts()
  {
    Json::Value counts(Json::objectValue);
    counts["Receivers"] = 0;
    counts["Transfers"] = 0;
    return counts;
  }
} // namespace

extern "C"
{
  ORTHANC_PLUGINS_API int32_t OrthancPluginInitialize(OrthancPluginContext* context)
  {
    using namespace XnatDqr;
    Sdk::SetContext(context);
    if (!OrthancPluginCheckVersionAdvanced(context, 1, 10, 1))
    {
      Log::Error(std::string("refusing to start: this plugin needs Orthanc 1.10.1 or newer, this "
                             "is Orthanc ") +
                 context->orthancVersion);
      return -1;
    }
    OrthancPluginSetDescription(context, "Serves XNAT DQR: XNAT receivers, C-MOVE routing, "
                                         "scheduled and throttled transfers.");
    try
    {
      const PluginConfiguration configuration =
          PluginConfiguration::Parse(ReadOrthancConfiguration()[CONFIGURATION_SECTION]);
      if (configuration.tcpNoDelay)
      {
        // Must precede Orthanc's DICOM server and SCU: DCMTK reads it per association.
        setenv("TCP_NODELAY", "1", 1);
      }
      RegisterStatusRoute(configuration, context->orthancVersion, Counts);
      Log::Warning(std::string("version ") + XNATDQR_VERSION + " started");
      return 0;
    }
    catch (const ValidationError& e)
    {
      Log::Error(std::string("refusing to start, invalid configuration: ") + e.what());
      return -1;
    }
    catch (const std::exception& e)
    {
      Log::Error(std::string("refusing to start: ") + e.what());
      return -1;
    }
  }

  ORTHANC_PLUGINS_API void OrthancPluginFinalize() {}

  ORTHANC_PLUGINS_API const char* OrthancPluginGetName()
  {
    return XnatDqr::PLUGIN_NAME;
  }

  ORTHANC_PLUGINS_API const char* OrthancPluginGetVersion()
  {
    return XNATDQR_VERSION;
  }
}
