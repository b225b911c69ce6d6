#include "Rest/ReceiverRoutes.h"

#include "Rest/QueryArguments.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Common/TimeFormat.h"
#include "Orthanc/OrthancApi.h"
#include "Orthanc/RestRoute.h"
#include "Rest/ScheduleRoutes.h"
#include "Rest/Uris.h"

namespace XnatDqr
{
  namespace
  {
    RestReply List(ReceiverRegistry& registry, const RestRequest& request)
    {
      Json::Value answer(Json::arrayValue);
      const bool expand = request.HasArgument("expand");
      for (const Receiver& receiver : registry.List())
      {
        answer.append(expand ? receiver.ToJson() : Json::Value(receiver.id));
      }
      return RestReply::Json(answer);
    }

    RestReply Create(ReceiverRegistry& registry, const RestRequest& request)
    {
      const Receiver receiver =
        Receiver::FromJson(JsonText::Parse(request.body), "", "", ReceiverSource::Api);
      registry.Create(receiver);
      return RestReply::Json(registry.Get(receiver.id).ToJson(), 201);
    }

    RestReply Replace(ReceiverRegistry& registry, const RestRequest& request)
    {
      const std::string& id = QueryArguments::ReceiverId(request);
      const Receiver receiver =
        Receiver::FromJson(JsonText::Parse(request.body), "", id, ReceiverSource::Api);
      const bool created = registry.Save(receiver);
      return RestReply::Json(registry.Get(id).ToJson(), created ? 201 : 200);
    }

    RestReply Echo(Clock& clock, ReceiverRegistry& registry, EchoLog& echoes,
                   const RestRequest& request)
    {
      const Receiver receiver = registry.Get(QueryArguments::ReceiverId(request));
      Json::Value body(Json::objectValue);
      body["Timeout"] = receiver.timeout;
      const int64_t start = clock.SteadyMs();
      const RestAnswer answer =
        OrthancApi::Post("/modalities/" + receiver.id + "/echo", JsonText::Write(body));
      const int64_t elapsedMs = clock.SteadyMs() - start;

      Json::Value result(Json::objectValue);
      result["Success"] = answer.IsSuccess();
      if (answer.IsSuccess())
      {
        result["Milliseconds"] = static_cast<Json::Int64>(elapsedMs);
      }
      else
      {
        result["Error"] = "C-ECHO to " + receiver.aet + " at " + receiver.host + ":" +
                          std::to_string(receiver.port) + " failed: " + answer.body;
      }
      EchoLog::Echo echo;
      echo.timeMs = clock.NowMs();
      echo.success = answer.IsSuccess();
      echo.text = answer.IsSuccess() ? std::to_string(result["Milliseconds"].asInt64()) + " ms"
                                     : result["Error"].asString();
      echoes.Record(receiver.id, echo);
      return RestReply::Json(result);
    }
    RestReply Delete(ReceiverRegistry& registry, TransferControl& queue, const RestRequest& r)
    {
      const std::string& id = QueryArguments::ReceiverId(r);
      if (registry.Get(id).source == ReceiverSource::Configuration)
      {
        registry.Remove(id); // refuses it (403), before any Transfer is touched
      }
      const std::vector<int64_t> active = queue.ActiveFor(id);
      // Orthanc 1.10.1 hands plugins no GET arguments on DELETE: "X-Force: true" too.
      auto header = r.headers.find("x-force");
      const bool force =
        r.HasArgument("force") || (header != r.headers.end() && header->second == "true");
      if (!active.empty() && !force)
      {
        throw ConflictError(std::to_string(active.front()),
                            "Receiver \"" + id + "\" has " + std::to_string(active.size()) +
                              " Queued, Running or Paused Transfers; cancel them, or DELETE "
                              "with the header \"X-Force: true\" to cancel them and delete "
                              "the Receiver");
      }
      queue.CancelAllFor(id);
      registry.Remove(id);
      return RestReply::NoContent();
    }

    // "http://host:port" as the client reached Orthanc (a proxy's X-Forwarded-* first).
    std::string HttpBase(const RestRequest& request)
    {
      const auto header = [&request](const char* name)
      {
        const auto found = request.headers.find(name);
        return found == request.headers.end() ? std::string() : found->second;
      };
      const std::string proto = header("x-forwarded-proto");
      const std::string host =
        header("x-forwarded-host").empty() ? header("host") : header("x-forwarded-host");
      return (proto.empty() ? std::string("http") : proto) + "://" +
             (host.empty() ? std::string("localhost:8042") : host);
    }
  } // namespace

  void RegisterReceiverRoutes(Clock& clock, ReceiverRegistry& registry, SchedulePolicy& schedules,
                              TransferControl& queue, const PacsIdentity& pacs, EchoLog& echoes,
                              Glance& glance)
  {
    RestRoute glanceRoute;
    glanceRoute.get = [&clock, &glance](const RestRequest&)
    { return RestReply::Json(glance.Describe(clock.NowMs())); };
    RegisterRestRoute(URI_GLANCE, glanceRoute);

    RestRoute collection;
    collection.get = [&registry](const RestRequest& r) { return List(registry, r); };
    collection.post = [&registry](const RestRequest& r) { return Create(registry, r); };
    collection.audited = true; // a creation: the answer is the state after
    RegisterRestRoute(URI_RECEIVERS, collection);

    RestRoute item;
    item.get = [&registry](const RestRequest& r)
    { return RestReply::Json(registry.Get(QueryArguments::ReceiverId(r)).ToJson()); };
    item.put = [&registry](const RestRequest& r) { return Replace(registry, r); };
    item.remove = [&registry, &queue](const RestRequest& r) { return Delete(registry, queue, r); };
    item.audited = true;
    item.state = [&registry](const RestRequest& r)
    { return registry.Get(QueryArguments::ReceiverId(r)).ToJson(); };
    RegisterRestRoute(URI_RECEIVER, item);

    RestRoute echo;
    echo.post = [&clock, &registry, &echoes](const RestRequest& r)
    { return Echo(clock, registry, echoes, r); };
    RegisterRestRoute(URI_RECEIVER_ECHO, echo);

    RestRoute settings;
    settings.get = [&registry, &schedules, pacs](const RestRequest& r)
    {
      const Receiver receiver = registry.Get(QueryArguments::ReceiverId(r));
      PacsIdentity asked = pacs;
      asked.httpBase = HttpBase(r); // the DICOMweb root, on the host the page was asked on
      Json::Value answer = MakeXnatSettings(receiver, asked, registry.IsStrictAetComparison());
      answer["Availability"] = ScheduleToJson(receiver.schedule, true, schedules.Defaults());
      return RestReply::Json(answer);
    };
    RegisterRestRoute(URI_RECEIVER_XNAT_SETTINGS, settings);
  }
} // namespace XnatDqr
