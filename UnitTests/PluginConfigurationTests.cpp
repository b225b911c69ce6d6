#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Configuration/PluginConfiguration.h"

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

TEST(PluginConfigurationTest, GuardHttpIdentitiesIsABoolDefaultingToTrue)
{
  EXPECT_TRUE(PluginConfiguration::Parse(Json::Value()).guardHttpIdentities);
  EXPECT_TRUE(PluginConfiguration::Parse(Json::Value()).ToJson()["GuardHttpIdentities"].asBool());
  EXPECT_FALSE(PluginConfiguration::Parse(JsonText::Parse("{\"GuardHttpIdentities\": false}"))
                 .guardHttpIdentities);
  EXPECT_EQ("XnatDqr.GuardHttpIdentities", FieldOfError("{\"GuardHttpIdentities\": \"no\"}"));
}

TEST(PluginConfigurationTest, DatabaseIsSqliteUnlessPostgreSqlIsChosen)
{
  EXPECT_EQ(DatabaseSettings::Backend::SQLite,
            PluginConfiguration::Parse(JsonText::Parse("{}")).database.backend);
  const PluginConfiguration pg = PluginConfiguration::Parse(JsonText::Parse(
    R"({"Database": {"Backend": "PostgreSQL", "Host": "db", "Port": 5433,
        "Database": "pacs", "Username": "orthanc", "Password": "s3cret"}})"));
  EXPECT_EQ(DatabaseSettings::Backend::PostgreSQL, pg.database.backend);
  const std::vector<std::pair<std::string, std::string>> expected = {{"host", "db"},
                                                                     {"port", "5433"},
                                                                     {"dbname", "pacs"},
                                                                     {"user", "orthanc"},
                                                                     {"password", "s3cret"}};
  EXPECT_EQ(expected, pg.database.PostgresParameters());
  // The status never shows the password.
  EXPECT_EQ(std::string::npos, pg.ToJson().toStyledString().find("s3cret"));
  const PluginConfiguration uri = PluginConfiguration::Parse(JsonText::Parse(
    R"({"Database": {"Backend": "PostgreSQL", "ConnectionString": "postgresql://u:pw@db/pacs"}})"));
  EXPECT_EQ("postgresql://u:pw@db/pacs", uri.database.PostgresParameters().at(0).second);
  EXPECT_EQ(std::string::npos, uri.ToJson().toStyledString().find("pw@"));
}

TEST(PluginConfigurationTest, DatabaseMistakesNameTheKey)
{
  EXPECT_EQ("XnatDqr.Database.Backend", FieldOfError(R"({"Database": {"Backend": "MySQL"}})"));
  EXPECT_EQ("XnatDqr.Database.Host", FieldOfError(R"({"Database": {"Host": "db"}})"));
  EXPECT_EQ("XnatDqr.Database.Hots",
            FieldOfError(R"({"Database": {"Backend": "PostgreSQL", "Hots": "db"}})"));
  EXPECT_EQ("XnatDqr.Database.Port",
            FieldOfError(R"({"Database": {"Backend": "PostgreSQL", "Port": 0}})"));
  EXPECT_EQ("XnatDqr.Database.Host",
            FieldOfError(R"({"Database": {"Backend": "PostgreSQL", "ConnectionString": "x",
                             "Host": "db"}})"));
  EXPECT_EQ("XnatDqr.DatabasePath",
            FieldOfError(R"({"DatabasePath": "/x.db", "Database": {"Backend": "PostgreSQL"}})"));
}

TEST(PluginConfigurationTest, LeaseSecondsHaveARange)
{
  EXPECT_EQ(20u, PluginConfiguration::Parse(JsonText::Parse("{}")).leaseSeconds);
  EXPECT_EQ(5u, PluginConfiguration::Parse(JsonText::Parse(R"({"LeaseSeconds": 5})")).leaseSeconds);
  EXPECT_EQ("XnatDqr.LeaseSeconds", FieldOfError(R"({"LeaseSeconds": 3})"));
  EXPECT_EQ("XnatDqr.LeaseSeconds", FieldOfError(R"({"LeaseSeconds": 301})"));
}

TEST(PluginConfigurationTest, KeepAssociationSecondsHaveARange)
{
  EXPECT_EQ(2u, PluginConfiguration::Parse(JsonText::Parse("{}")).keepAssociationSeconds);
  EXPECT_EQ(0u, PluginConfiguration::Parse(JsonText::Parse(R"({"KeepAssociationSeconds": 0})"))
                  .keepAssociationSeconds);
  EXPECT_EQ(60u, PluginConfiguration::Parse(JsonText::Parse(R"({"KeepAssociationSeconds": 60})"))
                   .keepAssociationSeconds);
  EXPECT_EQ("XnatDqr.KeepAssociationSeconds", FieldOfError(R"({"KeepAssociationSeconds": -1})"));
  EXPECT_EQ("XnatDqr.KeepAssociationSeconds", FieldOfError(R"({"KeepAssociationSeconds": 61})"));
  EXPECT_EQ("XnatDqr.KeepAssociationSeconds", FieldOfError(R"({"KeepAssociationSeconds": 1.5})"));
  EXPECT_EQ(2, PluginConfiguration().ToJson()["KeepAssociationSeconds"].asInt());
}
