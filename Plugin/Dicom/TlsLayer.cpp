#include "Dicom/TlsLayer.h"

#include "Dicom/StoreAssociation.h"

#include <dcmtk/config/osconfig.h>

#include <dcmtk/dcmtls/tlslayer.h>

#include <openssl/ssl.h>

#include <fstream>

namespace XnatDqr
{
  namespace
  {
    bool Readable(const std::string& path)
    {
      return std::ifstream(path).good();
    }

    // Orthanc's DicomTlsMinimumProtocolVersion: 1 SSL 3, 2 TLS 1.0, 3 TLS 1.1, 4 TLS 1.2, 5
    // TLS 1.3.
    void RestrictProtocols(SSL_CTX* context, unsigned minimum)
    {
      SSL_CTX_clear_options(context, SSL_OP_NO_SSL_MASK);
      const unsigned long below[] = {
        0, 0, SSL_OP_NO_SSLv3, SSL_OP_NO_TLSv1, SSL_OP_NO_TLSv1_1, SSL_OP_NO_TLSv1_2};
      for (unsigned version = 2; version <= minimum && version <= 5; version++)
      {
        SSL_CTX_set_options(context, below[version]);
      }
    }
    // BCP 195 by default; else Orthanc's minimum protocol version and accepted ciphers.
    void SetProtocols(DcmTLSTransportLayer& layer, const TlsSettings& tls, const std::string& to)
    {
      if (tls.minimumProtocolVersion == 0)
      {
        if (layer.setTLSProfile(TSP_Profile_BCP195).bad() || layer.activateCipherSuites().bad())
        {
          throw DicomNetworkError(to + "cannot set the BCP 195 profile");
        }
        return;
      }
      layer.setTLSProfile(TSP_Profile_None);
      SSL_CTX* context = layer.getNativeHandle();
      RestrictProtocols(context, tls.minimumProtocolVersion);
      std::string ciphers;
      for (const std::string& cipher : tls.ciphersAccepted)
      {
        ciphers += (ciphers.empty() ? "" : ":") + cipher;
      }
      if (!ciphers.empty() && SSL_CTX_set_cipher_list(context, ciphers.c_str()) != 1 &&
          SSL_CTX_set_ciphersuites(context, ciphers.c_str()) != 1)
      {
        throw DicomNetworkError(to + "OpenSSL accepts none of DicomTlsCiphersAccepted");
      }
    }
  } // namespace

  std::unique_ptr<DcmTLSTransportLayer> MakeTlsLayer(const TlsSettings& tls,
                                                     const std::string& calledAet)
  {
    const std::string to = "DICOM TLS to " + calledAet + ": ";
    const std::string missing = tls.Missing();
    if (!missing.empty())
    {
      throw DicomNetworkError(to + "Orthanc's configuration has no " + missing +
                              "; nothing is sent without TLS");
    }
    for (const std::string* file : {&tls.trustedCertificates, &tls.privateKey, &tls.certificate})
    {
      if (!Readable(*file))
      {
        throw DicomNetworkError(to + "cannot read " + *file);
      }
    }
    auto layer = std::make_unique<DcmTLSTransportLayer>(NET_REQUESTOR, nullptr, OFFalse);
    if (layer->addTrustedCertificateFile(tls.trustedCertificates.c_str(), DCF_Filetype_PEM).bad())
    {
      throw DicomNetworkError(to + "cannot parse the trusted certificates " +
                              tls.trustedCertificates);
    }
#if PACKAGE_VERSION_NUMBER >= 368
    // DCMTK 3.6.8 checks the certificate against the profile in use.
    const DcmTLSSecurityProfile profile =
      tls.minimumProtocolVersion == 0 ? TSP_Profile_BCP195 : TSP_Profile_None;
    const OFCondition certificate =
      layer->setCertificateFile(tls.certificate.c_str(), DCF_Filetype_PEM, profile);
#else
    const OFCondition certificate =
      layer->setCertificateFile(tls.certificate.c_str(), DCF_Filetype_PEM);
#endif
    if (layer->setPrivateKeyFile(tls.privateKey.c_str(), DCF_Filetype_PEM).bad() ||
        certificate.bad() || !layer->checkPrivateKeyMatchesCertificate())
    {
      throw DicomNetworkError(to + "the private key " + tls.privateKey + " and the certificate " +
                              tls.certificate + " do not make a pair");
    }
    SetProtocols(*layer, tls, to);
    // As Orthanc's SCU: the peer's certificate is always checked against the trusted ones.
    layer->setCertificateVerification(tls.remoteCertificateRequired ? DCV_requireCertificate
                                                                    : DCV_checkCertificate);
    return layer;
  }

} // namespace XnatDqr
