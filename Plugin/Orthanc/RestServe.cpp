#include "Orthanc/RestServe.h"

#include "Core/Common/Errors.h"
#include "Core/Common/TextRules.h"

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

  RestReply RestReply::OrthancError(int errorCode, int status)
  {
    RestReply reply;
    reply.orthancError = errorCode;
    reply.status = status;
    return reply;
  }

  namespace
  {
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

    const RestHandler* SelectHandler(const RestRoute& route, const std::string& method)
    {
      const RestHandler* handler = method == "GET"      ? &route.get
                                   : method == "POST"   ? &route.post
                                   : method == "PUT"    ? &route.put
                                   : method == "DELETE" ? &route.remove
                                                        : nullptr;
      return handler != nullptr && *handler ? handler : nullptr;
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

    RestReply Handle(const RestHandler& handler, const RestRequest& request, const std::string& url,
                     std::string& errorLine)
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
        errorLine = request.method + " " + url + ": " + e.what();
        return ErrorReply(503, e.what());
      }
      catch (const std::exception& e)
      {
        errorLine = request.method + " " + url + " failed: " + e.what();
        return ErrorReply(500, e.what());
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

  } // namespace

  Served Serve(const RestRoute& route, const RestRequest& request, const std::string& url)
  {
    Served served;
    const RestHandler* handler = SelectHandler(route, request.method);
    if (handler == nullptr)
    {
      served.allow = AllowedMethods(route);
      served.reply.status = 405;
      return served;
    }
    const bool audited = route.audited && request.method != "GET";
    const Json::Value before = audited ? StateOf(route, request) : Json::Value();
    served.reply = Handle(*handler, request, url, served.errorLine);
    if (audited && served.reply.status < 300)
    {
      served.audited = true;
      served.before = before;
      served.after = route.state ? StateOf(route, request)
                                 : (served.reply.status == 204 ? Json::Value() : served.reply.json);
    }
    return served;
  }
} // namespace XnatDqr
