#include "Core/Receivers/XnatSettings.h"

#include "Core/Receivers/HttpIdentities.h"
#include "Core/Receivers/ModalityEntries.h"

#include <json/writer.h>

namespace XnatDqr
{
  namespace
  {
    std::string Compact(const Json::Value& value)
    {
      Json::StreamWriterBuilder builder;
      builder["indentation"] = "";
      builder["emitUTF8"] = true;
      return Json::writeString(builder, value);
    }

    // For a POSIX shell: inside single quotes, a quote is written '\''.
    std::string ShellQuote(const std::string& text)
    {
      std::string quoted = "'";
      for (char c : text)
      {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
      }
      return quoted + "'";
    }

    // What the PACS's C-STOREs come from, for the SCP receiver's whitelist (AE@IP entries):
    // the Receiver's LocalAet, else the AE Title this XNAT is told to call the PACS by.
    Json::Value SendsFrom(const Receiver& receiver, const PacsIdentity& pacs,
                          const std::string& calledAet)
    {
      Json::Value sendsFrom(Json::objectValue);
      const std::string calling = receiver.localAet.empty() ? calledAet : receiver.localAet;
      sendsFrom["CallingAET"] = calling;
      sendsFrom["Host"] = pacs.host;
      sendsFrom["WhitelistEntry"] = calling + "@" + pacs.host;
      sendsFrom["UseDicomTls"] = receiver.useTls;
      return sendsFrom;
    }

    // The body of XNAT's POST /xapi/pacs for this PACS, as this XNAT must call it.
    Json::Value PacsBody(const Receiver& receiver, const PacsIdentity& pacs)
    {
      Json::Value body(Json::objectValue);
      // The PacsAET is how the plugin tells this XNAT from others that share its AE Titles.
      body["aeTitle"] = receiver.pacsAet.empty() ? pacs.aet : receiver.pacsAet;
      body["host"] = pacs.host;
      body["queryRetrievePort"] = pacs.port;
      body["label"] = pacs.label;
      body["queryable"] = receiver.queryable;
      body["storable"] = receiver.storable;
      body["defaultQueryRetrievePacs"] = false;
      body["defaultStoragePacs"] = false;
      body["ormStrategySpringBeanId"] = "dicomOrmStrategy";
      body["supportsExtendedNegotiations"] = false;
      return body;
    }

    // Who may query and retrieve as this XNAT: Orthanc admits the Receiver's entries' AE
    // Titles, and routing wants a listed caller when CallingAETs is set.
    Json::Value Callers(const Receiver& receiver)
    {
      Json::Value callers(Json::arrayValue);
      for (const std::string& caller : receiver.callingAets)
      {
        callers.append(caller);
      }
      if (receiver.callingAets.empty())
      {
        callers.append(receiver.aet);
      }
      return callers;
    }

    Json::Value Warnings(const Receiver& receiver, const PacsIdentity& pacs)
    {
      Json::Value warnings(Json::arrayValue);
      if (pacs.hostIsDefault)
      {
        warnings.append(
          "PublicHost is not set, so this is this machine's own name \"" + pacs.host +
          "\", which the XNAT may not reach: set \"PublicHost\" in the \"XnatDqr\" section to "
          "the host name or address the XNAT reaches this PACS by");
      }
      if (receiver.schedule && !receiver.schedule->Exceptions().empty())
      {
        warnings.append(
          "XNAT's availability format has no dates: this schedule's " +
          std::to_string(receiver.schedule->Exceptions().size()) +
          " exceptions are not in Availability. The PACS applies them all the same; on those "
          "dates a C-MOVE from this XNAT is queued or refused as its OutsideWindow says");
      }
      return warnings;
    }
  } // namespace

  namespace
  {
    Json::Value DicomWeb(const Receiver& receiver, const PacsIdentity& pacs)
    {
      Json::Value dicomWeb;
      dicomWeb["dicomWebEnabled"] = true;
      dicomWeb["dicomWebRootUrl"] = pacs.httpBase + ReceiverDicomWebRoot(receiver.id);
      dicomWeb["HttpUsers"] = Json::Value(Json::arrayValue);
      for (const std::string& user : receiver.httpUsers)
      {
        dicomWeb["HttpUsers"].append(user);
      }
      dicomWeb["HttpAddresses"] = Json::Value(Json::arrayValue);
      for (const std::string& address : receiver.httpAddresses)
      {
        dicomWeb["HttpAddresses"].append(address);
      }
      return dicomWeb;
    }
  } // namespace

  Json::Value MakeXnatSettings(const Receiver& receiver, const PacsIdentity& pacs,
                               bool strictAetComparison)
  {
    Json::Value settings(Json::objectValue);
    const Json::Value body = PacsBody(receiver, pacs);
    settings["Pacs"] = body;

    Json::Value& scp = settings["ScpReceiver"];
    scp["aeTitle"] = receiver.aet;
    scp["port"] = receiver.port;
    scp["identifier"] = "dqrObjectIdentifier";
    scp["customProcessing"] = true;
    scp["enabled"] = true;

    settings["SendsFrom"] = SendsFrom(receiver, pacs, body["aeTitle"].asString());

    Json::Value& modalities = settings["OrthancModality"];
    modalities = Json::Value(Json::objectValue);
    for (const auto& entry : ModalityEntriesFor(receiver, strictAetComparison))
    {
      modalities[entry.first] = entry.second;
    }
    settings["CallingAETs"] = Callers(receiver);
    settings["DicomWeb"] = DicomWeb(receiver, pacs);
    settings["Warnings"] = Warnings(receiver, pacs);
    settings["Curl"] = "curl -u admin:password -X POST -H 'Content-Type: application/json' -d " +
                       ShellQuote(Compact(body)) + " https://xnat.example.org/xapi/pacs";
    return settings;
  }
} // namespace XnatDqr
