#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/DicomWeb/AcceptedMedia.h"
#include "Core/DicomWeb/DicomWebPath.h"
#include "Core/DicomWeb/HttpGuard.h"
#include "Core/DicomWeb/RetrieveAdmission.h"
#include "Core/DicomWeb/RetrieveUrls.h"
#include "Core/Receivers/ReceiverRules.h"
#include "Core/Transfers/Transfer.h"
#include "Fixtures.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

namespace
{
  EffectiveState Open(uint32_t threads)
  {
    EffectiveState state;
    state.open = state.receiverOpen = state.globalOpen = true;
    state.window.threads = threads;
    return state;
  }

  Receiver Bound(const std::string& id, uint16_t port, std::vector<std::string> users,
                 std::vector<std::string> addresses)
  {
    Receiver receiver = Testing::MakeReceiver(id, "XNAT-" + id, port);
    receiver.httpUsers = std::move(users);
    receiver.httpAddresses = std::move(addresses);
    return receiver;
  }

  std::string FieldOf(const std::string& body)
  {
    try
    {
      Receiver::FromJson(JsonText::Parse(body), "", "", ReceiverSource::Api);
    }
    catch (const ValidationError& e)
    {
      return e.GetField() + ": " + e.what();
    }
    return "";
  }
} // namespace

TEST(DicomWebPathTest, QidoRetrieveAndWhatIsNotServed)
{
  using Kind = DicomWebPath::Kind;
  EXPECT_EQ(Kind::Search, DicomWebPath::Parse("studies").kind);
  EXPECT_EQ(Kind::Search, DicomWebPath::Parse("series").kind);
  EXPECT_EQ(Kind::Search, DicomWebPath::Parse("studies/1.2/series").kind);
  EXPECT_EQ(Kind::Search, DicomWebPath::Parse("studies/1.2/instances").kind);
  EXPECT_EQ(Kind::Search, DicomWebPath::Parse("studies/1.2/series/3.4/instances").kind);
  EXPECT_EQ(Kind::Search, DicomWebPath::Parse("studies/1.2/series/3.4/metadata").kind);
  const DicomWebPath study = DicomWebPath::Parse("studies/1.2");
  EXPECT_EQ(Kind::Retrieve, study.kind);
  EXPECT_EQ("Study", study.level);
  EXPECT_EQ("1.2", study.study);
  const DicomWebPath series = DicomWebPath::Parse("studies/1.2/series/3.4/");
  EXPECT_EQ(Kind::Retrieve, series.kind);
  EXPECT_EQ("Series", series.level);
  EXPECT_EQ("3.4", series.series);
  const DicomWebPath instance = DicomWebPath::Parse("studies/1.2/series/3.4/instances/5.6");
  EXPECT_EQ("Instance", instance.level);
  EXPECT_EQ("5.6", instance.instance);
  EXPECT_EQ(Kind::Unserved, DicomWebPath::Parse("studies/1.2/instances/5.6").kind);
  EXPECT_EQ(Kind::Unserved,
            DicomWebPath::Parse("studies/1.2/series/3.4/instances/5.6/frames/1").kind);
  EXPECT_EQ(Kind::Unserved, DicomWebPath::Parse("studies/1.2/series/3.4/rendered").kind);
  EXPECT_EQ(Kind::Unserved, DicomWebPath::Parse("studies//series").kind);
  EXPECT_EQ(Kind::Unserved, DicomWebPath::Parse("").kind);
  EXPECT_NE("", DicomWebPath::Parse("studies/1.2/thumbnail").why);
}

