#include "Orthanc/HttpFilter.h"

#include "Orthanc/Log.h"
#include "Orthanc/Sdk.h"

#include <cctype>

namespace XnatDqr::HttpFilter
{
  namespace
  {
    Guard guard_;
    // Orthanc runs a request's filter and its handler on the same HTTP thread.
    thread_local std::string remoteAddress_;

    const char* MethodName(OrthancPluginHttpMethod method)
    {
      switch (method)
      {
      case OrthancPluginHttpMethod_Get:
        return "GET";
      case OrthancPluginHttpMethod_Post:
        return "POST";
      case OrthancPluginHttpMethod_Put:
        return "PUT";
      case OrthancPluginHttpMethod_Delete:
        return "DELETE";
      default:
        return "";
      }
    }

    int32_t OnRequest(OrthancPluginHttpMethod method, const char* uri, const char* ip,
                      uint32_t headersCount, const char* const* headersKeys,
                      const char* const* headersValues, uint32_t, const char* const*,
                      const char* const*)
    {
      remoteAddress_ = ip == nullptr ? "" : ip;
      if (!guard_)
      {
        return 1;
      }
      try
      {
        Incoming incoming;
        incoming.method = MethodName(method);
        incoming.uri = uri == nullptr ? "" : uri;
        incoming.address = remoteAddress_;
        for (uint32_t i = 0; i < headersCount; i++)
        {
          std::string key = headersKeys[i];
          for (char& c : key)
          {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          }
          incoming.headers[key] = headersValues[i];
        }
        return guard_(incoming) ? 1 : 0;
      }
      catch (const std::exception& e)
      {
        Log::Error(std::string("HTTP request filter: ") + e.what());
        return 1; // the guard could not decide: Orthanc's own rules still hold
      }
    }
  } // namespace

  void Install(Guard guard)
  {
    guard_ = std::move(guard);
    OrthancPluginRegisterIncomingHttpRequestFilter2(Sdk::GetContext(), OnRequest);
  }

  std::string RemoteAddress()
  {
    return remoteAddress_;
  }
} // namespace XnatDqr::HttpFilter
