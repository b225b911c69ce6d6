#include "Core/Common/Errors.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Core/Receivers/XnatSettings.h"
#include "Core/Routing/MoveRouter.h"
#include "Fixtures.h"
#include "Store/SqliteStore.h"

#include <gtest/gtest.h>

using namespace XnatDqr;
using XnatDqr::Testing::FakeModalities;
using XnatDqr::Testing::MakeReceiver;

namespace
{
  class ReceiverRegistryTest : public ::testing::Test
  {
  protected:
    SqliteStore store_{SystemClock(), ":memory:"};
    FakeModalities modalities_;
    ReceiverRegistry registry_{store_, modalities_, AetSettings{"ORTHANC", false, false, ""}};

    Json::Value ListJson()
    {
      Json::Value all(Json::arrayValue);
      for (const Receiver& receiver : registry_.List())
      {
        all.append(receiver.ToJson());
      }
      return all;
    }
  };
} // namespace

TEST_F(ReceiverRegistryTest, SaveCreatesDestinationAndCallerModalities)
{
  EXPECT_TRUE(registry_.Save(MakeReceiver("a", "XNAT", 1001, {"XNATA", "XNAT"})));
  ASSERT_EQ(2u, modalities_.entries.size());
  EXPECT_EQ("XNAT", modalities_.entries["a"]["AET"].asString());
  EXPECT_EQ("XNATA", modalities_.entries["a_caller-1"]["AET"].asString());
  EXPECT_EQ(1001, modalities_.entries["a_caller-1"]["Port"].asInt());
}

TEST_F(ReceiverRegistryTest, PermissionsFollowQueryableStorableAndEnabled)
{
  Receiver receiver = MakeReceiver("a", "XNAT", 1001);
  receiver.queryable = false;
  receiver.storable = true;
  registry_.Save(receiver);
  const Json::Value& entry = modalities_.entries["a"];
  EXPECT_TRUE(entry["AllowEcho"].asBool());
  EXPECT_FALSE(entry["AllowFind"].asBool());
  EXPECT_FALSE(entry["AllowMove"].asBool());
  EXPECT_TRUE(entry["AllowStore"].asBool());
  EXPECT_FALSE(entry["AllowGet"].asBool());
  receiver.enabled = false;
  registry_.Save(receiver);
  EXPECT_FALSE(modalities_.entries["a"]["AllowStore"].asBool());
}

TEST_F(ReceiverRegistryTest, ReplacingRemovesCallerEntriesNoLongerNeeded)
{
  registry_.Save(MakeReceiver("a", "XNAT", 1001, {"XNATA", "XNATB"}));
  EXPECT_FALSE(registry_.Save(MakeReceiver("a", "XNAT", 1001, {"XNATA"})));
  EXPECT_EQ(1u, modalities_.entries.count("a_caller-1"));
  EXPECT_EQ(0u, modalities_.entries.count("a_caller-2"));
  EXPECT_EQ(std::set<std::string>({"a", "a_caller-1"}), store_.ListOwnedModalities());
}

TEST_F(ReceiverRegistryTest, RemoveDeletesOnlyOwnedModalities)
{
  modalities_.entries["foreign"] = Json::Value(Json::objectValue);
  registry_.Save(MakeReceiver("a", "XNAT", 1001, {"XNATA"}));
  registry_.Remove("a");
  ASSERT_EQ(1u, modalities_.entries.size());
  EXPECT_EQ(1u, modalities_.entries.count("foreign"));
  EXPECT_TRUE(store_.ListOwnedModalities().empty());
}

TEST_F(ReceiverRegistryTest, IdOfAForeignModalityIsAConflict)
{
  modalities_.entries["a"] = Json::Value(Json::objectValue);
  try
  {
    registry_.Save(MakeReceiver("a", "XNAT", 1001));
    FAIL();
  }
  catch (const ConflictError& e)
  {
    EXPECT_EQ("a", e.GetConflict());
  }
  EXPECT_TRUE(registry_.List().empty());
}

TEST_F(ReceiverRegistryTest, ConflictLeavesEverythingUnchanged)
{
  registry_.Save(MakeReceiver("a", "XNAT", 1001, {"XNATA"}));
  const Json::Value before = ListJson();
  const auto modalitiesBefore = modalities_.entries;
  EXPECT_THROW(registry_.Save(MakeReceiver("b", "XNAT", 1002, {"XNATA"})), ConflictError);
  EXPECT_EQ(before, ListJson());
  EXPECT_EQ(modalitiesBefore, modalities_.entries);
}