TEST(RetrieveUrlsTest, TheDicomWebRootIsReplacedAndTheHostKept)
{
  const std::string root = ReceiverDicomWebRoot("xnat-b");
  EXPECT_EQ("/xnat-dqr/dicom-web/xnat-b", root);
  EXPECT_EQ(
    "http://pacs:8042/xnat-dqr/dicom-web/xnat-b/studies/1.2/series/3.4",
    MoveRetrieveUrl("http://pacs:8042/dicom-web/studies/1.2/series/3.4", "/dicom-web/", root));
  // A PublicRoot behind a proxy keeps its prefix before Root.
  EXPECT_EQ("https://proxy/pacs/xnat-dqr/dicom-web/xnat-b/studies/1.2",
            MoveRetrieveUrl("https://proxy/pacs/dicom-web/studies/1.2", "/dicom-web", root));
  // Another path is replaced whole.
  EXPECT_EQ("https://proxy/xnat-dqr/dicom-web/xnat-b/studies/1.2",
            MoveRetrieveUrl("https://proxy/web/studies/1.2", "/dicom-web/", root));
  EXPECT_EQ("urn:x", MoveRetrieveUrl("urn:x", "/dicom-web/", root));

  Json::Value answer = JsonText::Parse(
    R"([{"00081190": {"vr": "UR", "Value": ["http://h/dicom-web/studies/1"]}},
        {"0020000D": {"vr": "UI", "Value": ["2"]}},
        {"00081190": {"vr": "UR", "Value": ["http://h/dicom-web/studies/3"]}}])");
  EXPECT_EQ(2u, MoveRetrieveUrls(answer, "/dicom-web/", root));
  EXPECT_EQ("http://h/xnat-dqr/dicom-web/xnat-b/studies/3",
            answer[2]["00081190"]["Value"][0].asString());
  EXPECT_EQ("2", answer[1]["0020000D"]["Value"][0].asString());
}

TEST(AcceptedMediaTest, MultipartDicomIsServedInTheSyntaxAskedFor)
{
  EXPECT_TRUE(AcceptedMedia::Parse("").acceptable);
  EXPECT_TRUE(AcceptedMedia::Parse("*/*").acceptable);
  const AcceptedMedia dqr = AcceptedMedia::Parse("multipart/related; type=\"application/dicom\"");
  EXPECT_TRUE(dqr.acceptable);
  EXPECT_EQ("", dqr.transferSyntax);
  EXPECT_EQ("", AcceptedMedia::Parse("multipart/related; type=application/dicom; "
                                     "transfer-syntax=*")
                  .transferSyntax);
  EXPECT_EQ(
    "1.2.840.10008.1.2.4.70",
    AcceptedMedia::Parse("application/json, multipart/related; "
                         "type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.70")
      .transferSyntax);
  const AcceptedMedia xml =
    AcceptedMedia::Parse("multipart/related; type=\"application/octet-stream\"");
  EXPECT_FALSE(xml.acceptable);
  EXPECT_NE(std::string::npos, xml.why.find("application/octet-stream"));
  EXPECT_FALSE(AcceptedMedia::Parse("application/dicom+json").acceptable);
}

