#include "Core/Receivers/ModalityEntries.h"

#include "Core/Network/AeTitle.h"

namespace XnatDqr
{
  namespace
  {
    Json::Value Entry(const Receiver& receiver, const std::string& aet)
    {
      Json::Value entry(Json::objectValue);
      entry["AET"] = aet;
      entry["Host"] = receiver.host;
      entry["Port"] = receiver.port;
      entry["Timeout"] = receiver.timeout;
      entry["AllowEcho"] = true;
      entry["AllowFind"] = receiver.queryable && receiver.enabled;
      entry["AllowMove"] = receiver.queryable && receiver.enabled;
      entry["AllowStore"] = receiver.storable && receiver.enabled;
      entry["AllowGet"] = false;
      return entry;
    }
  } // namespace

  std::map<std::string, Json::Value> ModalityEntriesFor(const Receiver& receiver,
                                                        bool strictAetComparison)
  {
    std::map<std::string, Json::Value> entries;
    Json::Value& own = entries[receiver.id] = Entry(receiver, receiver.aet);
    // So that Orthanc's own SCU (the echo, Orthanc Explorer's tools) reaches it as we do; only
    // when set, so that the entries of a Receiver without them are written as before.
    if (receiver.useTls)
    {
      own["UseDicomTls"] = true;
    }
    if (!receiver.localAet.empty())
    {
      own["LocalAet"] = receiver.localAet;
    }
    size_t n = 0;
    for (const std::string& caller : receiver.callingAets)
    {
      if (!AeTitle::Equal(caller, receiver.aet, strictAetComparison))
      {
        entries[receiver.id + "_caller-" + std::to_string(++n)] = Entry(receiver, caller);
      }
    }
    return entries;
  }

  bool ModalityEntryMatches(const Json::Value& current, const Json::Value& wanted)
  {
    if (!current.isObject())
    {
      return false;
    }
    for (const std::string& key : wanted.getMemberNames())
    {
      if (!current.isMember(key) || current[key] != wanted[key])
      {
        return false;
      }
    }
    return true;
  }
} // namespace XnatDqr
