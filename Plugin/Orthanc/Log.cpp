#include "Orthanc/Log.h"

#include "Orthanc/Sdk.h"

namespace XnatDqr::Log
{
  namespace
  {
    std::string Prefixed(const std::string& message)
    {
      return "xnat-dqr: " + message;
    }
  } // namespace

  void Info(const std::string& message)
  {
    OrthancPluginLogInfo(Sdk::GetContext(), Prefixed(message).c_str());
  }

  void Warning(const std::string& message)
  {
    OrthancPluginLogWarning(Sdk::GetContext(), Prefixed(message).c_str());
  }

  void Error(const std::string& message)
  {
    OrthancPluginLogError(Sdk::GetContext(), Prefixed(message).c_str());
  }
} // namespace XnatDqr::Log
