#include "Core/Routing/MoveRouter.h"

#include "Core/Network/AeTitle.h"

namespace XnatDqr
{
  namespace
  {
    MoveRoute Refuse(MoveRoute route, const std::string& reason)
    {
      route.refused = true;
      route.reason = reason;
      return route;
    }

    bool Lists(const Receiver& receiver, const std::string& caller, bool strict)
    {
      for (const std::string& allowed : receiver.callingAets)
      {
        if (AeTitle::Equal(allowed, caller, strict))
        {
          return true;
        }
      }
      return false;
    }

    bool CalledBy(const Receiver& receiver, const std::string& called, bool strict)
    {
      return !receiver.pacsAet.empty() && AeTitle::Equal(receiver.pacsAet, called, strict);
    }

    MoveRoute ToReceiver(MoveRoute route, const Receiver& receiver)
    {
      if (!receiver.enabled)
      {
        return Refuse(std::move(route), "Receiver \"" + receiver.id + "\" is disabled");
      }
      if (!receiver.queryable)
      {
        return Refuse(std::move(route), "Receiver \"" + receiver.id + "\" is not Queryable");
      }
      route.destination = receiver.Destination();
      route.receiverId = receiver.id;
      return route;
    }

    // Step 1: the called AE Title against each candidate's PacsAET.
    void ByPacsAet(const std::vector<const Receiver*>& candidates, const MoveKey& key, bool strict,
                   std::vector<RouteCandidate>& verdicts)
    {
      bool anyCalled = false;
      for (const Receiver* candidate : candidates)
      {
        anyCalled = anyCalled || CalledBy(*candidate, key.called, strict);
      }
      for (const Receiver* candidate : candidates)
      {
        RouteCandidate verdict;
        verdict.receiverId = candidate->id;
        if (CalledBy(*candidate, key.called, strict))
        {
          verdict.kept = true;
          verdict.reason = "its PacsAET is the called AE Title";
        }
        else if (!candidate->pacsAet.empty())
        {
          verdict.reason = "its PacsAET \"" + candidate->pacsAet + "\" is not the called AE Title";
        }
        else if (anyCalled)
        {
          verdict.reason = "it has no PacsAET, and another Receiver's PacsAET is the called AE "
                           "Title";
        }
        else
        {
          verdict.kept = true;
          verdict.reason = "it has no PacsAET";
        }
        verdicts.push_back(verdict);
      }
    }

    size_t CountKept(const std::vector<RouteCandidate>& verdicts)
    {
      size_t kept = 0;
      for (const RouteCandidate& verdict : verdicts)
      {
        kept += verdict.kept ? 1 : 0;
      }
      return kept;
    }

    // Step 2: the caller against CallingAETs, among those step 1 kept.
    void ByCaller(const std::vector<const Receiver*>& candidates, const MoveKey& key, bool strict,
                  std::vector<RouteCandidate>& verdicts)
    {
      const size_t left = CountKept(verdicts);
      for (size_t i = 0; i < candidates.size(); i++)
      {
        RouteCandidate& verdict = verdicts[i];
        const Receiver& candidate = *candidates[i];
        if (!verdict.kept)
        {
          continue;
        }
        if (Lists(candidate, key.caller, strict))
        {
          verdict.reason += "; its CallingAETs list the caller";
        }
        else if (left == 1 && candidate.callingAets.empty())
        {
          verdict.reason += "; it takes any caller";
        }
        else if (candidate.callingAets.empty() && !key.callingAddress.empty() &&
                 !candidate.callingAddresses.empty())
        {
          verdict.reason += "; it lists no CallingAETs, its CallingAddresses decide";
        }
        else
        {
          verdict.kept = false;
          verdict.reason += candidate.callingAets.empty()
                              ? "; it lists no CallingAETs, so it cannot be told apart"
                              : "; its CallingAETs do not list the caller";
        }
      }
    }

    // Step 3: the caller's address against CallingAddresses, among those step 2 kept.
    void ByAddress(const std::vector<const Receiver*>& candidates, const MoveKey& key,
                   std::vector<RouteCandidate>& verdicts)
    {
      bool anyHolds = false;
      for (size_t i = 0; i < candidates.size(); i++)
      {
        anyHolds =
          anyHolds || (verdicts[i].kept && candidates[i]->ListsAddress(key.callingAddress));
      }
      for (size_t i = 0; i < candidates.size(); i++)
      {
        RouteCandidate& verdict = verdicts[i];
        const Receiver& candidate = *candidates[i];
        if (!verdict.kept)
        {
          continue;
        }
        if (candidate.callingAddresses.empty())
        {
          if (anyHolds)
          {
            verdict.kept = false;
            verdict.reason += "; it has no CallingAddresses, and another Receiver's hold the "
                              "caller's address";
          }
        }
        else if (key.callingAddress.empty())
        {
          // Orthanc before 1.12.10: the rules between Receivers never let addresses alone
          // tell two apart there, so this one was chosen by its AE Titles.
          verdict.reason += "; its CallingAddresses cannot be checked: Orthanc did not give "
                            "the caller's address";
        }
        else if (candidate.ListsAddress(key.callingAddress))
        {
          verdict.reason +=
            "; its CallingAddresses hold the caller's address " + key.callingAddress;
        }
        else
        {
          verdict.kept = false;
          verdict.reason +=
            "; its CallingAddresses do not hold the caller's address " + key.callingAddress;
        }
      }
    }