TEST_F(ReceiverRegistryTest, OrthancRefusingAModalityRollsTheChangeBack)
{
  registry_.Save(MakeReceiver("a", "XNAT", 1001));
  const Json::Value before = ListJson();
  modalities_.failNextPut = true;
  EXPECT_THROW(registry_.Save(MakeReceiver("a", "CHANGED", 1001)), std::runtime_error);
  EXPECT_EQ(before, ListJson());
  EXPECT_EQ("XNAT", modalities_.entries["a"]["AET"].asString());
}

TEST_F(ReceiverRegistryTest, CreateRefusesAnExistingId)
{
  registry_.Create(MakeReceiver("a", "XNAT", 1001));
  EXPECT_THROW(registry_.Create(MakeReceiver("a", "XNAT", 1002)), ConflictError);
}

TEST_F(ReceiverRegistryTest, ConfigurationReceiversAreReadOnly)
{
  Receiver configured = MakeReceiver("c", "CONF", 1001);
  configured.source = ReceiverSource::Configuration;
  registry_.Install({configured});
  EXPECT_THROW(registry_.Save(MakeReceiver("c", "CONF", 1001)), ForbiddenError);
  EXPECT_THROW(registry_.Remove("c"), ForbiddenError);
  EXPECT_EQ(1u, registry_.Count());
}

TEST_F(ReceiverRegistryTest, InstallRefusesConfigurationConflictingWithAnApiReceiver)
{
  registry_.Save(MakeReceiver("a", "XNAT", 1001));
  Receiver configured = MakeReceiver("c", "OTHER", 1001);
  configured.source = ReceiverSource::Configuration;
  EXPECT_THROW(registry_.Install({configured}), ConflictError);
}

TEST_F(ReceiverRegistryTest, ConfigurationReplacesAnApiReceiverOfTheSameId)
{
  registry_.Save(MakeReceiver("a", "XNAT", 1001));
  Receiver configured = MakeReceiver("a", "CONF", 1001);
  configured.source = ReceiverSource::Configuration;
  registry_.Install({configured});
  EXPECT_EQ(ReceiverSource::Configuration, registry_.Get("a").source);
  EXPECT_EQ("CONF", registry_.Get("a").aet);
}

TEST_F(ReceiverRegistryTest, SyncRemovesStaleOwnedEntriesAndSkipsForeignOnes)
{
  store_.AddOwnedModalities({"gone"});
  modalities_.entries["gone"] = Json::Value(Json::objectValue);
  modalities_.entries["b"] = Json::Value(Json::objectValue);
  store_.SaveReceiver(MakeReceiver("b", "XNAT", 1001));
  const std::vector<std::string> problems = registry_.SyncModalities();
  EXPECT_EQ(0u, modalities_.entries.count("gone"));
  ASSERT_EQ(1u, problems.size());
  EXPECT_NE(std::string::npos, problems[0].find("\"b\""));
  EXPECT_FALSE(modalities_.entries["b"].isMember("AET"));
}

TEST_F(ReceiverRegistryTest, SyncDoesNotRewriteEntriesThatMatch)
{
  registry_.Save(MakeReceiver("a", "XNAT", 1001));
  const int puts = modalities_.puts;
  registry_.SyncModalities();
  EXPECT_EQ(puts, modalities_.puts);
}

TEST(XnatSettingsTest, GivesWhatXnatNeeds)
{
  Receiver receiver = MakeReceiver("a", "XNATA", 8104, {"XNAT"});
  receiver.storable = true;
  const Json::Value settings = MakeXnatSettings(
    receiver,
    PacsIdentity{"ORTHANC", "pacs.example.org", 4242, "Main", false, "https://pacs.example.org"},
    false);
  EXPECT_EQ("ORTHANC", settings["Pacs"]["aeTitle"].asString());
  EXPECT_EQ("pacs.example.org", settings["Pacs"]["host"].asString());
  EXPECT_EQ(4242, settings["Pacs"]["queryRetrievePort"].asInt());
  EXPECT_TRUE(settings["Pacs"]["storable"].asBool());
  EXPECT_EQ("dicomOrmStrategy", settings["Pacs"]["ormStrategySpringBeanId"].asString());
  EXPECT_EQ("XNATA", settings["ScpReceiver"]["aeTitle"].asString());
  EXPECT_EQ(8104, settings["ScpReceiver"]["port"].asInt());
  EXPECT_EQ("dqrObjectIdentifier", settings["ScpReceiver"]["identifier"].asString());
  EXPECT_TRUE(settings["OrthancModality"].isMember("a_caller-1"));
  EXPECT_NE(std::string::npos, settings["Curl"].asString().find("/xapi/pacs"));
  EXPECT_TRUE(settings["DicomWeb"]["dicomWebEnabled"].asBool());
  EXPECT_EQ("https://pacs.example.org/xnat-dqr/dicom-web/a",
            settings["DicomWeb"]["dicomWebRootUrl"].asString());
}

