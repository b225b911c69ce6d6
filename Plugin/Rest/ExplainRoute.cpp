#include "Rest/ExplainRoute.h"

#include "Core/Common/Errors.h"
#include "Core/Common/TimeFormat.h"
#include "Core/DicomWeb/HttpGuard.h"
#include "Core/DicomWeb/RetrieveAdmission.h"
#include "Core/Network/AeTitle.h"
#include "Core/Network/IpRange.h"
#include "Core/Receivers/HttpIdentities.h"
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

    // An optional argument holding one IP address (address=, http-address=); "" when not
    // given. whose: what the message adds after "must be one IPv4 or IPv6 address".
    std::string AddressArgument(const RestRequest& request, const std::string& name,
                                const std::string& whose)
    {
      const std::string address = request.GetArgument(name, "");
      std::string problem;
      if (!address.empty() &&
          (address.find('/') != std::string::npos || !IpRange::Parse(address, problem)))
      {
        throw ValidationError(name, name + " \"" + address + "\" must be one IPv4 or IPv6 address" +
                                      whose);
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

    // What a WADO-RS retrieve under the Receiver's root gets now (its size unknown here).
    Json::Value DicomWebJson(const Receiver& receiver, SchedulePolicy& schedules,
                             const EffectiveState& state, Threads& threads,
                             uint32_t moveWaitSeconds, int64_t now)
    {
      const RetrieveVerdict verdict =
        AdmitRetrieve(state, threads.Running(receiver.id), threads.Total(), moveWaitSeconds, 0, now,
                      [&](int64_t at) { return schedules.StateFor(receiver, at); });
      static const char* const ACTIONS[] = {"Send", "Wait", "Unavailable"};
      Json::Value json(Json::objectValue);
      json["Root"] = ReceiverDicomWebRoot(receiver.id) + "/";
      json["Action"] = ACTIONS[static_cast<int>(verdict.action)];
      json["Reason"] = verdict.reason;
      json["RetryAfterSeconds"] =
        verdict.retryAfterSeconds
          ? Json::Value(static_cast<Json::Int64>(*verdict.retryAfterSeconds))
          : Json::Value();
      json["OutsideWindow"] = receiver.outsideWindow == OutsideWindow::Queue
                                ? Json::Value(DICOMWEB_CANNOT_QUEUE)
                                : Json::Value();
      return json;
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
      answer["DicomWeb"] = DicomWebJson(receiver, schedules, state, threads, moveWaitSeconds, now);
      return answer;
    }

    Json::Value ExplainHttp(ReceiverRegistry& registry, const RestRequest& request,
                            const std::string& dicomWebRoot, bool guard)
    {
      const std::string user = request.GetArgument("user", "");
      const std::string address = AddressArgument(request, "http-address", "");
      const std::string uri = request.GetArgument("uri", dicomWebRoot);
      const GuardVerdict verdict =
        GuardHttp(*registry.Snapshot(), user, address, uri, dicomWebRoot);
      Json::Value answer(Json::objectValue);
      answer["User"] = user;
      answer["HttpAddress"] = address;
      answer["Uri"] = uri;
      answer["Receiver"] = verdict.receiverId.empty() ? Json::Value() : verdict.receiverId;
      answer["Binding"] = verdict.binding.empty() ? Json::Value() : verdict.binding;
      answer["Root"] = verdict.ownRoot.empty() ? Json::Value() : verdict.ownRoot;
      answer["Refused"] = guard && verdict.refuse;
      answer["Reason"] = !verdict.refuse ? Json::Value()
                         : guard         ? Json::Value(verdict.reason)
                                 : Json::Value("GuardHttpIdentities is false: " + verdict.reason);
      return answer;
    }
  } // namespace

  void RegisterExplainRoute(Clock& clock, ReceiverRegistry& registry, SchedulePolicy& schedules,
                            Throttles& throttles, uint32_t moveWaitSeconds,
                            const std::string& dicomWebRoot, bool guardHttpIdentities)
  {
    RestRoute route;
    route.get = [&clock, &registry, &schedules, &throttles, moveWaitSeconds, dicomWebRoot,
                 guardHttpIdentities](const RestRequest& request)
    {
      if (!request.HasArgument("called") &&
          (request.HasArgument("user") || request.HasArgument("http-address")))
      {
        return RestReply::Json(ExplainHttp(registry, request, dicomWebRoot, guardHttpIdentities));
      }
      const MoveKey key{AeTitleArgument(request, "called"), AeTitleArgument(request, "calling"),
                        AeTitleArgument(request, "destination"),
                        AddressArgument(request, "address", ", the caller's")};
      return RestReply::Json(
        Explain(registry, schedules, throttles, moveWaitSeconds, key, clock.NowMs()));
    };
    RegisterRestRoute(URI_ROUTE, route);
  }
} // namespace XnatDqr