TEST(HttpGuardTest, ABoundIdentityKeepsToItsOwnRoot)
{
  const std::vector<Receiver> receivers = {Bound("xnat-a", 1, {"alice"}, {}),
                                           Bound("xnat-b", 2, {}, {"10.0.0.0/24"})};
  const GuardVerdict alice =
    GuardHttp(receivers, "alice", "127.0.0.1", "/dicom-web/studies", "/dicom-web/");
  EXPECT_TRUE(alice.refuse);
  EXPECT_EQ("xnat-a", alice.receiverId);
  EXPECT_NE(std::string::npos, alice.reason.find("/xnat-dqr/dicom-web/xnat-a/"));
  EXPECT_FALSE(
    GuardHttp(receivers, "alice", "127.0.0.1", "/xnat-dqr/dicom-web/xnat-a/studies", "/dicom-web/")
      .refuse);
  EXPECT_TRUE(
    GuardHttp(receivers, "alice", "127.0.0.1", "/xnat-dqr/dicom-web/xnat-b/studies", "/dicom-web/")
      .refuse);
  // Orthanc routes "//dicom-web" and "%64icom-web" as "/dicom-web".
  EXPECT_TRUE(GuardHttp(receivers, "alice", "", "//dicom-web//studies", "/dicom-web/").refuse);
  EXPECT_TRUE(GuardHttp(receivers, "alice", "", "/%64icom-web/studies", "/dicom-web/").refuse);
  EXPECT_TRUE(GuardHttp(receivers, "alice", "",
                        "/xnat-dqr/dicom-web/xnat-a/../../../instances/x/file", "/dicom-web/")
                .refuse);
  for (const char* uri : {"/studies/x/archive", "/patients/x/media", "/instances/x/file",
                          "/instances/x/attachments/dicom/data", "/tools/create-archive",
                          "/instances/x/content/7fe0-0010/0", "/wado"})
  {
    EXPECT_TRUE(GuardHttp(receivers, "", "10.0.0.9", uri, "/dicom-web/").refuse) << uri;
  }
  EXPECT_FALSE(GuardHttp(receivers, "", "10.0.0.9", "/studies/x", "/dicom-web/").refuse);
  EXPECT_FALSE(GuardHttp(receivers, "", "10.0.0.9", "/xnat-dqr/receivers", "/dicom-web/").refuse);
  // Unbound identities are never refused.
  const GuardVerdict bob =
    GuardHttp(receivers, "bob", "10.0.1.9", "/dicom-web/studies", "/dicom-web/");
  EXPECT_FALSE(bob.refuse);
  EXPECT_EQ("", bob.receiverId);
  // Another DICOMweb Root.
  EXPECT_FALSE(GuardHttp(receivers, "alice", "", "/dicom-web/studies", "/dw/").refuse);
  EXPECT_TRUE(GuardHttp(receivers, "alice", "", "/dw/studies", "/dw/").refuse);
}

TEST(HttpGuardTest, BasicUserIsReadFromTheHeader)
{
  EXPECT_EQ("alice", BasicUser("Basic YWxpY2U6c2VjcmV0")); // alice:secret
  EXPECT_EQ("alice", BasicUser("basic  YWxpY2U6c2VjcmV0"));
  EXPECT_EQ("", BasicUser("Bearer YWxpY2U6c2VjcmV0"));
  EXPECT_EQ("", BasicUser("Basic"));
  EXPECT_EQ("", BasicUser("Basic YWxpY2U=")); // no ':'
}

TEST(HttpIdentitiesTest, FieldsAreCheckedAndNamed)
{
  const std::string base = R"({"Id": "x", "AET": "X", "Host": "h", "Port": 1, )";
  EXPECT_NE(std::string::npos, FieldOf(base + R"("HttpUsers": ["a:b"]})").find("HttpUsers: "));
  EXPECT_NE(std::string::npos, FieldOf(base + R"("HttpUsers": ["a", "a"]})").find("twice"));
  EXPECT_NE(std::string::npos, FieldOf(base + R"("HttpUsers": [""]})").find("1 to 64"));
  EXPECT_NE(std::string::npos,
            FieldOf(base + R"("HttpAddresses": ["10.0.0.0/33"]})").find("HttpAddresses: "));
  EXPECT_EQ("", FieldOf(base + R"("HttpUsers": ["xnat"], "HttpAddresses": ["10.0.0.9/24"]})"));
  const Receiver parsed = Receiver::FromJson(
    JsonText::Parse(base + R"("HttpAddresses": ["10.0.0.9/24"]})"), "", "", ReceiverSource::Api);
  EXPECT_EQ("10.0.0.0/24", parsed.httpAddresses.at(0));
  EXPECT_EQ("10.0.0.0/24", parsed.ToJson()["HttpAddresses"][0].asString());
}

