#include "Core/Common/Errors.h"
#include "Core/Receivers/ReceiverRules.h"
#include "Fixtures.h"

#include <gtest/gtest.h>

using namespace XnatDqr;
using XnatDqr::Testing::MakeReceiver;

namespace
{
  std::string ConflictWith(const Receiver& candidate, const std::vector<Receiver>& existing,
                           bool strict = false)
  {
    try
    {
      CheckNoConflict(candidate, existing, AetSettings{"ORTHANC", false, strict, ""});
      return "";
    }
    catch (const ConflictError& e)
    {
      return e.GetConflict();
    }
  }
} // namespace

TEST(ReceiverRulesTest, SharedAetWithDisjointCallersIsAllowed)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001, {"XNATA"});
  const Receiver b = MakeReceiver("b", "XNAT", 1002, {"XNATB"});
  EXPECT_EQ("", ConflictWith(b, {a}));
}

TEST(ReceiverRulesTest, SharedAetWithOverlappingCallersConflicts)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001, {"XNATA", "COMMON"});
  const Receiver b = MakeReceiver("b", "XNAT", 1002, {"XNATB", "COMMON"});
  EXPECT_EQ("a", ConflictWith(b, {a}));
}

TEST(ReceiverRulesTest, SharedAetNeedsBothCallerListsNonEmpty)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001, {});
  const Receiver b = MakeReceiver("b", "XNAT", 1002, {"XNATB"});
  EXPECT_EQ("a", ConflictWith(b, {a}));
  EXPECT_EQ("b", ConflictWith(a, {b}));
}

TEST(ReceiverRulesTest, AetComparisonIgnoresCaseUnlessStrict)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001, {});
  const Receiver b = MakeReceiver("b", "xnat", 1002, {});
  EXPECT_EQ("a", ConflictWith(b, {a}, false));
  EXPECT_EQ("", ConflictWith(b, {a}, true));
}

TEST(ReceiverRulesTest, CallerOverlapIgnoresCaseUnlessStrict)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001, {"XNATA"});
  const Receiver b = MakeReceiver("b", "XNAT", 1002, {"xnata"});
  EXPECT_EQ("a", ConflictWith(b, {a}, false));
  EXPECT_EQ("", ConflictWith(b, {a}, true));
}

TEST(ReceiverRulesTest, HostAndPortMustBeUnique)
{
  const Receiver a = MakeReceiver("a", "XNATA", 1001);
  Receiver b = MakeReceiver("b", "XNATB", 1001);
  EXPECT_EQ("a", ConflictWith(b, {a}));
  b.host = "LOCALHOST";
  Receiver c = a;
  c.host = "localhost";
  EXPECT_EQ("a", ConflictWith(b, {c}));
  b.port = 1002;
  EXPECT_EQ("", ConflictWith(b, {c}));
}

TEST(ReceiverRulesTest, ReplacingItselfIsNoConflict)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001);
  EXPECT_EQ("", ConflictWith(a, {a}));
}

namespace
{
  Receiver WithPacsAet(Receiver receiver, const std::string& pacsAet)
  {
    receiver.pacsAet = pacsAet;
    return receiver;
  }

  ConflictError ConflictOf(const Receiver& candidate, const std::vector<Receiver>& existing,
                           const AetSettings& settings)
  {
    try
    {
      CheckNoConflict(candidate, existing, settings);
    }
    catch (const ConflictError& e)
    {
      return e;
    }
    throw std::runtime_error("no conflict");
  }

  const AetSettings LENIENT{"ORTHANC", false, false, ""};
  const AetSettings CHECKED{"ORTHANC", true, false, ""};
} // namespace

TEST(ReceiverRulesTest, DifferentPacsAetsShareAnAetWithoutCallers)
{
  const Receiver a = WithPacsAet(MakeReceiver("a", "XNAT", 1001), "PACSA");
  const Receiver b = WithPacsAet(MakeReceiver("b", "XNAT", 1002), "PACSB");
  const Receiver c = MakeReceiver("c", "XNAT", 1003);
  EXPECT_EQ("", ConflictWith(b, {a}));
  EXPECT_EQ("", ConflictWith(c, {a, b})); // no PacsAET is a value of its own
}

