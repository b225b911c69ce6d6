#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Receivers/Receiver.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

namespace
{
  Json::Value Valid()
  {
    return JsonText::Parse(R"({"Id": "xnat-a", "AET": "XNAT", "Host": "xnat.example.org",
                               "Port": 8104})");
  }

  // The field named by the refusal, or "" when the Receiver is accepted.
  std::string Refusal(const Json::Value& json, const std::string& idFromUri = "")
  {
    try
    {
      Receiver::FromJson(json, "", idFromUri, ReceiverSource::Api);
      return "";
    }
    catch (const ValidationError& e)
    {
      return e.GetField().empty() ? "(no field)" : e.GetField();
    }
  }

  std::string RefusalWith(const std::string& key, const Json::Value& value)
  {
    Json::Value json = Valid();
    json[key] = value;
    return Refusal(json);
  }

  struct Case
  {
    const char* name;
    const char* key;
    std::string valueJson;
    bool accepted;
  };

  class ReceiverFieldTest : public ::testing::TestWithParam<Case>
  {
  };
} // namespace

TEST_P(ReceiverFieldTest, FollowsTheRule)
{
  const Case& c = GetParam();
  // A lenient read: the Receiver's own rules are under test (a configuration file is not read
  // by our strict parser).
  Json::Value value;
  ASSERT_TRUE(JsonText::TryParse("[" + c.valueJson + "]", value)) << c.valueJson;
  const std::string refusal = RefusalWith(c.key, value[0]);
  if (c.accepted)
  {
    EXPECT_EQ("", refusal) << c.valueJson;
  }
  else
  {
    EXPECT_EQ(c.key, refusal) << c.valueJson;
  }
}

