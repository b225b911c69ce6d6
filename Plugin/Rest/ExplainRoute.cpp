#include "Rest/ExplainRoute.h"

#include "Core/Common/Errors.h"
#include "Core/Common/TimeFormat.h"
#include "Core/Network/AeTitle.h"
#include "Core/Network/IpRange.h"
#include "Core/Routing/Admission.h"
#include "Core/Routing/MoveRouter.h"
#include "Orthanc/RestRoute.h"
#include "Rest/Uris.h"

namespace XnatDqr
{
  namespace
  {
    std::string AeTitleArgument(const RestRequest& request, const std::string& name)
    {
      if (!request.HasArgument(name))
      {
        throw ValidationError(name, name + " is required: the " + name +
                                      (name == "called" ? " AE Title (the PACS as the XNAT "
                                                          "names it)"
                                                        : " AE Title"));
      }
      const std::string aet = request.GetArgument(name, "");
      const std::string why = AeTitle::Check(aet);
      if (!why.empty())
      {
        throw ValidationError(name, name + " " + why);
      }
      return aet;
    }

    // address=: the caller's IP address, optional; "" when not given.
    std::string AddressArgument(const RestRequest& request)
    {
      const std::string address = request.GetArgument("address", "");
      std::string problem;
      if (!address.empty() &&
          (address.find('/') != std::string::npos || !IpRange::Parse(address, problem)))
      {
        throw ValidationError("address", "address \"" + address +
                                           "\" must be one IPv4 or IPv6 address, the caller's");
      }
      return address;
    }

    Json::Value CandidatesJson(const MoveRoute& route)
    {
      Json::Value candidates(Json::arrayValue);
      for (const RouteCandidate& candidate : route.candidates)
      {
        Json::Value json(Json::objectValue);
        json["Receiver"] = candidate.receiverId;
        json["Kept"] = candidate.kept;
        json["Reason"] = candidate.reason;
        candidates.append(json);
      }
      return candidates;
    }

    Json::Value ScheduleJson(const EffectiveState& state)
    {
      Json::Value json(Json::objectValue);
      json["Open"] = state.open;
      json["ReceiverOpen"] = state.receiverOpen;
      json["GlobalOpen"] = state.globalOpen;
      json["Window"] = state.open ? state.window.ToJson() : Json::Value();
      json["NextChange"] =
        state.nextChange ? Json::Value(TimeFormat::ToLocalIso(*state.nextChange)) : Json::Value();
      return json;
    }

    void SetAction(Json::Value& answer, const std::string& action, const std::string& reason)
    {
      answer["Action"] = action;
      answer["ActionReason"] = reason;
    }

    Json::Value Explain(ReceiverRegistry& registry, SchedulePolicy& schedules, Throttles& throttles,
                        uint32_t moveWaitSeconds, const MoveKey& key, int64_t now)
    {
      const MoveRoute route = RouteMove(registry, key, now);
      Json::Value answer(Json::objectValue);
      answer["Called"] = key.called;
      answer["Calling"] = key.caller;
      answer["Destination"] = key.destination;
      answer["Address"] = key.callingAddress.empty() ? Json::Value() : key.callingAddress;
      answer["Candidates"] = CandidatesJson(route);
      answer["Receiver"] = route.receiverId.empty() ? Json::Value() : route.receiverId;
      answer["Modality"] = route.modalityName.empty() ? Json::Value() : route.modalityName;
      if (route.refused)
      {
        answer["Outcome"] = "Refused";
        answer["Reason"] = route.reason;
        SetAction(answer, "Refuse", "C-MOVE refused: " + route.reason);
        return answer;
      }
      Json::Value target(Json::objectValue);
      target["AET"] = route.destination.aet;
      target["Host"] = route.destination.host;
      target["Port"] = route.destination.port;
      // What the C-STOREs will look like to the destination (and to XNAT's whitelist).
      target["CallingAET"] = ScuSettings::CallingAet(route.destination, DefaultLocalAet(route, key),
                                                     registry.GetAetSettings().localAet);
      target["UseDicomTls"] = route.destination.useTls;
      answer["Target"] = target;
      if (route.receiverId.empty())
      {
        answer["Outcome"] = "Modality";
        SetAction(answer, "Send",
                  "Orthanc's modality \"" + route.modalityName +
                    "\": sent at once, no schedule applies");
        return answer;
      }
      answer["Outcome"] = "Receiver";
      const Receiver receiver = registry.Get(route.receiverId);
      const EffectiveState state = schedules.StateFor(receiver, now);
      Threads& threads = throttles.GetThreads();
      const Admission admission = Admit(state, receiver.outsideWindow, threads.Running(receiver.id),
                                        threads.Total(), moveWaitSeconds);
      answer["Schedule"] = ScheduleJson(state);
      SetAction(answer, ToString(admission.action), admission.reason);
      if (admission.action == AdmissionAction::Wait)
      {
        answer["AfterWait"] = ToString(admission.afterWait);
      }
      return answer;
    }
  } // namespace

  void RegisterExplainRoute(Clock& clock, ReceiverRegistry& registry, SchedulePolicy& schedules,
                            Throttles& throttles, uint32_t moveWaitSeconds)
  {
    RestRoute route;
    route.get =
      [&clock, &registry, &schedules, &throttles, moveWaitSeconds](const RestRequest& request)
    {
      const MoveKey key{AeTitleArgument(request, "called"), AeTitleArgument(request, "calling"),
                        AeTitleArgument(request, "destination"), AddressArgument(request)};
      return RestReply::Json(
        Explain(registry, schedules, throttles, moveWaitSeconds, key, clock.NowMs()));
    };
    RegisterRestRoute(URI_ROUTE, route);
  }
} // namespace XnatDqr
