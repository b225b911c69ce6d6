#include "Core/Observability/Refusals.h"

#include "Core/Common/TimeFormat.h"
#include "Core/Network/AeTitle.h"
#include "Core/Routing/MoveRouter.h"

#include <algorithm>

namespace XnatDqr
{
  namespace
  {
    RefusalAdvice Register(const RefusalGroup& group)
    {
      RefusalAdvice advice;
      advice.action = "Register";
      advice.fields["AET"] = group.destination;
      advice.fields["PacsAET"] = group.called;
      advice.fields["CallingAETs"] = Json::Value(Json::arrayValue);
      if (group.calling != group.destination)
      {
        advice.fields["CallingAETs"].append(group.calling);
      }
      advice.suggestion = "No Receiver receives as " + group.destination +
                          ": register a Receiver with AET " + group.destination + ", PacsAET " +
                          group.called + ", and the host and port of the XNAT's DICOM receiver";
      return advice;
    }

    RefusalAdvice Edit(const Receiver& receiver, const std::string& field, Json::Value value,
                       std::string suggestion)
    {
      RefusalAdvice advice;
      advice.action = "Edit";
      advice.receiverId = receiver.id;
      advice.fields[field] = std::move(value);
      advice.suggestion = std::move(suggestion);
      return advice;
    }

    Json::Value WithOne(const std::vector<std::string>& list, const std::string& added)
    {
      Json::Value values(Json::arrayValue);
      for (const std::string& value : list)
      {
        values.append(value);
      }
      values.append(added);
      return values;
    }

    // The Receiver the caller most likely meant, among those receiving as the destination: the
    // one whose PacsAET is the called AE Title, else the only one without a PacsAET.
    const Receiver* Meant(const std::vector<const Receiver*>& candidates, const RefusalGroup& group,
                          bool strict)
    {
      for (const Receiver* candidate : candidates)
      {
        if (!candidate->pacsAet.empty() && AeTitle::Equal(candidate->pacsAet, group.called, strict))
        {
          return candidate;
        }
      }
      const auto without = std::count_if(candidates.begin(), candidates.end(),
                                         [](const Receiver* r) { return r->pacsAet.empty(); });
      if (without == 1)
      {
        return *std::find_if(candidates.begin(), candidates.end(),
                             [](const Receiver* r) { return r->pacsAet.empty(); });
      }
      return nullptr;
    }

    bool ListsCaller(const Receiver& receiver, const std::string& caller, bool strict)
    {
      return std::any_of(receiver.callingAets.begin(), receiver.callingAets.end(),
                         [&](const std::string& aet)
                         { return AeTitle::Equal(aet, caller, strict); });
    }

    // The one thing to change on the Receiver the caller meant.
    RefusalAdvice AdviseOn(const Receiver& meant, const RefusalGroup& group, bool strict,
                           const std::string& reason)
    {
      if (!meant.pacsAet.empty() && !AeTitle::Equal(meant.pacsAet, group.called, strict))
      {
        return Edit(meant, "PacsAET", group.called,
                    group.calling + " calls the PACS by " + group.called +
                      ", which no Receiver has; set it as PacsAET on " + meant.id);
      }
      if (!meant.callingAets.empty() && !ListsCaller(meant, group.calling, strict))
      {
        return Edit(meant, "CallingAETs", WithOne(meant.callingAets, group.calling),
                    group.calling + " is not in the CallingAETs of " + meant.id + "; add it");
      }
      if (!group.address.empty() && !meant.callingAddresses.empty() &&
          !meant.ListsAddress(group.address))
      {
        return Edit(meant, "CallingAddresses", WithOne(meant.callingAddresses, group.address),
                    "the caller's address " + group.address +
                      " is not in the CallingAddresses of " + meant.id + "; add it");
      }
      if (!meant.enabled)
      {
        return Edit(meant, "Enabled", true, meant.id + " is disabled; enable it");
      }
      if (!meant.queryable)
      {
        return Edit(meant, "Queryable", true, meant.id + " is not Queryable; make it so");
      }
      RefusalAdvice advice;
      advice.suggestion = reason;
      return advice;
    }
  } // namespace

  RefusalAdvice Advise(const RefusalGroup& group, const std::vector<Receiver>& receivers,
                       bool strictAetComparison)
  {
    const MoveKey key{group.called, group.calling, group.destination, group.address};
    const MoveRoute now = RouteMove(key, receivers, {}, strictAetComparison);
    if (!now.refused)
    {
      RefusalAdvice advice;
      advice.action = "Resolved";
      advice.receiverId = now.receiverId;
      advice.suggestion = "Resolved since: such a C-MOVE now goes to Receiver " + now.receiverId;
      return advice;
    }
    std::vector<const Receiver*> candidates;
    for (const Receiver& receiver : receivers)
    {
      if (AeTitle::Equal(receiver.aet, group.destination, strictAetComparison))
      {
        candidates.push_back(&receiver);
      }
    }
    if (candidates.empty())
    {
      return Register(group);
    }
    const Receiver* meant = Meant(candidates, group, strictAetComparison);
    if (meant == nullptr && candidates.size() == 1)
    {
      meant = candidates[0];
    }
    if (meant == nullptr)
    {
      RefusalAdvice advice = Register(group);
      advice.suggestion = std::to_string(candidates.size()) + " Receivers receive as " +
                          group.destination + " and none has PacsAET " + group.called +
                          ": give it to the one this XNAT is, or register it";
      return advice;
    }
    return AdviseOn(*meant, group, strictAetComparison, now.reason);
  }

  Json::Value DescribeRefusals(const std::vector<RefusalGroup>& groups,
                               const std::vector<Receiver>& receivers, bool strictAetComparison,
                               int64_t sinceMs)
  {
    Json::Value answer(Json::objectValue);
    answer["Since"] = TimeFormat::ToLocalIso(sinceMs);
    Json::Value list(Json::arrayValue);
    for (const RefusalGroup& group : groups)
    {
      const RefusalAdvice advice = Advise(group, receivers, strictAetComparison);
      Json::Value item(Json::objectValue);
      item["Called"] = group.called;
      item["Calling"] = group.calling;
      item["Destination"] = group.destination;
      item["Address"] = group.address.empty() ? Json::Value() : Json::Value(group.address);
      item["Count"] = static_cast<Json::UInt64>(group.count);
      item["First"] = TimeFormat::ToLocalIso(group.firstMs);
      item["Last"] = TimeFormat::ToLocalIso(group.lastMs);
      item["Reason"] = group.reason;
      item["Suggestion"] = advice.suggestion;
      item["Action"] = advice.action.empty() ? Json::Value() : Json::Value(advice.action);
      item["Receiver"] = advice.receiverId.empty() ? Json::Value() : Json::Value(advice.receiverId);
      item["Fields"] = advice.fields.isNull() ? Json::Value(Json::objectValue) : advice.fields;
      list.append(item);
    }
    answer["Refusals"] = list;
    return answer;
  }
} // namespace XnatDqr
