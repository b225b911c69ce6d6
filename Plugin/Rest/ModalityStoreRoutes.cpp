#include "Rest/ModalityStoreRoutes.h"

#include "Core/Network/AeTitle.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonFields.h"
#include "Core/Common/JsonText.h"
#include "Core/Common/TextRules.h"
#include "Core/Common/TimeFormat.h"
#include "Core/Transfers/ResourceSend.h"

#include <optional>

namespace XnatDqr
{
  namespace
  {
    const char* const URI_MODALITY_STORE = "/modalities/([^/]+)/store";
    const char* const URI_MODALITY_STORE_STRAIGHT = "/modalities/([^/]+)/store-straight";
    const char* const CALLER_SUFFIX = "_caller-"; // ModalityEntries' names for CallingAETs

    // The Receiver whose DicomModalities entry this is, if any.
    std::optional<Receiver> ReceiverOf(ReceiverRegistry& registry, const std::string& name)
    {
      const std::string id = name.substr(0, name.find(CALLER_SUFFIX));
      for (const Receiver& receiver : *registry.Snapshot())
      {
        if (receiver.id == id)
        {
          return receiver;
        }
      }
      return std::nullopt;
    }

    // Orthanc's forms of the body: one id as plain text, a JSON string, a JSON array of ids, or
    // {"Resources": [...], ...} with Orthanc's options. Those options that a queued Transfer
    // cannot honour are accepted and have no effect (docs/REST.md says which).
    ResourceSend ParseStoreBody(const std::string& body)
    {
      ResourceSend send;
      Json::Value json;
      if (!JsonText::TryParse(body, json))
      {
        std::string id = body;
        while (!id.empty() && (id.back() == '\n' || id.back() == '\r' || id.back() == ' '))
        {
          id.pop_back();
        }
        const std::string problem = TextRules::Check(id);
        if (id.empty() || !problem.empty())
        {
          throw ValidationError("Resources", "The body must be an Orthanc id, a JSON list of "
                                             "ids, or {\"Resources\": [...]}");
        }
        send.resources = {id};
        return send;
      }
      if (json.isString() || json.isArray())
      {
        Json::Value wrapper(Json::objectValue);
        wrapper["Resources"] = json.isString() ? Json::Value(Json::arrayValue).append(json) : json;
        json = wrapper;
      }
      if (!json.isObject())
      {
        throw ValidationError("Resources", "The body must be an Orthanc id, a JSON list of "
                                           "ids, or {\"Resources\": [...]}");
      }
      JsonFields fields(json, "");
      fields.RefuseUnknown({"Resources", "Synchronous", "Asynchronous", "Priority", "Permissive",
                            "LocalAet", "Timeout", "MoveOriginatorAet", "MoveOriginatorID",
                            "StorageCommitment"});
      send.resources = fields.GetStringList("Resources");
      if (send.resources.empty() || send.resources.size() > 10000)
      {
        throw ValidationError("Resources", "Resources must list 1 to 10000 Orthanc ids");
      }
      send.priority = fields.GetInteger("Priority", -1000000, 1000000, 0);
      if (fields.Has("LocalAet"))
      {
        send.localAet = fields.GetString("LocalAet");
        const std::string why = AeTitle::Check(send.localAet);
        if (!why.empty())
        {
          throw ValidationError("LocalAet", "LocalAet " + why);
        }
      }
      return send;
    }

    // Shaped like Orthanc's answer to an asynchronous send, so that Orthanc Explorer follows
    // it ("explorer.html#job?uuid=<ID>"; our extension takes that to the Transfer).
    RestReply Queued(const Transfer& transfer)
    {
      Json::Value answer(Json::objectValue);
      answer["ID"] = "xnat-dqr-transfer-" + std::to_string(transfer.id);
      answer["Path"] = "/xnat-dqr/transfers/" + std::to_string(transfer.id);
      answer["Transfer"] = transfer.ToJson();
      return RestReply::Json(answer);
    }
  } // namespace

  void RegisterModalityStoreRoutes(Clock& clock, ReceiverRegistry& registry, TransferStore& store,
                                   TransferControl& queue, InstanceSource& instances,
                                   OrthancStoreRoutes orthanc)
  {
    RestRoute storeRoute;
    storeRoute.post =
      [&clock, &registry, &store, &queue, &instances, orthanc](const RestRequest& request)
    {
      const std::string& name = request.groups.at(0);
      const std::optional<Receiver> receiver = ReceiverOf(registry, name);
      if (!receiver)
      {
        return orthanc.builtIn("/modalities/" + name + "/store", request.body);
      }
      ResourceSend send = ParseStoreBody(request.body);
      send.localAetWins = orthanc.bodyLocalAetWins;
      send.via = "/modalities/" + name + "/store";
      return Queued(QueueResourceSend(*receiver, send, clock.NowMs(), instances, store, queue));
    };
    storeRoute.audited = true;
    RegisterRestRoute(URI_MODALITY_STORE, storeRoute);

    RestRoute straight;
    straight.post =
      [&clock, &registry, &store, &queue, &instances, orthanc](const RestRequest& request)
    {
      const std::string& name = request.groups.at(0);
      const std::optional<Receiver> receiver = ReceiverOf(registry, name);
      if (!receiver)
      {
        return orthanc.builtIn("/modalities/" + name + "/store-straight", request.body);
      }
      // The queue sends what Orthanc holds: the file is stored first, then queued.
      ResourceSend send;
      send.resources = {orthanc.storeInstance(request.body)};
      send.via = "/modalities/" + name + "/store-straight";
      return Queued(QueueResourceSend(*receiver, send, clock.NowMs(), instances, store, queue));
    };
    straight.audited = true;
    RegisterRestRoute(URI_MODALITY_STORE_STRAIGHT, straight);
  }
} // namespace XnatDqr
