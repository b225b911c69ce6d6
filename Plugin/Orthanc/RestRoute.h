#pragma once

#include <functional>
#include <json/value.h>
#include <map>
#include <string>
#include <vector>

namespace XnatDqr
{
  struct RestRequest
  {
    std::string method;
    std::vector<std::string> groups;              // the regex groups of the route, in order
    std::map<std::string, std::string> arguments; // GET arguments (Orthanc gives none for
                                                  // other methods)
    std::map<std::string, std::string> headers;   // names in lower case
    std::string body;

    bool HasArgument(const std::string& name) const { return arguments.count(name) > 0; }
    std::string GetArgument(const std::string& name, const std::string& defaultValue) const;
  };

  struct RestReply
  {
    int status = 200;
    Json::Value json;
    std::string raw; // sent instead of json when mimeType is set
    std::string mimeType;
    // Non-zero: Orthanc answers this error code itself, as it does for its own routes (the
    // status, and the error body it gives with HttpDescribeErrors). status is then only ours.
    int orthancError = 0;

    static RestReply Json(const Json::Value& json, int status = 200);
    static RestReply NoContent();
    static RestReply Raw(const std::string& body, const std::string& mimeType);
    static RestReply OrthancError(int errorCode, int status);
  };

  using RestHandler = std::function<RestReply(const RestRequest&)>;

  // One URI and its handlers by method; a method without a handler answers 405 with Allow.
  struct RestRoute
  {
    RestHandler get;
    RestHandler post;
    RestHandler put;
    RestHandler remove; // DELETE

    // Audited: every POST, PUT or DELETE that succeeds is recorded (AuditTrail) with the state
    // before and after: what state() answers for the request (null: nothing there, or an error),
    // or, without state, null before and the answer's body after.
    bool audited = false;
    std::function<Json::Value(const RestRequest&)> state;
  };

  // Registers the route under a regex (Orthanc's syntax). Core exceptions become JSON errors:
  // ValidationError 400 {"Error","Field"}, ConflictError 409 {"Error","Conflict"[,"Suggestion"]},
  // NotFoundError 404, ForbiddenError 403, anything else 500.
  void RegisterRestRoute(const std::string& uriRegex, RestRoute route);
} // namespace XnatDqr
