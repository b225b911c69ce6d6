#pragma once

#include "Orthanc/RestRoute.h"

#include <json/value.h>
#include <string>

namespace XnatDqr
{
  // What one REST request to one of our routes gets, whatever carries it: the SDK adapter
  // (Orthanc/RestRoute) sends it, the route fuzzer (Fuzz/FuzzRoutes) checks it.
  struct Served
  {
    RestReply reply;
    std::string allow;     // not empty: no handler for the method; 405 with this Allow header
    std::string errorLine; // not empty: a 5xx, for the log
    bool audited = false;  // a change that succeeded on an audited route: record before, after
    Json::Value before;
    Json::Value after;
  };

  // Picks the handler of request.method ("GET", "POST", "PUT", "DELETE"; anything else has
  // none), refuses URI identifiers and arguments that are not clean text (400 naming them),
  // runs the handler, and turns Core's exceptions into JSON errors: ValidationError 400
  // {"Error","Field","Errors"}, ConflictError 409 {"Error","Conflict"[,"Field","Suggestion"]},
  // NotFoundError 404, ForbiddenError 403, UnavailableError 503, anything else 500.
  Served Serve(const RestRoute& route, const RestRequest& request, const std::string& url);
} // namespace XnatDqr
