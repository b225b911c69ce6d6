#include "Rest/TransferRoutes.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonFields.h"
#include "Core/Common/JsonText.h"
#include "Core/Common/TimeFormat.h"
#include "Core/Receivers/Receiver.h"
#include "Core/Transfers/ResourceSend.h"
#include "Orthanc/RestRoute.h"
#include "Rest/QueryArguments.h"
#include "Rest/Uris.h"

namespace XnatDqr
{
  namespace
  {
    TransferFilter ParseFilter(const RestRequest& request)
    {
      TransferFilter filter;
      if (request.HasArgument("limit"))
      {
        filter.limit = QueryArguments::Limit(request);
      }
      if (request.HasArgument("since"))
      {
        filter.sinceMs = QueryArguments::Since(request);
      }
      if (request.HasArgument("receiver"))
      {
        filter.receiverId = request.GetArgument("receiver", "");
        if (!CheckReceiverId(filter.receiverId).empty())
        {
          throw ValidationError("receiver", "receiver must be a Receiver Id");
        }
      }
      if (request.HasArgument("state"))
      {
        filter.state = ParseTransferState(request.GetArgument("state", ""));
        if (!filter.state)
        {
          throw ValidationError("state", "state must be one of Queued, Running, Paused, "
                                         "Succeeded, Failed, Canceled");
        }
      }
      return filter;
    }

    // POST /xnat-dqr/transfers: a Transfer of Orthanc resources to a Receiver, Queued.
    Transfer Enqueue(TransferStore& store, TransferControl& queue, ReceiverRegistry& registry,
                     InstanceSource& instances, const RestRequest& request, int64_t now)
    {
      const Json::Value body = JsonText::Parse(request.body);
      JsonFields fields(body, "");
      fields.RefuseUnknown({"Receiver", "Resources", "Priority"});
      const std::string receiverId = fields.GetString("Receiver");
      if (!CheckReceiverId(receiverId).empty())
      {
        throw ValidationError("Receiver", "Receiver must be a Receiver Id");
      }
      Receiver receiver;
      try
      {
        receiver = registry.Get(receiverId);
      }
      catch (const NotFoundError&)
      {
        throw ValidationError("Receiver", "Receiver: there is no Receiver \"" + receiverId + "\"");
      }
      const std::vector<std::string> resources = fields.GetStringList("Resources");
      if (resources.empty() || resources.size() > 10000)
      {
        throw ValidationError("Resources", "Resources must list 1 to 10000 Orthanc ids");
      }
      ResourceSend send;
      send.resources = resources;
      send.priority = fields.GetInteger("Priority", -1000000, 1000000, 0);
      return QueueResourceSend(receiver, send, now, instances, store, queue);
    }

    // A bare integer, or {"Priority": n}.
    int64_t ParsePriority(const std::string& body)
    {
      Json::Value json = JsonText::Parse("[" + body + "]");
      if (json.size() == 1 && json[0].isObject())
      {
        JsonFields fields(json[0], "");
        fields.RefuseUnknown({"Priority"});
        return fields.GetInteger("Priority", -1000000, 1000000);
      }
      Json::Value wrapper(Json::objectValue);
      wrapper["Priority"] = json.size() == 1 ? json[0] : Json::Value();
      return JsonFields(wrapper, "").GetInteger("Priority", -1000000, 1000000);
    }

    int64_t ParseId(const std::string& text)
    {
      if (text.empty() || text.size() > 18 ||
          text.find_first_not_of("0123456789") != std::string::npos)
      {
        throw ValidationError("Id", "A Transfer Id is a positive integer, not \"" + text + "\"");
      }
      return std::stoll(text);
    }

    Transfer Find(TransferStore& store, const RestRequest& request)
    {
      const int64_t id = ParseId(request.groups.at(0));
      const std::optional<Transfer> transfer = store.FindTransfer(id);
      if (!transfer)
      {
        throw NotFoundError("There is no Transfer " + std::to_string(id));
      }
      return *transfer;
    }

    // POST /xnat-dqr/transfers/{id}/pause|resume|cancel|retry
    Transfer Act(TransferControl& queue, const RestRequest& request)
    {
      const int64_t id = ParseId(request.groups.at(0));
      const std::string& verb = request.groups.at(1);
      return verb == "pause"    ? queue.Pause(id)
             : verb == "resume" ? queue.Resume(id)
             : verb == "cancel" ? queue.Cancel(id)
                                : queue.Retry(id);
    }
  } // namespace

  void RegisterTransferRoutes(Clock& clock, TransferStore& store, TransferControl& queue,
                              ReceiverRegistry& registry, InstanceSource& instances,
                              TransferView& view)
  {
    RestRoute collection;
    collection.get = [&clock, &store, &view](const RestRequest& request)
    {
      return RestReply::Json(
        view.Describe(store.ListTransfers(ParseFilter(request)), clock.NowMs()));
    };
    collection.post =
      [&clock, &store, &queue, &registry, &instances, &view](const RestRequest& request)
    {
      const Transfer created = Enqueue(store, queue, registry, instances, request, clock.NowMs());
      return RestReply::Json(view.Describe(created, clock.NowMs()), 201);
    };
    collection.audited = true; // a creation: the answer is the state after
    RegisterRestRoute(URI_TRANSFERS, collection);

    RestRoute item;
    item.get = [&clock, &store, &view](const RestRequest& request)
    { return RestReply::Json(view.Describe(Find(store, request), clock.NowMs())); };
    RegisterRestRoute(URI_TRANSFER, item);

    RestRoute action;
    action.post = [&queue](const RestRequest& request)
    { return RestReply::Json(Act(queue, request).ToJson()); };
    const auto state = [&store](const RestRequest& request)
    {
      const std::optional<Transfer> found = store.FindTransfer(ParseId(request.groups.at(0)));
      return found ? found->ToJson() : Json::Value();
    };
    action.audited = true;
    action.state = state;
    RegisterRestRoute(URI_TRANSFER_ACTION, action);

    RestRoute priority;
    priority.put = [&queue](const RestRequest& request)
    {
      const int64_t id = ParseId(request.groups.at(0));
      return RestReply::Json(queue.SetPriority(id, ParsePriority(request.body)).ToJson());
    };
    priority.audited = true;
    priority.state = state;
    RegisterRestRoute(URI_TRANSFER_PRIORITY, priority);
  }
} // namespace XnatDqr
