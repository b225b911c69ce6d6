#include "Orthanc/RestRoute.h"

#include "Core/Errors.h"
#include "Core/JsonText.h"
#include "Core/TextRules.h"
#include "Orthanc/AuditTrail.h"
#include "Orthanc/Log.h"
#include "Orthanc/Sdk.h"

#include <array>
#include <stdexcept>
#include <utility>

namespace XnatDqr
{
  std::string RestRequest::GetArgument(const std::string& name,
                                       const std::string& defaultValue) const
  {
    auto found = arguments.find(name);
    return found == arguments.end() ? defaultValue : found->second;
  }

  RestReply RestReply::Json(const Json::Value& json, int status)
  {
    RestReply reply;
    reply.status = status;
    reply.json = json;
    return reply;
  }

  RestReply RestReply::NoContent()
  {
    RestReply reply;
    reply.status = 204;
    return reply;
  }

  RestReply RestReply::Raw(const std::string& body, const std::string& mimeType)
  {
    RestReply reply;
    reply.raw = body;
    reply.mimeType = mimeType;
    return reply;
  }

  namespace
  {
    // The SDK takes a plain function pointer with no user data, so each route gets one of a
    // fixed set of trampolines, each bound to its own slot.
    constexpr size_t MAX_ROUTES = 64;
    std::array<RestRoute, MAX_ROUTES> routes_;
    size_t routeCount_ = 0;

    RestReply ErrorReply(int status, const std::string& message, const char* key = nullptr,
                         const std::string& value = std::string())
    {
      Json::Value body(Json::objectValue);
      body["Error"] = message;
      if (key != nullptr && !value.empty())
      {
        body[key] = value;
      }
      return RestReply::Json(body, status);
    }

    const RestHandler* SelectHandler(const RestRoute& route, OrthancPluginHttpMethod method)
    {
      switch (method)
      {
      case OrthancPluginHttpMethod_Get:
        return route.get ? &route.get : nullptr;
      case OrthancPluginHttpMethod_Post:
        return route.post ? &route.post : nullptr;
      case OrthancPluginHttpMethod_Put:
        return route.put ? &route.put : nullptr;
      case OrthancPluginHttpMethod_Delete:
        return route.remove ? &route.remove : nullptr;
      default:
        return nullptr;
      }
    }

    std::string AllowedMethods(const RestRoute& route)
    {
      std::string allow;
      const std::pair<bool, const char*> methods[] = {{static_cast<bool>(route.get), "GET"},
                                                      {static_cast<bool>(route.post), "POST"},
                                                      {static_cast<bool>(route.put), "PUT"},
                                                      {static_cast<bool>(route.remove), "DELETE"}};
      for (const auto& method : methods)
      {
        if (method.first)
        {
          allow += (allow.empty() ? "" : ",") + std::string(method.second);
        }
      }
      return allow;
    }

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

    // Identifiers in the URI and its arguments: valid UTF-8, no NUL, no control character.
    void CheckUriText(const RestRequest& request)
    {
      for (const std::string& group : request.groups)
      {
        const std::string why = TextRules::Check(group);
        if (!why.empty())
        {
          throw ValidationError("URI", "The URI \"" + TextRules::Printable(group) + "\" " + why);
        }
      }
      for (const auto& argument : request.arguments)
      {
        const std::string why = TextRules::Check(argument.first + argument.second);
        if (!why.empty())
        {
          throw ValidationError(TextRules::Printable(argument.first),
                                "The argument \"" + TextRules::Printable(argument.first) + "\" " +
                                  why);
        }
      }
    }

    RestReply Handle(const RestHandler& handler, const RestRequest& request, const char* url)
    {
      try
      {
        CheckUriText(request);
        return handler(request);
      }
      catch (const ValidationError& e)
      {
        RestReply reply = ErrorReply(400, e.what(), "Field", e.GetField());
        reply.json["Errors"] = Json::Value(Json::arrayValue);
        for (const auto& [field, message] : e.GetAll())
        {
          Json::Value one(Json::objectValue);
          one["Field"] = field;
          one["Error"] = message;
          reply.json["Errors"].append(one);
        }
        return reply;
      }
      catch (const ConflictError& e)
      {
        RestReply reply = ErrorReply(409, e.what(), "Conflict", e.GetConflict());
        if (!e.GetField().empty())
        {
          reply.json["Field"] = e.GetField();
        }
        for (const auto& suggested : e.GetSuggestion())
        {
          reply.json["Suggestion"][suggested.first] = suggested.second;
        }
        return reply;
      }
      catch (const NotFoundError& e)
      {
        return ErrorReply(404, e.what());
      }
      catch (const ForbiddenError& e)
      {
        return ErrorReply(403, e.what());
      }
      catch (const UnavailableError& e)
      {
        Log::Error(request.method + " " + url + ": " + e.what());
        return ErrorReply(503, e.what());
      }
      catch (const std::exception& e)
      {
        Log::Error(request.method + " " + url + " failed: " + e.what());
        return ErrorReply(500, e.what());
      }
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

    Json::Value StateOf(const RestRoute& route, const RestRequest& request)
    {
      if (!route.state)
      {
        return Json::Value();
      }
      try
      {
        CheckUriText(request);
        return route.state(request);
      }
      catch (const std::exception&)
      {
        return Json::Value(); // nothing there (yet, or any more)
      }
    }

    OrthancPluginErrorCode Dispatch(const RestRoute& route, OrthancPluginRestOutput* output,
                                    const char* url, const OrthancPluginHttpRequest* request)
    {
      const RestHandler* handler = SelectHandler(route, request->method);
      if (handler == nullptr)
      {
        OrthancPluginSendMethodNotAllowed(Sdk::GetContext(), output, AllowedMethods(route).c_str());
        return OrthancPluginErrorCode_Success;
      }
      const RestRequest parsed = MakeRequest(request);
      const bool audited = route.audited && parsed.method != "GET";
      const Json::Value before = audited ? StateOf(route, parsed) : Json::Value();
      const RestReply reply = Handle(*handler, parsed, url);
      if (audited && reply.status < 300)
      {
        const Json::Value after =
          route.state ? StateOf(route, parsed) : (reply.status == 204 ? Json::Value() : reply.json);
        AuditTrail::Record(parsed, url, before, after);
      }
      Send(output, reply);
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
