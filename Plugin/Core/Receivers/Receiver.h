#pragma once

#include "Core/Schedules/Schedule.h"
#include "Core/Scu/ScuSettings.h"

#include <cstdint>
#include <json/value.h>
#include <optional>
#include <string>
#include <vector>

namespace XnatDqr
{
  enum class ReceiverSource
  {
    Configuration, // from "XnatDqr.Receivers"; read-only through REST
    Api            // created through REST
  };

  enum class OutsideWindow
  {
    Queue, // answer the C-MOVE at once, send when the window opens
    Refuse // fail the C-MOVE so that XNAT retries later
  };

  // An XNAT DICOM SCP receiver that Orthanc sends to.
  struct Receiver
  {
    std::string id;
    std::string label;
    std::string aet;
    std::string host;
    uint16_t port = 0;
    std::string pacsAet;                  // the AE Title this XNAT calls the PACS by; "": any
    std::vector<std::string> callingAets; // empty: any caller
    // IP addresses or CIDR ranges its XNAT calls from, canonical ("10.0.0.0/24"); empty: any.
    // Checked only where Orthanc gives the caller's address (1.12.10 and later).
    std::vector<std::string> callingAddresses;
    // The HTTP identities its XNAT pulls over DICOMweb with (HttpIdentities): held to the
    // Receiver's DICOMweb root. Orthanc RegisteredUsers, and IP addresses or CIDR ranges.
    std::vector<std::string> httpUsers;
    std::vector<std::string> httpAddresses;
    bool queryable = true;
    bool storable = false;
    bool enabled = true;
    uint32_t timeout = 10; // seconds, for Orthanc's associations to the receiver
    std::string localAet;  // the calling AE Title of its C-STOREs; "": the C-MOVE's called AET
    bool useTls = false;   // DICOM TLS, with Orthanc's DicomTls* settings
    uint32_t weight = 1;   // its share of the PACS-wide Threads and MaxMBps (1-100)
    OutsideWindow outsideWindow = OutsideWindow::Queue;
    std::optional<Schedule> schedule; // none: always open, with the configuration's defaults
    ReceiverSource source = ReceiverSource::Api;

    // Validates one Receiver object; field names in errors are prefixed with path ("" for
    // REST bodies). idFromContext is the Id of the URI or of the configuration key (may be
    // empty for POST); a body "Id" must then match it.
    static Receiver FromJson(const Json::Value& json, const std::string& path,
                             const std::string& idFromContext, ReceiverSource source);

    Json::Value ToJson() const;
    StoreDestination Destination() const; // where its C-STOREs go, and how
    // Whether address (the caller's IP address) is in CallingAddresses; false when it is empty.
    bool ListsAddress(const std::string& address) const;
  };

  // "" when valid: [a-z0-9-]{1,48}.
  std::string CheckReceiverId(const std::string& id);

  const char* ToString(ReceiverSource source);
  const char* ToString(OutsideWindow policy);
} // namespace XnatDqr
