#include "Core/Receivers/Receiver.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonFields.h"
#include "Core/Network/AeTitle.h"
#include "Core/Network/Host.h"
#include "Core/Network/IpRange.h"
#include "Core/Receivers/HttpIdentities.h"

#include <algorithm>

namespace XnatDqr
{
  namespace
  {
    const char* const KEY_ID = "Id";
    const char* const KEY_LABEL = "Label";
    const char* const KEY_AET = "AET";
    const char* const KEY_HOST = "Host";
    const char* const KEY_PORT = "Port";
    const char* const KEY_PACS_AET = "PacsAET";
    const char* const KEY_CALLING_AETS = "CallingAETs";
    const char* const KEY_CALLING_ADDRESSES = "CallingAddresses";
    const char* const KEY_HTTP_USERS = "HttpUsers";
    const char* const KEY_HTTP_ADDRESSES = "HttpAddresses";
    const char* const KEY_QUERYABLE = "Queryable";
    const char* const KEY_STORABLE = "Storable";
    const char* const KEY_ENABLED = "Enabled";
    const char* const KEY_TIMEOUT = "Timeout";
    const char* const KEY_WEIGHT = "Weight";
    const char* const KEY_OUTSIDE_WINDOW = "OutsideWindow";
    const char* const KEY_SCHEDULE = "Schedule";
    const char* const KEY_SOURCE = "Source";
    const char* const KEY_LOCAL_AET = "LocalAet";
    const char* const KEY_USE_DICOM_TLS = "UseDicomTls";
    const size_t MAX_LABEL = 64;

    void Require(bool condition, const JsonFields& fields, const std::string& key,
                 const std::string& rule)
    {
      if (!condition)
      {
        throw ValidationError(fields.PathOf(key), fields.PathOf(key) + " " + rule);
      }
    }

    std::string ReadId(const JsonFields& fields, const std::string& idFromContext)
    {
      const std::string id = fields.Has(KEY_ID) ? fields.GetString(KEY_ID) : idFromContext;
      Require(!id.empty(), fields, KEY_ID, "is required");
      Require(idFromContext.empty() || id == idFromContext, fields, KEY_ID,
              "\"" + id + "\" differs from the Id of the URI (\"" + idFromContext + "\")");
      const std::string why = CheckReceiverId(id);
      Require(why.empty(), fields, KEY_ID, why);
      return id;
    }

    std::string ReadLabel(const JsonFields& fields, const std::string& id)
    {
      const std::string label = fields.GetString(KEY_LABEL, id);
      Require(!label.empty() && label.size() <= MAX_LABEL, fields, KEY_LABEL,
              "must have 1 to " + std::to_string(MAX_LABEL) + " characters");
      for (unsigned char c : label)
      {
        Require(c >= 0x20 && c != 0x7f, fields, KEY_LABEL, "must not contain control characters");
      }
      return label;
    }

    std::vector<std::string> ReadCallingAets(const JsonFields& fields)
    {
      const std::vector<std::string> callers = fields.GetStringList(KEY_CALLING_AETS);
      for (size_t i = 0; i < callers.size(); i++)
      {
        const std::string why = AeTitle::Check(callers[i]);
        Require(why.empty(), fields, KEY_CALLING_AETS,
                "entry \"" + callers[i] + "\" is not an AE Title: it " + why);
        for (size_t j = 0; j < i; j++)
        {
          Require(!AeTitle::Equal(callers[i], callers[j], false), fields, KEY_CALLING_AETS,
                  "lists \"" + callers[i] + "\" twice");
        }
      }
      return callers;
    }

    // An optional AE Title (PacsAET, LocalAet); null or absent means none.
    std::string ReadOptionalAet(const JsonFields& fields, const char* key)
    {
      if (!fields.Has(key) || fields.Get(key).isNull())
      {
        return "";
      }
      const std::string aet = fields.GetString(key);
      const std::string why = AeTitle::Check(aet);
      Require(why.empty(), fields, key, why);
      return aet;
    }

