#include "Core/Errors.h"
#include "Core/JsonText.h"
#include "Core/PluginConfiguration.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

namespace
{
  std::string FieldOfError(const std::string& sectionText)
  {
    try
    {
      PluginConfiguration::Parse(JsonText::Parse(sectionText));
    }
    catch (const ValidationError& e)
    {
      return e.GetField();
    }
    return "(accepted)";
  }
} // namespace

TEST(PluginConfigurationTest, AbsentSectionGivesDefaults)
{
  const PluginConfiguration configuration = PluginConfiguration::Parse(Json::Value());
  EXPECT_TRUE(configuration.tcpNoDelay);
}

TEST(PluginConfigurationTest, EmptySectionGivesDefaults)
{
  EXPECT_TRUE(PluginConfiguration::Parse(JsonText::Parse("{}")).tcpNoDelay);
}

TEST(PluginConfigurationTest, TcpNoDelayCanBeTurnedOff)
{
  EXPECT_FALSE(PluginConfiguration::Parse(JsonText::Parse("{\"TcpNoDelay\": false}")).tcpNoDelay);
}

TEST(PluginConfigurationTest, UnknownKeyIsNamed)
{
  EXPECT_EQ("XnatDqr.TcpNoDelai", FieldOfError("{\"TcpNoDelai\": true}"));
}

TEST(PluginConfigurationTest, WrongTypeIsNamed)
{
  EXPECT_EQ("XnatDqr.TcpNoDelay", FieldOfError("{\"TcpNoDelay\": \"yes\"}"));
}

TEST(PluginConfigurationTest, SectionMustBeAnObject)
{
  EXPECT_EQ("XnatDqr", FieldOfError("[1, 2]"));
}

TEST(PluginConfigurationTest, EffectiveConfigurationListsDefaults)
{
  const Json::Value json = PluginConfiguration::Parse(Json::Value()).ToJson();
  EXPECT_TRUE(json["TcpNoDelay"].asBool());
}

TEST(PluginConfigurationTest, FallbackToModalitiesIsABoolDefaultingToTrue)
{
  EXPECT_TRUE(PluginConfiguration::Parse(Json::Value()).fallbackToModalities);
  EXPECT_FALSE(PluginConfiguration::Parse(JsonText::Parse("{\"FallbackToModalities\": false}"))
                 .fallbackToModalities);
  EXPECT_EQ("XnatDqr.FallbackToModalities", FieldOfError("{\"FallbackToModalities\": 1}"));
}