INSTANTIATE_TEST_SUITE_P(
  Boundaries, ReceiverFieldTest,
  ::testing::Values(
    Case{"Aet16", "AET", R"("ABCDEFGHIJKLMNOP")", true},
    Case{"Aet17", "AET", R"("ABCDEFGHIJKLMNOPQ")", false}, Case{"Aet1", "AET", R"("A")", true},
    Case{"AetEmpty", "AET", R"("")", false}, Case{"AetBackslash", "AET", R"("XN\\AT")", false},
    Case{"AetControl", "AET", R"("XN\u0001AT")", false},
    Case{"AetTab", "AET", R"("XN\tAT")", false}, Case{"AetAllSpaces", "AET", R"("    ")", false},
    Case{"AetInnerSpace", "AET", R"("XNAT PROD")", true},
    Case{"AetNonAscii", "AET", R"("XNAT\u00e9")", false}, Case{"AetNumber", "AET", "104", false},
    Case{"Port0", "Port", "0", false}, Case{"Port1", "Port", "1", true},
    Case{"Port65535", "Port", "65535", true}, Case{"Port65536", "Port", "65536", false},
    Case{"PortString", "Port", R"("104")", false}, Case{"PortNegative", "Port", "-1", false},
    Case{"PortFraction", "Port", "104.5", false}, Case{"PortWholeDouble", "Port", "104.0", true},
    Case{"PortBool", "Port", "true", false}, Case{"HostScheme", "Host", R"("http://x")", false},
    Case{"HostHttps", "Host", R"("https://xnat.example.org")", false},
    Case{"HostPath", "Host", R"("x/path")", false}, Case{"HostEmpty", "Host", R"("")", false},
    Case{"HostIpv6", "Host", R"("2001:db8::1")", true},
    Case{"HostIpv6Loopback", "Host", R"("::1")", true},
    Case{"HostIpv4", "Host", R"("192.0.2.10")", true},
    Case{"HostLocalhost", "Host", R"("localhost")", true},
    Case{"HostWithPort", "Host", R"("xnat.example.org:8104")", false},
    Case{"HostSpace", "Host", R"("xnat example")", false},
    Case{"HostLeadingDash", "Host", R"("-xnat")", false},
    Case{"HostTooLong", "Host", "\"" + std::string(254, 'a') + "\"", false},
    Case{"IdUpper", "Id", R"("Xnat-A")", false}, Case{"IdUnderscore", "Id", R"("xnat_a")", false},
    Case{"IdSlash", "Id", R"("xnat/a")", false}, Case{"IdDigits", "Id", R"("0-9")", true},
    Case{"Id48", "Id", "\"" + std::string(48, 'a') + "\"", true},
    Case{"Id49", "Id", "\"" + std::string(49, 'a') + "\"", false},
    Case{"IdEmpty", "Id", R"("")", false},
    Case{"CallingAetsDisjoint", "CallingAETs", R"(["XNATA", "XNATB"])", true},
    Case{"CallingAetsDuplicate", "CallingAETs", R"(["XNATA", "xnata"])", false},
    Case{"CallingAetsNotList", "CallingAETs", R"("XNATA")", false},
    Case{"CallingAetsBadAet", "CallingAETs", R"(["ABCDEFGHIJKLMNOPQ"])", false},
    Case{"CallingAetsNumber", "CallingAETs", "[1]", false},
    Case{"QueryableString", "Queryable", R"("true")", false},
    Case{"TimeoutZero", "Timeout", "0", false}, Case{"Timeout3600", "Timeout", "3600", true},
    Case{"OutsideWindowRefuse", "OutsideWindow", R"("Refuse")", true},
    Case{"OutsideWindowOther", "OutsideWindow", R"("Later")", false},
    Case{"LabelControl", "Label", R"("a\nb")", false},
    Case{"LabelLong", "Label", "\"" + std::string(65, 'a') + "\"", false},
    Case{"LabelUnicode", "Label", R"("XNAT \u00e9t\u00e9")", true},
    Case{"SourceConfiguration", "Source", R"("Configuration")", false},
    Case{"SourceApi", "Source", R"("Api")", true}),
  [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

TEST(ReceiverValidationTest, DefaultsAreFilledIn)
{
  const Receiver receiver = Receiver::FromJson(Valid(), "", "", ReceiverSource::Api);
  EXPECT_EQ("xnat-a", receiver.label);
  EXPECT_TRUE(receiver.queryable);
  EXPECT_FALSE(receiver.storable);
  EXPECT_TRUE(receiver.enabled);
  EXPECT_EQ(10u, receiver.timeout);
  EXPECT_EQ(OutsideWindow::Queue, receiver.outsideWindow);
  EXPECT_TRUE(receiver.callingAets.empty());
}

TEST(ReceiverValidationTest, UnknownKeyIsRefusedByName)
{
  Json::Value json = Valid();
  json["Aet"] = "XNAT";
  EXPECT_EQ("Aet", Refusal(json));
}

TEST(ReceiverValidationTest, MissingRequiredFieldsAreNamed)
{
  for (const char* key : {"AET", "Host", "Port"})
  {
    Json::Value json = Valid();
    json.removeMember(key);
    EXPECT_EQ(key, Refusal(json));
  }
}

TEST(ReceiverValidationTest, IdComesFromTheUriWhenAbsent)
{
  Json::Value json = Valid();
  json.removeMember("Id");
  EXPECT_EQ("xnat-b", Receiver::FromJson(json, "", "xnat-b", ReceiverSource::Api).id);
}

TEST(ReceiverValidationTest, BodyIdMustMatchTheUri)
{
  EXPECT_EQ("Id", Refusal(Valid(), "xnat-b"));
}

TEST(ReceiverValidationTest, InvalidUtf8IsRefused)
{
  Json::Value json = Valid();
  json["Label"] = std::string("caf\xc3", 4);
  EXPECT_EQ("Label", Refusal(json));
}

TEST(ReceiverValidationTest, BodyMustBeAnObject)
{
  EXPECT_EQ("(no field)", Refusal(JsonText::Parse("[]")));
}

TEST(ReceiverValidationTest, ConfigurationPathPrefixesTheField)
{
  Json::Value json = Valid();
  json["Port"] = 0;
  try
  {
    Receiver::FromJson(json, "XnatDqr.Receivers.xnat-a", "xnat-a", ReceiverSource::Configuration);
    FAIL();
  }
  catch (const ValidationError& e)
  {
    EXPECT_EQ("XnatDqr.Receivers.xnat-a.Port", e.GetField());
  }
}

TEST(ReceiverValidationTest, RoundTripsThroughJson)
{
  Json::Value json = Valid();
  json["CallingAETs"] = JsonText::Parse(R"(["XNATA"])");
  json["OutsideWindow"] = "Refuse";
  const Receiver receiver = Receiver::FromJson(json, "", "", ReceiverSource::Api);
  const Receiver again = Receiver::FromJson(receiver.ToJson(), "", "", ReceiverSource::Api);
  EXPECT_EQ(receiver.ToJson(), again.ToJson());
}

TEST(JsonTextTest, RefusesTrailingDataAndDuplicateKeys)
{
  EXPECT_THROW(JsonText::Parse("{} x"), ValidationError);
  EXPECT_THROW(JsonText::Parse(R"({"a": 1, "a": 2})"), ValidationError);
  EXPECT_THROW(JsonText::Parse(""), ValidationError);
}

TEST(JsonTextTest, DeepNestingIsAnErrorNotACrash)
{
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  EXPECT_THROW(JsonText::Parse(deep), ValidationError);
}

TEST(ReceiverValidationTest, EveryWrongFieldIsReportedAtOnce)
{
  Json::Value json = Valid();
  json["AET"] = "AN-AE-TITLE-FAR-TOO-LONG";
  json["Host"] = "https://xnat.example.org";
  json["Port"] = 0;
  json["Colour"] = "red";
  try
  {
    Receiver::FromJson(json, "", "", ReceiverSource::Api);
    FAIL() << "accepted";
  }
  catch (const ValidationError& e)
  {
    std::vector<std::string> fields;
    for (const auto& [field, message] : e.GetAll())
    {
      fields.push_back(field);
      EXPECT_FALSE(message.empty());
    }
    EXPECT_EQ((std::vector<std::string>{"Colour", "AET", "Host", "Port"}), fields);
    EXPECT_EQ("Colour", e.GetField()); // the first is still the one Field names
  }
  json = Valid();
  json["Port"] = 0;
  EXPECT_EQ("Port", Refusal(json)); // one problem: one entry
}

TEST(ReceiverValidationTest, LocalAetIsAnOptionalAeTitle)
{
  EXPECT_EQ("", RefusalWith("LocalAet", "PACSA"));
  EXPECT_EQ("", RefusalWith("LocalAet", Json::Value()));
  EXPECT_EQ("LocalAet", RefusalWith("LocalAet", "A\\B"));
  EXPECT_EQ("LocalAet", RefusalWith("LocalAet", "SEVENTEEN-CHARS-X"));
  EXPECT_EQ("LocalAet", RefusalWith("LocalAet", 5));
  Json::Value json = Valid();
  json["LocalAet"] = "PACSA";
  const Receiver receiver = Receiver::FromJson(json, "", "", ReceiverSource::Api);
  EXPECT_EQ("PACSA", receiver.localAet);
  EXPECT_EQ("PACSA", receiver.ToJson()["LocalAet"].asString());
  EXPECT_TRUE(
    Receiver::FromJson(Valid(), "", "", ReceiverSource::Api).ToJson()["LocalAet"].isNull());
}

TEST(ReceiverValidationTest, UseDicomTlsIsABooleanOffByDefault)
{
  EXPECT_FALSE(Receiver::FromJson(Valid(), "", "", ReceiverSource::Api).useTls);
  EXPECT_EQ("UseDicomTls", RefusalWith("UseDicomTls", "yes"));
  Json::Value json = Valid();
  json["UseDicomTls"] = true;
  const Receiver receiver = Receiver::FromJson(json, "", "", ReceiverSource::Api);
  EXPECT_TRUE(receiver.useTls);
  EXPECT_TRUE(receiver.Destination().useTls);
  EXPECT_TRUE(receiver.ToJson()["UseDicomTls"].asBool());
}
