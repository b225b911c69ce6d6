#include "Orthanc/RestRoute.h"

#include "Core/Common/JsonText.h"
#include "Orthanc/AuditTrail.h"
#include "Orthanc/Log.h"
#include "Orthanc/RestServe.h"
#include "Orthanc/Sdk.h"

#include <array>
#include <stdexcept>
#include <utility>

namespace XnatDqr
{
  namespace
  {
    // The SDK takes a plain function pointer with no user data, so each route gets one of a
    // fixed set of trampolines, each bound to its own slot.
    constexpr size_t MAX_ROUTES = 64;
    std::array<RestRoute, MAX_ROUTES> routes_;
    size_t routeCount_ = 0;

    RestRequest MakeRequest(const OrthancPluginHttpRequest* request)
    {
      static const char* const METHODS[] = {"", "GET", "POST", "PUT", "DELETE"};
      RestRequest result;
      const int method = static_cast<int>(request->method);
      result.method = (method >= 1 && method <= 4) ? METHODS[method] : "";
      for (uint32_t i = 0; i < request->groupsCount; i++)
      {
        result.groups.push_back(request->groups[i]);
      }
      for (uint32_t i = 0; i < request->headersCount; i++)
      {
        result.headers[request->headersKeys[i]] = request->headersValues[i];
      }
      for (uint32_t i = 0; i < request->getCount; i++)
      {
        result.arguments[request->getKeys[i]] = request->getValues[i];
      }
      if (request->body != nullptr)
      {
        result.body.assign(static_cast<const char*>(request->body), request->bodySize);
      }
      return result;
    }

    void Send(OrthancPluginRestOutput* output, const RestReply& reply)
    {
      OrthancPluginContext* context = Sdk::GetContext();
      const bool raw = !reply.mimeType.empty();
      const std::string body = raw ? reply.raw : JsonText::Write(reply.json);
      const char* mime = raw ? reply.mimeType.c_str() : "application/json";
      if (reply.status == 200)
      {
        OrthancPluginAnswerBuffer(context, output, body.data(), body.size(), mime);
      }
      else if (reply.status == 204)
      {
        OrthancPluginSendHttpStatusCode(context, output, 204);
      }
      else
      {
        OrthancPluginSetHttpHeader(context, output, "Content-Type", mime);
        OrthancPluginSendHttpStatus(context, output, static_cast<uint16_t>(reply.status),
                                    body.data(), body.size());
      }
    }

    OrthancPluginErrorCode Dispatch(const RestRoute& route, OrthancPluginRestOutput* output,
                                    const char* url, const OrthancPluginHttpRequest* request)
    {
      const RestRequest parsed = MakeRequest(request);
      const Served served = Serve(route, parsed, url);
      if (!served.allow.empty())
      {
        OrthancPluginSendMethodNotAllowed(Sdk::GetContext(), output, served.allow.c_str());
        return OrthancPluginErrorCode_Success;
      }
      if (!served.errorLine.empty())
      {
        Log::Error(served.errorLine);
      }
      if (served.audited)
      {
        AuditTrail::Record(parsed, url, served.before, served.after);
      }
      if (served.reply.orthancError != 0)
      {
        return static_cast<OrthancPluginErrorCode>(served.reply.orthancError);
      }
      Send(output, served.reply);
      return OrthancPluginErrorCode_Success;
    }

    template<size_t Slot>
    OrthancPluginErrorCode Trampoline(OrthancPluginRestOutput* output, const char* url,
                                      const OrthancPluginHttpRequest* request)
    {
      return Dispatch(routes_[Slot], output, url, request);
    }

    template<size_t... Slots>
    constexpr std::array<OrthancPluginRestCallback, MAX_ROUTES>
    MakeTrampolines(std::index_sequence<Slots...>)
    {
      return {&Trampoline<Slots>...};
    }

    const std::array<OrthancPluginRestCallback, MAX_ROUTES> trampolines_ =
      MakeTrampolines(std::make_index_sequence<MAX_ROUTES>());
  } // namespace

  void RegisterRestRoute(const std::string& uriRegex, RestRoute route)
  {
    if (routeCount_ == MAX_ROUTES)
    {
      throw std::logic_error("Too many REST routes; raise MAX_ROUTES");
    }
    routes_[routeCount_] = std::move(route);
    // NoLock: our handlers guard their own state, and long ones (echo) must not block others.
    OrthancPluginRegisterRestCallbackNoLock(Sdk::GetContext(), uriRegex.c_str(),
                                            trampolines_[routeCount_]);
    routeCount_++;
  }
} // namespace XnatDqr