    OutsideWindow ReadOutsideWindow(const JsonFields& fields)
    {
      const std::string value = fields.GetString(KEY_OUTSIDE_WINDOW, "Queue");
      Require(value == "Queue" || value == "Refuse", fields, KEY_OUTSIDE_WINDOW,
              "must be \"Queue\" or \"Refuse\"");
      return value == "Queue" ? OutsideWindow::Queue : OutsideWindow::Refuse;
    }
  } // namespace

  std::string CheckReceiverId(const std::string& id)
  {
    if (id.empty() || id.size() > 48)
    {
      return "must have 1 to 48 characters";
    }
    for (char c : id)
    {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      {
        return "must use only lowercase letters, digits and '-' (a slug such as \"xnat-prod\")";
      }
    }
    return "";
  }

  namespace
  {
    void CheckKeys(JsonFields& fields, ReceiverSource source, ValidationProblems& problems)
    {
      problems.Check(
        [&]
        {
          fields.RefuseUnknown({KEY_ID,
                                KEY_LABEL,
                                KEY_AET,
                                KEY_HOST,
                                KEY_PORT,
                                KEY_PACS_AET,
                                KEY_CALLING_AETS,
                                KEY_QUERYABLE,
                                KEY_STORABLE,
                                KEY_ENABLED,
                                KEY_TIMEOUT,
                                KEY_WEIGHT,
                                KEY_OUTSIDE_WINDOW,
                                KEY_SCHEDULE,
                                KEY_SOURCE,
                                KEY_LOCAL_AET,
                                KEY_USE_DICOM_TLS,
                                KEY_CALLING_ADDRESSES,
                                KEY_HTTP_USERS,
                                KEY_HTTP_ADDRESSES});
        });
      // Source is the plugin's to say; accepted only as echoed back from a GET.
      problems.Check(
        [&]
        {
          if (fields.Has(KEY_SOURCE))
          {
            Require(fields.GetString(KEY_SOURCE) == ToString(source), fields, KEY_SOURCE,
                    std::string("is set by the plugin; here it can only be \"") + ToString(source) +
                      "\"");
          }
        });
    }

    // Who the Receiver is and how it is reached.
    void ReadAddress(JsonFields& fields, Receiver& receiver, ValidationProblems& problems)
    {
      problems.Check(
        [&]
        {
          receiver.aet = fields.GetString(KEY_AET);
          const std::string aetProblem = AeTitle::Check(receiver.aet);
          Require(aetProblem.empty(), fields, KEY_AET, aetProblem);
        });
      problems.Check(
        [&]
        {
          receiver.host = fields.GetString(KEY_HOST);
          const std::string hostProblem = Host::Check(receiver.host);
          Require(hostProblem.empty(), fields, KEY_HOST, hostProblem);
        });
      problems.Check(
        [&] { receiver.port = static_cast<uint16_t>(fields.GetInteger(KEY_PORT, 1, 65535)); });
      problems.Check([&] { receiver.pacsAet = ReadOptionalAet(fields, KEY_PACS_AET); });
      problems.Check([&] { receiver.localAet = ReadOptionalAet(fields, KEY_LOCAL_AET); });
      problems.Check([&] { receiver.useTls = fields.GetBool(KEY_USE_DICOM_TLS, false); });
      problems.Check([&] { receiver.callingAets = ReadCallingAets(fields); });
      problems.Check(
        [&]
        { receiver.callingAddresses = HttpIdentities::ReadRanges(fields, KEY_CALLING_ADDRESSES); });
      problems.Check([&]
                     { receiver.httpUsers = HttpIdentities::ReadUsers(fields, KEY_HTTP_USERS); });
      problems.Check(
        [&] { receiver.httpAddresses = HttpIdentities::ReadRanges(fields, KEY_HTTP_ADDRESSES); });
    }

