#pragma once

#include "Core/Scu/StoreSyntax.h"

#include <cstdint>
#include <json/value.h>
#include <string>
#include <vector>

namespace XnatDqr
{
  // Orthanc's DicomTls* settings, paths resolved from the configuration's folder.
  struct TlsSettings
  {
    std::string certificate;                  // DicomTlsCertificate
    std::string privateKey;                   // DicomTlsPrivateKey
    std::string trustedCertificates;          // DicomTlsTrustedCertificates
    bool remoteCertificateRequired = true;    // DicomTlsRemoteCertificateRequired
    unsigned minimumProtocolVersion = 0;      // DicomTlsMinimumProtocolVersion (1.12.4), 0: BCP 195
    std::vector<std::string> ciphersAccepted; // DicomTlsCiphersAccepted (1.12.4)

    // "DicomTlsCertificate, DicomTlsPrivateKey": the settings a TLS association lacks; "" if none.
    std::string Missing() const;
  };

  // Where one C-STORE association goes and how, resolved as Orthanc's SCU resolves it.
  struct StoreEndpoint
  {
    std::string localAet;  // the calling AE Title
    std::string calledAet; // the destination's AE Title
    std::string host;
    uint16_t port = 0;
    uint32_t timeout = 10; // seconds: connection, ACSE and each DIMSE exchange; 0: none
    bool useTls = false;
    TlsSettings tls; // when useTls
    SyntaxPolicy syntax;

    bool operator==(const StoreEndpoint& other) const;
  };

  // One destination's own settings: a DicomModalities entry, or a Receiver.
  struct StoreDestination
  {
    std::string aet;
    std::string host;
    uint16_t port = 0;
    std::string localAet; // "": the default calling AE Title
    uint32_t timeout = 0; // 0: DicomScuTimeout
    bool allowTranscoding = true;
    bool useTls = false;

    // From an entry of Orthanc's GET /modalities?expand.
    static StoreDestination FromModality(const Json::Value& definition);
  };

  // The parts of Orthanc's configuration that its own C-STORE SCU reads, with its defaults.
  struct ScuSettings
  {
    std::string dicomAet = "ORTHANC";
    uint32_t timeout = 10;                                      // DicomScuTimeout
    bool transcode = true;                                      // TranscodeDicomProtocol
    std::string preferredSyntax = StoreSyntax::EXPLICIT_LITTLE; // DicomScuPreferredTransferSyntax
    TlsSettings tls;

    // tlsProtocolSettings: the running Orthanc reads DicomTlsMinimumProtocolVersion and
    // DicomTlsCiphersAccepted (1.12.4 and later); an older one ignores them, and so do we.
    static ScuSettings Parse(const Json::Value& orthancConfiguration,
                             const std::string& configurationPath, bool configurationIsFolder,
                             bool tlsProtocolSettings = true);

    // The destination's LocalAet wins over defaultLocalAet, which wins over DicomAet.
    StoreEndpoint EndpointFor(const StoreDestination& destination,
                              const std::string& defaultLocalAet = "") const;
    static std::string CallingAet(const StoreDestination& destination,
                                  const std::string& defaultLocalAet, const std::string& dicomAet);
  };
} // namespace XnatDqr