    // Nobody is left: say at which step, in the words the log and the Transfer use.
    std::string WhyNone(const std::vector<RouteCandidate>& afterPacsAet)
    {
      std::vector<std::string> left;
      for (const RouteCandidate& verdict : afterPacsAet)
      {
        if (verdict.kept)
        {
          left.push_back(verdict.receiverId);
        }
      }
      if (left.empty())
      {
        return "no Receiver with this AE Title has the called AE Title as PacsAET";
      }
      if (left.size() == 1)
      {
        return "caller is not in the CallingAETs of Receiver \"" + left[0] + "\"";
      }
      return std::to_string(left.size()) +
             " Receivers use this AE Title and none lists the caller in CallingAETs";
    }
  } // namespace

  MoveRoute RouteMove(const MoveKey& key, const std::vector<Receiver>& receivers,
                      const std::vector<KnownModality>& modalities, bool strictAetComparison)
  {
    std::vector<const Receiver*> candidates;
    for (const Receiver& receiver : receivers)
    {
      if (AeTitle::Equal(receiver.aet, key.destination, strictAetComparison))
      {
        candidates.push_back(&receiver);
      }
    }
    MoveRoute route;
    if (candidates.empty())
    {
      for (const KnownModality& modality : modalities)
      {
        if (AeTitle::Equal(modality.destination.aet, key.destination, strictAetComparison))
        {
          route.destination = modality.destination;
          route.modalityName = modality.name;
          return route;
        }
      }
      return Refuse(std::move(route),
                    "unknown destination: no Receiver and no Orthanc modality has this AE Title");
    }

    ByPacsAet(candidates, key, strictAetComparison, route.candidates);
    const std::vector<RouteCandidate> afterPacsAet = route.candidates;
    ByCaller(candidates, key, strictAetComparison, route.candidates);
    const std::vector<RouteCandidate> afterCaller = route.candidates;
    ByAddress(candidates, key, route.candidates);
    std::vector<const Receiver*> kept;
    for (size_t i = 0; i < candidates.size(); i++)
    {
      if (route.candidates[i].kept)
      {
        kept.push_back(candidates[i]);
      }
    }
    if (kept.empty())
    {
      return Refuse(std::move(route), CountKept(afterCaller) > 0
                                        ? "the caller's address is in the CallingAddresses of "
                                          "no Receiver left by its AE Titles"
                                        : WhyNone(afterPacsAet));
    }
    if (kept.size() > 1)
    {
      return Refuse(std::move(route), "ambiguous destination: Receivers \"" + kept[0]->id +
                                        "\" and \"" + kept[1]->id + "\" both match");
    }
    return ToReceiver(std::move(route), *kept[0]);
  }

  MoveRoute RouteMove(ReceiverRegistry& registry, const MoveKey& key, int64_t nowMs)
  {
    const auto receivers = registry.Snapshot();
    const bool strict = registry.IsStrictAetComparison();
    if (!registry.IsFallbackToModalities())
    {
      MoveRoute route = RouteMove(key, *receivers, {}, strict);
      if (route.refused && route.candidates.empty())
      {
        route.reason = "unknown destination: no Receiver has this AE Title, and only Receivers "
                       "are reachable through C-MOVE (XnatDqr.FallbackToModalities is false)";
      }
      return route;
    }
    MoveRoute route = RouteMove(key, *receivers, registry.ForeignModalities(nowMs), strict);
    if (route.refused && route.candidates.empty())
    {
      route = RouteMove(key, *receivers, registry.ForeignModalities(nowMs, true), strict);
    }
    return route;
  }

  std::string DefaultLocalAet(const MoveRoute& route, const MoveKey& key)
  {
    return route.receiverId.empty() ? "" : key.called;
  }

  std::string KeyText(const MoveKey& key)
  {
    return "called " + key.called + ", caller " + key.caller + ", destination " + key.destination +
           (key.callingAddress.empty() ? "" : ", from " + key.callingAddress);
  }
} // namespace XnatDqr
