#include "Core/Scu/ScuSettings.h"

#include "Core/Common/OrthancSettings.h"

namespace XnatDqr
{
  namespace
  {
    std::string Path(const Json::Value& configuration, const char* key,
                     const std::string& configurationPath, bool isFolder)
    {
      const Json::Value& value = configuration[key];
      return value.isString() ? ResolvePath(value.asString(), configurationPath, isFolder) : "";
    }
  } // namespace

  std::string TlsSettings::Missing() const
  {
    std::string missing;
    const std::pair<const char*, const std::string*> settings[] = {
      {"DicomTlsCertificate", &certificate},
      {"DicomTlsPrivateKey", &privateKey},
      {"DicomTlsTrustedCertificates", &trustedCertificates}};
    for (const auto& setting : settings)
    {
      if (setting.second->empty())
      {
        missing += (missing.empty() ? "" : ", ") + std::string(setting.first);
      }
    }
    return missing;
  }

  bool StoreEndpoint::operator==(const StoreEndpoint& other) const
  {
    return localAet == other.localAet && calledAet == other.calledAet && host == other.host &&
           port == other.port && timeout == other.timeout && useTls == other.useTls &&
           syntax.transcode == other.syntax.transcode && syntax.preferred == other.syntax.preferred;
  }

  StoreDestination StoreDestination::FromModality(const Json::Value& definition)
  {
    StoreDestination destination;
    destination.aet = definition["AET"].asString();
    destination.host = definition["Host"].asString();
    destination.port = static_cast<uint16_t>(definition["Port"].asUInt());
    destination.localAet =
      definition["LocalAet"].isString() ? definition["LocalAet"].asString() : "";
    destination.timeout = definition["Timeout"].isUInt() ? definition["Timeout"].asUInt() : 0;
    destination.allowTranscoding =
      !definition["AllowTranscoding"].isBool() || definition["AllowTranscoding"].asBool();
    destination.useTls = definition["UseDicomTls"].isBool() && definition["UseDicomTls"].asBool();
    return destination;
  }

  ScuSettings ScuSettings::Parse(const Json::Value& configuration,
                                 const std::string& configurationPath, bool isFolder,
                                 bool tlsProtocolSettings)
  {
    ScuSettings settings;
    if (!configuration.isObject())
    {
      return settings;
    }
    if (configuration["DicomAet"].isString())
    {
      settings.dicomAet = configuration["DicomAet"].asString();
    }
    if (configuration["DicomScuTimeout"].isUInt())
    {
      settings.timeout = configuration["DicomScuTimeout"].asUInt();
    }
    if (configuration["TranscodeDicomProtocol"].isBool())
    {
      settings.transcode = configuration["TranscodeDicomProtocol"].asBool();
    }
    if (configuration["DicomScuPreferredTransferSyntax"].isString())
    {
      settings.preferredSyntax = configuration["DicomScuPreferredTransferSyntax"].asString();
    }
    TlsSettings& tls = settings.tls;
    tls.certificate = Path(configuration, "DicomTlsCertificate", configurationPath, isFolder);
    tls.privateKey = Path(configuration, "DicomTlsPrivateKey", configurationPath, isFolder);
    tls.trustedCertificates =
      Path(configuration, "DicomTlsTrustedCertificates", configurationPath, isFolder);
    if (configuration["DicomTlsRemoteCertificateRequired"].isBool())
    {
      tls.remoteCertificateRequired = configuration["DicomTlsRemoteCertificateRequired"].asBool();
    }
    if (!tlsProtocolSettings)
    {
      return settings;
    }
    if (configuration["DicomTlsMinimumProtocolVersion"].isUInt())
    {
      tls.minimumProtocolVersion = configuration["DicomTlsMinimumProtocolVersion"].asUInt();
    }
    if (configuration["DicomTlsCiphersAccepted"].isArray())
    {
      for (const Json::Value& cipher : configuration["DicomTlsCiphersAccepted"])
      {
        if (cipher.isString())
        {
          tls.ciphersAccepted.push_back(cipher.asString());
        }
      }
    }
    return settings;
  }

  std::string ScuSettings::CallingAet(const StoreDestination& destination,
                                      const std::string& defaultLocalAet,
                                      const std::string& dicomAet)
  {
    return !destination.localAet.empty() ? destination.localAet
           : !defaultLocalAet.empty()    ? defaultLocalAet
                                         : dicomAet;
  }

  StoreEndpoint ScuSettings::EndpointFor(const StoreDestination& destination,
                                         const std::string& defaultLocalAet) const
  {
    StoreEndpoint endpoint;
    endpoint.localAet = CallingAet(destination, defaultLocalAet, dicomAet);
    endpoint.calledAet = destination.aet;
    endpoint.host = destination.host;
    endpoint.port = destination.port;
    endpoint.timeout = destination.timeout != 0 ? destination.timeout : timeout;
    endpoint.useTls = destination.useTls;
    if (endpoint.useTls)
    {
      endpoint.tls = tls;
    }
    endpoint.syntax.transcode = transcode && destination.allowTranscoding;
    endpoint.syntax.preferred = preferredSyntax;
    return endpoint;
  }
} // namespace XnatDqr
