#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Common/TextRules.h"
#include "Core/Routing/MoveKeyRules.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

TEST(TextRulesTest, ValidUtf8IsAccepted)
{
  EXPECT_TRUE(TextRules::IsValidUtf8("plain"));
  EXPECT_TRUE(TextRules::IsValidUtf8("Universit\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_EQ("", TextRules::Check("xnat-prod"));
}

TEST(TextRulesTest, InvalidUtf8IsRefused)
{
  for (const std::string bad :
       {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\x80", "ok\xFF"})
  {
    EXPECT_FALSE(TextRules::IsValidUtf8(bad)) << TextRules::Printable(bad);
    EXPECT_EQ("is not valid UTF-8", TextRules::Check(bad));
  }
}

TEST(TextRulesTest, NulAndControlCharactersAreRefused)
{
  EXPECT_EQ("contains a NUL character", TextRules::Check(std::string("id\0", 3)));
  EXPECT_EQ("contains the control character U+001B", TextRules::Check("a\x1b"));
  EXPECT_EQ("contains the control character U+007F", TextRules::Check("a\x7f"));
}

TEST(TextRulesTest, PrintableIsValidUtf8)
{
  EXPECT_EQ("a\xEF\xBF\xBD"
            "b\\x00",
            TextRules::Printable(std::string("a\xFF"
                                             "b\0",
                                             4)));
  EXPECT_TRUE(TextRules::IsValidUtf8(TextRules::Printable("\xC0\x80\xE2\x82")));
}

TEST(StrictJsonTest, NumbersFollowRfc8259)
{
  for (const char* good : {"0", "-0", "104", "-1.5", "0.25", "1e5", "1E+5", "2.5e-3"})
  {
    EXPECT_NO_THROW(JsonText::Parse(std::string("{\"Port\": ") + good + "}")) << good;
  }
  for (const char* bad : {"+104", "0104", "1.", "-.5", ".5", "1.e5", "1e", "00", "--1"})
  {
    try
    {
      JsonText::Parse(std::string("{\"Port\": ") + bad + "}");
      ADD_FAILURE() << bad << " was accepted";
    }
    catch (const ValidationError& e)
    {
      EXPECT_NE(std::string::npos, std::string(e.what()).find("not valid JSON")) << bad;
    }
  }
}

TEST(StrictJsonTest, NumbersInsideStringsAreText)
{
  EXPECT_EQ("+104", JsonText::Parse("{\"Label\": \"+104\"}")["Label"].asString());
  EXPECT_EQ("a\"0104", JsonText::Parse("{\"Label\": \"a\\\"0104\"}")["Label"].asString());
}

TEST(StrictJsonTest, EverythingElseRfc8259RefusesIsRefused)
{
  for (const char* bad :
       {"{\"a\": 1} // c", "{\"a\": 1,}", "[1,]", "{\"a\": 1, \"a\": 2}", "{\"a\": NaN}",
        "{\"a\": Infinity}", "{\"a\": -Infinity}", "{} {}", "{'a': 1}", ""})
  {
    EXPECT_THROW(JsonText::Parse(bad), ValidationError) << bad;
  }
}

TEST(StrictJsonTest, StringsMustBeCleanText)
{
  try
  {
    JsonText::Parse("{\"Resources\": [\"abc\\u0000\"]}");
    ADD_FAILURE() << "a NUL was accepted";
  }
  catch (const ValidationError& e)
  {
    EXPECT_EQ("Resources[0]", e.GetField());
    EXPECT_NE(std::string::npos, std::string(e.what()).find("NUL"));
  }
  EXPECT_THROW(JsonText::Parse("{\"Label\": \"a\\u001b\"}"), ValidationError);
  EXPECT_THROW(JsonText::Parse("{\"Label\": \"\xFF\"}"), ValidationError);
  EXPECT_THROW(JsonText::Parse("{\"\\u0001\": 1}"), ValidationError);
}

TEST(StrictJsonTest, WrittenJsonIsAlwaysValidUtf8)
{
  Json::Value value;
  value["Error"] = "no Receiver \"\xFF\xFE\"";
  value["\xC0"] = 1;
  const std::string text = JsonText::Write(value);
  EXPECT_TRUE(TextRules::IsValidUtf8(text));
  EXPECT_NO_THROW(JsonText::Parse(text));
}

namespace
{
  MoveRequest Request(const std::string& level)
  {
    MoveRequest request;
    request.level = level;
    return request;
  }
} // namespace

TEST(MoveKeyRulesTest, UniqueKeysAreMatchedExactly)
{
  MoveRequest study = Request("Study");
  study.studyInstanceUid = "1.2.3\\1.2.4";
  EXPECT_EQ("", CheckMoveKeys(study));
  study.studyInstanceUid = "1.2.*";
  EXPECT_NE(std::string::npos, CheckMoveKeys(study).find("wildcard"));
  study.studyInstanceUid = "1.2.3-1.2.9";
  EXPECT_NE(std::string::npos, CheckMoveKeys(study).find("not a UID"));
  study.studyInstanceUid = "";
  EXPECT_NE(std::string::npos, CheckMoveKeys(study).find("StudyInstanceUID is empty"));
}

TEST(MoveKeyRulesTest, AccessionNumberStandsInForAMissingStudyUid)
{
  MoveRequest study = Request("Study");
  study.accessionNumber = "ACC-1";
  EXPECT_EQ("", CheckMoveKeys(study));
  for (const char* bad : {"*", "ADBAD?", "A*"})
  {
    study.accessionNumber = bad;
    EXPECT_NE(std::string::npos, CheckMoveKeys(study).find("AccessionNumber")) << bad;
  }
}

TEST(MoveKeyRulesTest, EveryLevelChecksItsOwnKey)
{
  MoveRequest patient = Request("Patient");
  patient.patientId = "P-001";
  EXPECT_EQ("", CheckMoveKeys(patient));
  patient.patientId = "P*";
  EXPECT_NE("", CheckMoveKeys(patient));
  patient.patientId = " ";
  EXPECT_NE(std::string::npos, CheckMoveKeys(patient).find("empty"));
  MoveRequest series = Request("Series");
  series.studyInstanceUid = "*"; // not the key of this level
  series.seriesInstanceUid = "1.2.3";
  EXPECT_EQ("", CheckMoveKeys(series));
  series.seriesInstanceUid = "?";
  EXPECT_NE("", CheckMoveKeys(series));
  MoveRequest image = Request("Instance");
  EXPECT_NE(std::string::npos, CheckMoveKeys(image).find("SOPInstanceUID is empty"));
  image.sopInstanceUid = "1.2.3\\";
  EXPECT_NE(std::string::npos, CheckMoveKeys(image).find("empty value"));
}