    // What it may do, and when.
    void ReadBehaviour(JsonFields& fields, Receiver& receiver, ValidationProblems& problems)
    {
      problems.Check([&]
                     { receiver.queryable = fields.GetBool(KEY_QUERYABLE, receiver.queryable); });
      problems.Check([&] { receiver.storable = fields.GetBool(KEY_STORABLE, receiver.storable); });
      problems.Check([&] { receiver.enabled = fields.GetBool(KEY_ENABLED, receiver.enabled); });
      problems.Check(
        [&]
        { receiver.timeout = static_cast<uint32_t>(fields.GetInteger(KEY_TIMEOUT, 1, 3600, 10)); });
      problems.Check(
        [&] { receiver.weight = static_cast<uint32_t>(fields.GetInteger(KEY_WEIGHT, 1, 100, 1)); });
      problems.Check([&] { receiver.outsideWindow = ReadOutsideWindow(fields); });
      problems.Check(
        [&]
        {
          if (fields.Has(KEY_SCHEDULE))
          {
            receiver.schedule =
              Schedule::FromJson(fields.Get(KEY_SCHEDULE), fields.PathOf(KEY_SCHEDULE));
          }
        });
    }
  } // namespace

  Receiver Receiver::FromJson(const Json::Value& json, const std::string& path,
                              const std::string& idFromContext, ReceiverSource source)
  {
    JsonFields fields(json, path);
    // Every field is checked, so that a form can show all its errors at once.
    ValidationProblems problems;
    CheckKeys(fields, source, problems);
    Receiver receiver;
    receiver.source = source;
    problems.Check([&] { receiver.id = ReadId(fields, idFromContext); });
    problems.Check([&] { receiver.label = ReadLabel(fields, receiver.id); });
    ReadAddress(fields, receiver, problems);
    ReadBehaviour(fields, receiver, problems);
    problems.Throw();
    return receiver;
  }

  StoreDestination Receiver::Destination() const
  {
    StoreDestination destination;
    destination.aet = aet;
    destination.host = host;
    destination.port = port;
    destination.localAet = localAet;
    destination.timeout = timeout;
    destination.useTls = useTls;
    return destination;
  }

  namespace
  {
    Json::Value List(const std::vector<std::string>& values)
    {
      Json::Value list(Json::arrayValue);
      for (const std::string& value : values)
      {
        list.append(value);
      }
      return list;
    }
  } // namespace

  Json::Value Receiver::ToJson() const
  {
    Json::Value json(Json::objectValue);
    json[KEY_ID] = id;
    json[KEY_LABEL] = label;
    json[KEY_AET] = aet;
    json[KEY_HOST] = host;
    json[KEY_PORT] = port;
    json[KEY_PACS_AET] = pacsAet.empty() ? Json::Value() : Json::Value(pacsAet);
    json[KEY_CALLING_AETS] = Json::Value(Json::arrayValue);
    for (const std::string& caller : callingAets)
    {
      json[KEY_CALLING_AETS].append(caller);
    }
    json[KEY_CALLING_ADDRESSES] = Json::Value(Json::arrayValue);
    for (const std::string& range : callingAddresses)
    {
      json[KEY_CALLING_ADDRESSES].append(range);
    }
    json[KEY_HTTP_USERS] = List(httpUsers);
    json[KEY_HTTP_ADDRESSES] = List(httpAddresses);
    json[KEY_QUERYABLE] = queryable;
    json[KEY_STORABLE] = storable;
    json[KEY_ENABLED] = enabled;
    json[KEY_TIMEOUT] = timeout;
    json[KEY_LOCAL_AET] = localAet.empty() ? Json::Value() : Json::Value(localAet);
    json[KEY_USE_DICOM_TLS] = useTls;
    json[KEY_WEIGHT] = weight;
    json[KEY_OUTSIDE_WINDOW] = ToString(outsideWindow);
    json[KEY_SCHEDULE] = schedule ? schedule->ToJson() : Json::Value();
    json[KEY_SOURCE] = ToString(source);
    return json;
  }

  bool Receiver::ListsAddress(const std::string& address) const
  {
    for (const std::string& text : callingAddresses)
    {
      std::string problem;
      const std::optional<IpRange> range = IpRange::Parse(text, problem);
      if (range && range->Contains(address))
      {
        return true;
      }
    }
    return false;
  }

  const char* ToString(ReceiverSource source)
  {
    return source == ReceiverSource::Configuration ? "Configuration" : "Api";
  }

  const char* ToString(OutsideWindow policy)
  {
    return policy == OutsideWindow::Queue ? "Queue" : "Refuse";
  }
} // namespace XnatDqr
