#pragma once

#include "Core/Receivers/Receiver.h"

#include <cstdint>
#include <json/value.h>
#include <string>

namespace XnatDqr
{
  // How XNAT reaches this Orthanc.
  struct PacsIdentity
  {
    std::string aet;            // Orthanc's DicomAet
    std::string host;           // XnatDqr.PublicHost, never with a scheme
    uint16_t port = 0;          // Orthanc's DicomPort
    std::string label;          // Orthanc's Name
    bool hostIsDefault = false; // PublicHost not set: host is this machine's own name
    std::string httpBase;       // "http://pacs:8042", as the request came; "" unknown
  };

  // What the XNAT administrator enters so that nobody types AE Titles by hand:
  // "Pacs" (the body of XNAT's POST /xapi/pacs), "ScpReceiver", "SendsFrom" (the calling AE
  // Title and host of the PACS's C-STOREs, for the SCP receiver's whitelist), "OrthancModality"
  // (the DicomModalities entries the plugin maintains), "DicomWeb" (the PACS entry's
  // dicomWebEnabled and dicomWebRootUrl, for a pull over DICOMweb, and the HTTP identities
  // bound to the Receiver) and "Curl" (a ready command).
  Json::Value MakeXnatSettings(const Receiver& receiver, const PacsIdentity& pacs,
                               bool strictAetComparison);
} // namespace XnatDqr