TEST(ReceiverRulesTest, TheSamePacsAetNeedsDisjointCallers)
{
  const Receiver a = WithPacsAet(MakeReceiver("a", "XNAT", 1001, {"XNATA"}), "PACS");
  Receiver b = WithPacsAet(MakeReceiver("b", "XNAT", 1002, {"XNATB"}), "pacs");
  EXPECT_EQ("", ConflictWith(b, {a}));
  b.callingAets = {};
  EXPECT_EQ("a", ConflictWith(b, {a}));
}

TEST(ReceiverRulesTest, AConflictSuggestsAFreePacsAet)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001);
  const Receiver b = MakeReceiver("xnat-b", "XNAT", 1002);
  const ConflictError error = ConflictOf(b, {a}, LENIENT);
  EXPECT_EQ("a", error.GetConflict());
  ASSERT_EQ(1u, error.GetSuggestion().count("PacsAET"));
  const std::string suggestion = error.GetSuggestion().at("PacsAET");
  EXPECT_EQ("ORTHANC-XNAT-B", suggestion);
  EXPECT_EQ("", ConflictWith(WithPacsAet(b, suggestion), {a}));
}

TEST(ReceiverRulesTest, TheSuggestionIsFreeAndFitsSixteenCharacters)
{
  const Receiver taken =
    WithPacsAet(MakeReceiver("a-very-long-receiver-id", "XNAT", 1001), "ORTHANC-A-VERY-L");
  const Receiver other = MakeReceiver("b", "XNAT", 1003);
  const Receiver candidate = MakeReceiver("a-very-long-receiver-id-2", "XNAT", 1002);
  const std::string suggestion = SuggestPacsAet(candidate, {taken, other}, LENIENT);
  EXPECT_EQ("ORTHANC-A-VERY-2", suggestion);
  EXPECT_EQ("", ConflictWith(WithPacsAet(candidate, suggestion), {taken, other}));
}

TEST(ReceiverRulesTest, UnderDicomCheckCalledAetOnlyDicomAetIsAPacsAet)
{
  EXPECT_THROW(CheckPacsAet(WithPacsAet(MakeReceiver("a", "XNAT", 1), "PACSA"), CHECKED),
               ValidationError);
  EXPECT_NO_THROW(CheckPacsAet(WithPacsAet(MakeReceiver("a", "XNAT", 1), "orthanc"), CHECKED));
  EXPECT_NO_THROW(CheckPacsAet(MakeReceiver("a", "XNAT", 1), CHECKED));
  EXPECT_NO_THROW(CheckPacsAet(WithPacsAet(MakeReceiver("a", "XNAT", 1), "PACSA"), LENIENT));
}

TEST(ReceiverRulesTest, UnderDicomCheckCalledAetOnlyCallersTellApart)
{
  const Receiver a = MakeReceiver("a", "XNAT", 1001, {"XNATA"});
  const Receiver b = WithPacsAet(MakeReceiver("b", "XNAT", 1002, {"XNATB"}), "ORTHANC");
  const ConflictError error = ConflictOf(b, {a}, CHECKED);
  EXPECT_EQ(0u, error.GetSuggestion().size());
  EXPECT_NE(std::string::npos, std::string(error.what()).find("DicomCheckCalledAet"));
  EXPECT_NO_THROW(CheckNoConflict(MakeReceiver("b", "XNAT", 1002, {"XNATB"}), {a}, CHECKED));
}

TEST(ReceiverRulesTest, UseDicomTlsNeedsOrthancsTlsSettings)
{
  Receiver tls = MakeReceiver("a", "XNAT", 1);
  tls.useTls = true;
  const AetSettings without{"ORTHANC", false, false, "DicomTlsCertificate, DicomTlsPrivateKey"};
  try
  {
    CheckTls(tls, without);
    FAIL() << "UseDicomTls accepted without certificates";
  }
  catch (const ValidationError& e)
  {
    EXPECT_EQ("UseDicomTls", e.GetField());
    EXPECT_NE(std::string::npos,
              std::string(e.what()).find("DicomTlsCertificate, DicomTlsPrivateKey"));
  }
  EXPECT_NO_THROW(CheckTls(MakeReceiver("b", "XNAT", 2), without));
  EXPECT_NO_THROW(CheckTls(tls, AetSettings{"ORTHANC", false, false, ""}));
}
