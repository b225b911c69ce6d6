#pragma once

#include "Core/Scu/ScuSettings.h"

#include <memory>
#include <string>

class DcmTLSTransportLayer;

namespace XnatDqr
{
  // DCMTK's TLS layer for our associations, set up as Orthanc's SCU sets up its own: the
  // trusted certificates, Orthanc's key and certificate, the peer's certificate always
  // checked, and the BCP 195 profile unless DicomTlsMinimumProtocolVersion chooses the
  // protocols (and DicomTlsCiphersAccepted the ciphers). Throws DicomNetworkError naming the
  // setting or the file at fault: nothing is then sent, with or without TLS.
  std::unique_ptr<DcmTLSTransportLayer> MakeTlsLayer(const TlsSettings& tls,
                                                     const std::string& calledAet);
} // namespace XnatDqr
