// Orthanc, as far as the routes see it, for Fuzz/FuzzRoutes: the definitions the plugin gets
// from its SDK adapters (Orthanc/*.cpp), here without Orthanc. Routes are collected in a table
// instead of being registered; Orthanc's own REST API answers 404 to everything; the log and
// the audit trail write nothing.
#include "FuzzOrthanc.h"

#include "Core/Common/JsonText.h"
#include "Orthanc/AuditTrail.h"
#include "Orthanc/Log.h"
#include "Orthanc/OrthancApi.h"

namespace XnatDqr
{
  namespace
  {
    std::vector<std::pair<std::string, RestRoute>> routes_;

    RestAnswer NotHere(const std::string& uri)
    {
      return RestAnswer{404, "{\"Message\": \"no Orthanc behind " + uri + "\"}"};
    }
  } // namespace

  void RegisterRestRoute(const std::string& uriRegex, RestRoute route)
  {
    routes_.emplace_back(uriRegex, std::move(route));
  }

  namespace FuzzOrthanc
  {
    std::vector<std::pair<std::string, RestRoute>>& Routes()
    {
      return routes_;
    }
  } // namespace FuzzOrthanc

  Json::Value RestAnswer::ToJson(const std::string& uri) const
  {
    Json::Value value;
    if (!JsonText::TryParse(body, value))
    {
      throw std::runtime_error(uri + " did not answer JSON");
    }
    return value;
  }

  namespace OrthancApi
  {
    RestAnswer Get(const std::string& uri)
    {
      return NotHere(uri);
    }
    RestAnswer Post(const std::string& uri, const std::string&)
    {
      return NotHere(uri);
    }
    RestAnswer Put(const std::string& uri, const std::string&)
    {
      return NotHere(uri);
    }
    RestAnswer Delete(const std::string& uri)
    {
      return NotHere(uri);
    }
    Json::Value GetJson(const std::string& uri)
    {
      throw std::runtime_error("GET " + uri + " failed with HTTP 404");
    }
  } // namespace OrthancApi

  namespace Log
  {
    void Info(const std::string&) {}
    void Warning(const std::string&) {}
    void Error(const std::string&) {}
  } // namespace Log

  namespace AuditTrail
  {
    void Enable(AuditStore&, Clock&) {}
    void Record(const RestRequest&, const std::string&, const Json::Value&, const Json::Value&) {}
    std::string BasicUser(const RestRequest&)
    {
      return "";
    }
  } // namespace AuditTrail
} // namespace XnatDqr
