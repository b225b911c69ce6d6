#include "Orthanc/OrthancMetrics.h"

#include "Orthanc/Log.h"
#include "Orthanc/Sdk.h"

namespace XnatDqr
{
  namespace
  {
    std::function<std::map<std::string, double>()> totals_;

    void Refresh()
    {
      try
      {
        for (const auto& [name, value] : totals_())
        {
          OrthancPluginSetMetricsValue(Sdk::GetContext(), name.c_str(), static_cast<float>(value),
                                       OrthancPluginMetricsType_Default);
        }
      }
      catch (const std::exception& e)
      {
        // Orthanc's other metrics are still served; ours keep their last values.
        Log::Warning(std::string("cannot refresh the metrics: ") + e.what());
      }
    }
  } // namespace

  void RegisterOrthancMetrics(std::function<std::map<std::string, double>()> totals)
  {
    totals_ = std::move(totals);
    OrthancPluginRegisterRefreshMetricsCallback(Sdk::GetContext(), Refresh);
  }
} // namespace XnatDqr
