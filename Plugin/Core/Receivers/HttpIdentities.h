#pragma once

#include "Core/Common/JsonFields.h"

#include <string>
#include <vector>

namespace XnatDqr
{
  struct Receiver;

  // Where a Receiver's DICOMweb root lives in Orthanc's REST API: "/xnat-dqr/dicom-web/{id}".
  std::string ReceiverDicomWebRoot(const std::string& receiverId);

  // The HTTP identities an XNAT pulls over DICOMweb with, named on its Receiver so that they
  // can be held to the Receiver's DICOMweb root: HttpUsers (Orthanc's RegisteredUsers) and
  // HttpAddresses (IP addresses or CIDR ranges).
  namespace HttpIdentities
  {
    // A list of IP addresses or CIDR ranges under key, canonical and without duplicates; a
    // ValidationError names the key, the entry and the rule.
    std::vector<std::string> ReadRanges(const JsonFields& fields, const std::string& key);
    // HttpUsers: 1 to 64 characters, no ':' (Basic authentication's separator), no control
    // character, each once.
    std::vector<std::string> ReadUsers(const JsonFields& fields, const std::string& key);

    // How the request's identity is bound to the Receiver ("HTTP user \"alice\"", "address
    // 10.0.0.7 (in HttpAddresses 10.0.0.0/24)"), or "" when it is not. user may be "".
    std::string Binding(const Receiver& receiver, const std::string& user,
                        const std::string& address);

    // An identity both Receivers name ("HttpUsers \"alice\"", "HttpAddresses 10.0.0.0/24 and
    // 10.0.0.7"), or "": a request must be bound to one Receiver at most.
    std::string Shared(const Receiver& a, const Receiver& b);
  } // namespace HttpIdentities
} // namespace XnatDqr