TEST(XnatSettingsTest, CurlQuotesSingleQuotesForTheShell)
{
  const Json::Value settings =
    MakeXnatSettings(MakeReceiver("a", "XNAT", 8104),
                     PacsIdentity{"ORTHANC", "h", 4242, "O'Hare", false, ""}, false);
  EXPECT_NE(std::string::npos, settings["Curl"].asString().find("O'\\''Hare"));
}

TEST_F(ReceiverRegistryTest, AChangeTouchesOnlyItsOwnModalityEntries)
{
  for (int i = 0; i < 50; i++)
  {
    registry_.Save(MakeReceiver("r" + std::to_string(i), "XNAT" + std::to_string(i), 2000 + i,
                                {"CALLER" + std::to_string(i)}));
  }
  const int puts = modalities_.puts;
  const int lists = modalities_.lists;
  registry_.Save(MakeReceiver("new", "XNATNEW", 1001, {"XNAT"}));
  EXPECT_EQ(puts + 2, modalities_.puts); // "new" and "new_caller-1"
  registry_.Save(MakeReceiver("new", "XNATNEW", 1001));
  EXPECT_EQ(puts + 2, modalities_.puts); // "new" says what it said: only the caller's is removed
  EXPECT_EQ(0u, modalities_.entries.count("new_caller-1"));
  registry_.Save(MakeReceiver("new", "XNATNEW", 1002));
  EXPECT_EQ(puts + 3, modalities_.puts);
  EXPECT_EQ(1002, modalities_.entries["new"]["Port"].asInt());
  registry_.Remove("r7");
  EXPECT_EQ(0u, modalities_.entries.count("r7") + modalities_.entries.count("r7_caller-1"));
  EXPECT_EQ(1u, modalities_.entries.count("r17_caller-1"));
  EXPECT_EQ(lists, modalities_.lists); // no listing of every modality for one change
}

TEST_F(ReceiverRegistryTest, ForeignModalitiesAreKeptForAFewSeconds)
{
  const int64_t t0 = 1796000000000;
  modalities_.entries["pacs2"]["AET"] = "PACS2";
  EXPECT_EQ(1u, registry_.ForeignModalities(t0).size());
  modalities_.entries["pacs3"]["AET"] = "PACS3";
  EXPECT_EQ(1u, registry_.ForeignModalities(t0 + 4999).size());
  EXPECT_EQ(2u, registry_.ForeignModalities(t0 + 5000).size());
  EXPECT_EQ(2, modalities_.lists);
}

TEST_F(ReceiverRegistryTest, AnUnknownDestinationReadsOrthancsModalitiesAgain)
{
  const int64_t t0 = 1796000000000;
  registry_.ForeignModalities(t0);
  modalities_.entries["pacs2"]["AET"] = "PACS2";
  const MoveRoute route = RouteMove(registry_, MoveKey{"ORTHANC", "VIEWER", "PACS2", ""}, t0 + 10);
  EXPECT_EQ("pacs2", route.modalityName);
}

TEST_F(ReceiverRegistryTest, AChangeThatLeavesItsEntriesAsTheyAreWritesNoneOfThem)
{
  Receiver receiver = MakeReceiver("a", "XNATA", 1001, {"CALLER"});
  registry_.Save(receiver);
  const int puts = modalities_.puts;
  receiver.label = "Another label";
  receiver.outsideWindow = OutsideWindow::Refuse;
  registry_.Save(receiver);
  EXPECT_EQ(puts, modalities_.puts);
  EXPECT_EQ("Another label", registry_.Get("a").label);
  receiver.enabled = false; // AllowFind and AllowMove follow Enabled
  registry_.Save(receiver);
  EXPECT_EQ(puts + 2, modalities_.puts);
  EXPECT_FALSE(modalities_.entries["a"]["AllowMove"].asBool());
}
