#include "Core/MoveRouter.h"

#include "Core/AeTitle.h"

namespace XnatDqr
{
  namespace
  {
    MoveRoute Refuse(const std::string& reason)
    {
      MoveRoute route;
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

    MoveRoute Destination(const std::string& aet, const std::string& host, uint16_t port,
                          uint32_t timeout)
    {
      MoveRoute route;
      route.aet = aet;
      route.host = host;
      route.port = port;
      route.timeout = timeout;
      return route;
    }

    MoveRoute ToReceiver(const Receiver& receiver)
    {
      if (!receiver.enabled)
      {
        return Refuse("Receiver \"" + receiver.id + "\" is disabled");
      }
      if (!receiver.queryable)
      {
        return Refuse("Receiver \"" + receiver.id + "\" is not Queryable");
      }
      MoveRoute route = Destination(receiver.aet, receiver.host, receiver.port, receiver.timeout);
      route.receiverId = receiver.id;
      return route;
    }

    MoveRoute AmongReceivers(const std::vector<const Receiver*>& candidates,
                             const std::string& caller, bool strict)
    {
      if (candidates.size() == 1)
      {
        const Receiver& only = *candidates[0];
        if (!only.callingAets.empty() && !Lists(only, caller, strict))
        {
          return Refuse("caller is not in the CallingAETs of Receiver \"" + only.id + "\"");
        }
        return ToReceiver(only);
      }
      std::vector<const Receiver*> listing;
      for (const Receiver* candidate : candidates)
      {
        if (Lists(*candidate, caller, strict))
        {
          listing.push_back(candidate);
        }
      }
      if (listing.empty())
      {
        return Refuse(std::to_string(candidates.size()) +
                      " Receivers use this AE Title and none lists the caller in CallingAETs");
      }
      if (listing.size() > 1)
      {
        return Refuse("ambiguous destination: Receivers \"" + listing[0]->id + "\" and \"" +
                      listing[1]->id + "\" both list the caller");
      }
      return ToReceiver(*listing[0]);
    }
  } // namespace

  MoveRoute RouteMove(const std::string& destinationAet, const std::string& callerAet,
                      const std::vector<Receiver>& receivers,
                      const std::vector<KnownModality>& modalities, bool strictAetComparison)
  {
    std::vector<const Receiver*> candidates;
    for (const Receiver& receiver : receivers)
    {
      if (AeTitle::Equal(receiver.aet, destinationAet, strictAetComparison))
      {
        candidates.push_back(&receiver);
      }
    }
    if (!candidates.empty())
    {
      return AmongReceivers(candidates, callerAet, strictAetComparison);
    }
    for (const KnownModality& modality : modalities)
    {
      if (AeTitle::Equal(modality.aet, destinationAet, strictAetComparison))
      {
        MoveRoute route = Destination(modality.aet, modality.host, modality.port, modality.timeout);
        route.modalityName = modality.name;
        return route;
      }
    }
    return Refuse("unknown destination: no Receiver and no Orthanc modality has this AE Title");
  }
} // namespace XnatDqr
