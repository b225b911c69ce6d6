#pragma once

#include <json/value.h>
#include <map>
#include <string>

namespace XnatDqr
{
  // One answer of Orthanc's own REST API, as an HTTP client would see it.
  struct RestAnswer
  {
    int status = 0;
    std::string body;
    int errorCode = 0; // Orthanc's own error code (OrthancPluginErrorCode) when it failed

    bool IsSuccess() const { return status >= 200 && status < 300; }
    // The body as JSON; throws std::runtime_error naming the uri when it is not.
    Json::Value ToJson(const std::string& uri) const;
  };

  // Calls into Orthanc's REST API from the plugin (no HTTP, no credentials). Safe from REST
  // callbacks and the C-MOVE driver; not from OnChange/OnStored callbacks.
  namespace OrthancApi
  {
    RestAnswer Get(const std::string& uri);
    // GET through the plugins' routes too (Orthanc's DICOMweb plugin), with these HTTP headers
    // (names in lower case), as a client's request would reach them.
    RestAnswer GetWithPlugins(const std::string& uri,
                              const std::map<std::string, std::string>& headers);
    RestAnswer Post(const std::string& uri, const std::string& body);
    RestAnswer Put(const std::string& uri, const std::string& body);
    RestAnswer Delete(const std::string& uri);

    // GET expecting success and JSON; throws std::runtime_error otherwise.
    Json::Value GetJson(const std::string& uri);
  } // namespace OrthancApi
} // namespace XnatDqr
