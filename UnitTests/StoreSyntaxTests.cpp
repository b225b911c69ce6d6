#include "Core/Scu/ScuSettings.h"
#include "Core/Scu/StoreSyntax.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

namespace
{
  const std::string CT = "1.2.840.10008.5.1.4.1.1.2";
  const std::string MR = "1.2.840.10008.5.1.4.1.1.4";
  const std::string IMPLICIT = StoreSyntax::IMPLICIT_LITTLE;
  const std::string EXPLICIT = StoreSyntax::EXPLICIT_LITTLE;
  const std::string BIG = StoreSyntax::EXPLICIT_BIG;
  const std::string JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
  const std::string JPEG_LOSSLESS = "1.2.840.10008.1.2.4.70";
  const std::string JPEG_LS = "1.2.840.10008.1.2.4.80";

  SyntaxPolicy Policy(bool transcode, const std::string& preferred = EXPLICIT)
  {
    SyntaxPolicy policy;
    policy.transcode = transcode;
    policy.preferred = preferred;
    return policy;
  }
} // namespace

TEST(StoreSyntaxTest, ProposesEachOwnSyntaxAloneThenPreferredThenTheOtherUncompressed)
{
  const auto contexts = ProposeContexts({{CT, {JPEG_LOSSLESS, JPEG_LS}}}, Policy(true));
  ASSERT_EQ(4u, contexts.size());
  EXPECT_EQ(std::vector<std::string>{JPEG_LOSSLESS}, contexts[0].syntaxes);
  EXPECT_EQ(std::vector<std::string>{JPEG_LS}, contexts[1].syntaxes);
  EXPECT_EQ(std::vector<std::string>{EXPLICIT}, contexts[2].syntaxes);
  EXPECT_EQ((std::vector<std::string>{IMPLICIT, BIG}), contexts[3].syntaxes);
  for (const ProposedContext& context : contexts)
  {
    EXPECT_EQ(CT, context.sopClass);
  }
}

TEST(StoreSyntaxTest, AnOwnUncompressedSyntaxIsNotProposedTwice)
{
  const auto contexts = ProposeContexts({{MR, {EXPLICIT}}}, Policy(true, IMPLICIT));
  ASSERT_EQ(3u, contexts.size());
  EXPECT_EQ(std::vector<std::string>{EXPLICIT}, contexts[0].syntaxes);
  EXPECT_EQ(std::vector<std::string>{IMPLICIT}, contexts[1].syntaxes);
  EXPECT_EQ(std::vector<std::string>{BIG}, contexts[2].syntaxes);
}

TEST(StoreSyntaxTest, ACompressedPreferredSyntaxLeavesAllThreeUncompressedInOneContext)
{
  const auto contexts = ProposeContexts({{CT, {EXPLICIT}}}, Policy(true, JPEG_BASELINE));
  ASSERT_EQ(3u, contexts.size());
  EXPECT_EQ(std::vector<std::string>{JPEG_BASELINE}, contexts[1].syntaxes);
  EXPECT_EQ((std::vector<std::string>{IMPLICIT, BIG}), contexts[2].syntaxes);
}

TEST(StoreSyntaxTest, WithoutTranscodingExplicitLittleEndianIsStillProposed)
{
  const auto contexts = ProposeContexts({{CT, {JPEG_LS}}}, Policy(false, IMPLICIT));
  ASSERT_EQ(3u, contexts.size());
  EXPECT_EQ(std::vector<std::string>{EXPLICIT}, contexts[1].syntaxes);
}

TEST(StoreSyntaxTest, MoreThan128ContextsAreRefused)
{
  std::map<std::string, std::set<std::string>> many;
  for (int i = 0; i < 43; i++)
  {
    many["1.2.3." + std::to_string(i)] = {JPEG_LS};
  }
  EXPECT_THROW(ProposeContexts(many, Policy(true)), std::invalid_argument);
  many.erase(many.begin());
  EXPECT_EQ(126u, ProposeContexts(many, Policy(true)).size());
}

TEST(StoreSyntaxTest, AnAcceptedSyntaxIsSentAsItIs)
{
  const SyntaxChoice choice = ChooseSyntax(JPEG_LS, {JPEG_LS, EXPLICIT}, Policy(true));
  EXPECT_EQ(SyntaxAction::AsIs, choice.action);
  EXPECT_EQ(JPEG_LS, choice.target);
}

