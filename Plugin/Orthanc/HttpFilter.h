#pragma once

#include <functional>
#include <map>
#include <string>

namespace XnatDqr::HttpFilter
{
  // One incoming HTTP request, as Orthanc's request filter sees it (before authentication's
  // answer, with the headers in lower case).
  struct Incoming
  {
    std::string method;
    std::string uri;
    std::string address;
    std::map<std::string, std::string> headers;
  };

  // Whether Orthanc may serve it; false: Orthanc answers 403 with no body.
  using Guard = std::function<bool(const Incoming&)>;

  // Registers the plugin's one HTTP request filter with Orthanc. It keeps each request's
  // remote address (Orthanc 1.10.1 gives it to plugins only there) for the thread that serves
  // it, and asks guard (may be empty: allow all). Call once, at start.
  void Install(Guard guard);

  // The remote address of the request this HTTP thread serves now ("" outside one).
  std::string RemoteAddress();
} // namespace XnatDqr::HttpFilter