TEST(HttpIdentitiesTest, AnIdentityIsBoundToOneReceiver)
{
  const std::vector<Receiver> existing = {Bound("xnat-a", 1, {"alice"}, {"10.0.0.0/24"})};
  try
  {
    CheckNoConflict(Bound("xnat-b", 2, {"alice"}, {}), existing, AetSettings{});
    FAIL() << "a shared user";
  }
  catch (const ConflictError& e)
  {
    EXPECT_EQ("xnat-a", e.GetConflict());
    EXPECT_NE(std::string::npos, std::string(e.what()).find("HttpUsers \"alice\""));
  }
  EXPECT_THROW(CheckNoConflict(Bound("xnat-b", 2, {}, {"10.0.0.7"}), existing, AetSettings{}),
               ConflictError);
  EXPECT_NO_THROW(
    CheckNoConflict(Bound("xnat-b", 2, {"bob"}, {"10.0.1.0/24"}), existing, AetSettings{}));
}

TEST(RetrieveAdmissionTest, OpenSendsBusyWaitsClosedIs503UntilTheNextFit)
{
  const auto never = [](int64_t) { return EffectiveState(); };
  EXPECT_EQ(RetrieveVerdict::Action::Send, AdmitRetrieve(Open(1), 0, 0, 30, 1000, 0, never).action);
  const RetrieveVerdict busy = AdmitRetrieve(Open(1), 1, 1, 30, 1000, 0, never);
  EXPECT_EQ(RetrieveVerdict::Action::Wait, busy.action);
  EXPECT_EQ(30, busy.retryAfterSeconds.value());

  EffectiveState closed;
  closed.nextChange = 90500; // opens in 90.5 s
  const auto opens = [](int64_t at) { return at >= 90500 ? Open(1) : EffectiveState(); };
  const RetrieveVerdict verdict = AdmitRetrieve(closed, 0, 0, 30, 1000, 0, opens);
  EXPECT_EQ(RetrieveVerdict::Action::Unavailable, verdict.action);
  EXPECT_EQ(91, verdict.retryAfterSeconds.value());
  EXPECT_NE(std::string::npos, verdict.reason.find("outside the schedule"));
  // Never opening again: no Retry-After.
  EXPECT_FALSE(AdmitRetrieve(EffectiveState(), 0, 0, 30, 1000, 0, never).retryAfterSeconds);
}

TEST(RetrieveAdmissionTest, ARetrieveOverTheBudgetWaitsForAnOccurrenceWithRoom)
{
  EffectiveState open = Open(1);
  open.budgets.push_back(BudgetUse{"Receiver", "k", 1000, 900});
  open.nextChange = 10000; // this Window ends
  const auto later = [](int64_t at)
  {
    EffectiveState state = at >= 50000 ? Open(1) : EffectiveState();
    state.nextChange = at < 50000 ? std::optional<int64_t>(50000) : std::nullopt;
    if (at >= 50000)
    {
      state.budgets.push_back(BudgetUse{"Receiver", "k2", 1000, 0}); // the next occurrence
    }
    return state;
  };
  const RetrieveVerdict verdict = AdmitRetrieve(open, 0, 0, 30, 500, 0, later);
  EXPECT_EQ(RetrieveVerdict::Action::Unavailable, verdict.action);
  EXPECT_NE(std::string::npos, verdict.reason.find("MaxGB"));
  EXPECT_EQ(50, verdict.retryAfterSeconds.value());
}

TEST(TransferLifecycleTest, ADicomWebRetrieveIsNotQueuedAgainAfterACrash)
{
  Transfer transfer;
  transfer.origin = "DICOMweb";
  transfer.receiverId = "xnat-b";
  transfer.instancesTotal = 4;
  transfer.StartInMove(1000);
  transfer.Sent(10);
  transfer.Recover(5000);
  EXPECT_EQ(TransferState::Failed, transfer.State());
  EXPECT_EQ(5000, transfer.Lifecycle().finishedMs);
  EXPECT_NE(std::string::npos, transfer.Lifecycle().error.find("after 1 of 4"));
  EXPECT_TRUE(transfer.Actions().empty()); // no Retry: a C-STORE would send it twice
}