TEST(StoreSyntaxTest, CompressedToAnUncompressedPeerIsTranscodedToThePreferredSyntax)
{
  const SyntaxChoice choice = ChooseSyntax(JPEG_BASELINE, {EXPLICIT, IMPLICIT}, Policy(true));
  EXPECT_EQ(SyntaxAction::Transcode, choice.action);
  EXPECT_EQ(EXPLICIT, choice.target);
  EXPECT_EQ(IMPLICIT, choice.fallback);
}

TEST(StoreSyntaxTest, PreferredImplicitIsWhatACompressedInstanceBecomes)
{
  const SyntaxChoice choice =
    ChooseSyntax(JPEG_LOSSLESS, {EXPLICIT, IMPLICIT}, Policy(true, IMPLICIT));
  EXPECT_EQ(SyntaxAction::Transcode, choice.action);
  EXPECT_EQ(IMPLICIT, choice.target);
  EXPECT_EQ("", choice.fallback);
}

TEST(StoreSyntaxTest, APreferredSyntaxThePeerRefusedGivesWayToImplicitFirst)
{
  const SyntaxChoice choice =
    ChooseSyntax(JPEG_LS, {EXPLICIT, BIG, IMPLICIT}, Policy(true, JPEG_BASELINE));
  EXPECT_EQ(IMPLICIT, choice.target);
  const SyntaxChoice noImplicit =
    ChooseSyntax(JPEG_LS, {BIG, EXPLICIT}, Policy(true, JPEG_BASELINE));
  EXPECT_EQ(EXPLICIT, noImplicit.target);
}

TEST(StoreSyntaxTest, UncompressedIntoUncompressedIsConvertedOnTheWire)
{
  const SyntaxChoice choice = ChooseSyntax(EXPLICIT, {IMPLICIT}, Policy(true));
  EXPECT_EQ(SyntaxAction::Convert, choice.action);
  EXPECT_EQ(IMPLICIT, choice.target);
}

TEST(StoreSyntaxTest, WithoutTranscodingAnUnacceptedSyntaxCannotBeSent)
{
  const SyntaxChoice compressed = ChooseSyntax(JPEG_BASELINE, {EXPLICIT, IMPLICIT}, Policy(false));
  EXPECT_EQ(SyntaxAction::None, compressed.action);
  EXPECT_NE(std::string::npos, compressed.reason.find("transcoding is off"));
  // As Orthanc: no conversion between uncompressed syntaxes either.
  EXPECT_EQ(SyntaxAction::None, ChooseSyntax(EXPLICIT, {IMPLICIT}, Policy(false)).action);
}

TEST(StoreSyntaxTest, APeerThatAcceptsOnlyAnotherCompressedSyntaxCannotBeServed)
{
  const SyntaxChoice choice = ChooseSyntax(JPEG_LS, {JPEG_LOSSLESS}, Policy(true));
  EXPECT_EQ(SyntaxAction::None, choice.action);
  EXPECT_NE(std::string::npos, choice.reason.find(JPEG_LS));
}

TEST(ScuSettingsTest, OrthancsDefaults)
{
  const ScuSettings settings =
    ScuSettings::Parse(Json::Value(Json::objectValue), "/etc/orthanc", true);
  EXPECT_EQ("ORTHANC", settings.dicomAet);
  EXPECT_EQ(10u, settings.timeout);
  EXPECT_TRUE(settings.transcode);
  EXPECT_EQ(EXPLICIT, settings.preferredSyntax);
  EXPECT_TRUE(settings.tls.remoteCertificateRequired);
  EXPECT_EQ("DicomTlsCertificate, DicomTlsPrivateKey, DicomTlsTrustedCertificates",
            settings.tls.Missing());
}

TEST(ScuSettingsTest, ReadsOrthancsScuSettingsWithPathsFromTheConfigurationsFolder)
{
  Json::Value configuration;
  configuration["DicomAet"] = "PACS";
  configuration["DicomScuTimeout"] = 3;
  configuration["TranscodeDicomProtocol"] = false;
  configuration["DicomScuPreferredTransferSyntax"] = IMPLICIT;
  configuration["DicomTlsCertificate"] = "tls/orthanc.crt";
  configuration["DicomTlsPrivateKey"] = "/keys/orthanc.key";
  configuration["DicomTlsTrustedCertificates"] = "ca.crt";
  configuration["DicomTlsRemoteCertificateRequired"] = false;
  configuration["DicomTlsMinimumProtocolVersion"] = 4;
  configuration["DicomTlsCiphersAccepted"].append("ECDHE-RSA-AES128-GCM-SHA256");
  const ScuSettings settings =
    ScuSettings::Parse(configuration, "/etc/orthanc/orthanc.json", false);
  EXPECT_EQ("PACS", settings.dicomAet);
  EXPECT_EQ(3u, settings.timeout);
  EXPECT_FALSE(settings.transcode);
  EXPECT_EQ(IMPLICIT, settings.preferredSyntax);
  EXPECT_EQ("/etc/orthanc/tls/orthanc.crt", settings.tls.certificate);
  EXPECT_EQ("/keys/orthanc.key", settings.tls.privateKey);
  EXPECT_EQ("/etc/orthanc/ca.crt", settings.tls.trustedCertificates);
  EXPECT_FALSE(settings.tls.remoteCertificateRequired);
  EXPECT_EQ(4u, settings.tls.minimumProtocolVersion);
  EXPECT_EQ(1u, settings.tls.ciphersAccepted.size());
  EXPECT_EQ("", settings.tls.Missing());
}

TEST(ScuSettingsTest, AnOrthancBefore1124IgnoresTheTlsProtocolSettingsAndSoDoWe)
{
  Json::Value configuration;
  configuration["DicomTlsMinimumProtocolVersion"] = 5;
  configuration["DicomTlsCiphersAccepted"].append("TLS_AES_128_GCM_SHA256");
  const ScuSettings old = ScuSettings::Parse(configuration, "/etc/orthanc", true, false);
  EXPECT_EQ(0u, old.tls.minimumProtocolVersion);
  EXPECT_TRUE(old.tls.ciphersAccepted.empty());
  EXPECT_EQ(
    5u, ScuSettings::Parse(configuration, "/etc/orthanc", true, true).tls.minimumProtocolVersion);
}

TEST(ScuSettingsTest, AModalitysLocalAetWinsThenTheDefaultThenDicomAet)
{
  ScuSettings settings;
  settings.dicomAet = "PACS";
  StoreDestination destination;
  destination.aet = "WS";
  EXPECT_EQ("PACS", settings.EndpointFor(destination).localAet);
  EXPECT_EQ("PACSA", settings.EndpointFor(destination, "PACSA").localAet);
  destination.localAet = "PACSFORWS";
  EXPECT_EQ("PACSFORWS", settings.EndpointFor(destination, "PACSA").localAet);
}

TEST(ScuSettingsTest, AModalitysTimeoutWinsOverDicomScuTimeout)
{
  ScuSettings settings;
  settings.timeout = 7;
  StoreDestination destination;
  EXPECT_EQ(7u, settings.EndpointFor(destination).timeout);
  destination.timeout = 3;
  EXPECT_EQ(3u, settings.EndpointFor(destination).timeout);
}

TEST(ScuSettingsTest, TranscodingNeedsBothTheGlobalSettingAndTheModalitys)
{
  ScuSettings settings;
  StoreDestination destination;
  EXPECT_TRUE(settings.EndpointFor(destination).syntax.transcode);
  destination.allowTranscoding = false;
  EXPECT_FALSE(settings.EndpointFor(destination).syntax.transcode);
  destination.allowTranscoding = true;
  settings.transcode = false;
  EXPECT_FALSE(settings.EndpointFor(destination).syntax.transcode);
}

TEST(ScuSettingsTest, TlsSettingsGoOnlyToATlsEndpoint)
{
  ScuSettings settings;
  settings.tls.certificate = "/c.crt";
  StoreDestination destination;
  EXPECT_EQ("", settings.EndpointFor(destination).tls.certificate);
  destination.useTls = true;
  EXPECT_EQ("/c.crt", settings.EndpointFor(destination).tls.certificate);
}

TEST(ScuSettingsTest, ReadsAnEntryOfOrthancsModalityList)
{
  Json::Value entry;
  entry["AET"] = "WS";
  entry["Host"] = "10.0.0.5";
  entry["Port"] = 104;
  entry["LocalAet"] = "PACSFORWS";
  entry["Timeout"] = 3;
  entry["AllowTranscoding"] = false;
  entry["UseDicomTls"] = true;
  const StoreDestination destination = StoreDestination::FromModality(entry);
  EXPECT_EQ("WS", destination.aet);
  EXPECT_EQ(104, destination.port);
  EXPECT_EQ("PACSFORWS", destination.localAet);
  EXPECT_EQ(3u, destination.timeout);
  EXPECT_FALSE(destination.allowTranscoding);
  EXPECT_TRUE(destination.useTls);
}
