#include "Core/Common/JsonText.h"
#include "Core/Common/OrthancSettings.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

TEST(OrthancSettingsTest, TheIndexIsWhereOrthancKeepsIt)
{
  // Orthanc: IndexDirectory, else StorageDirectory, else OrthancStorage. Debian 12's
  // orthanc.json sets both; Debian forky's sets StorageDirectory only.
  EXPECT_EQ("/index",
            OrthancSettings::Parse(
              JsonText::Parse(R"({"IndexDirectory": "/index", "StorageDirectory": "/storage"})"))
              .indexDirectory);
  EXPECT_EQ(
    "/var/lib/orthanc/db-v6",
    OrthancSettings::Parse(JsonText::Parse(R"({"StorageDirectory": "/var/lib/orthanc/db-v6"})"))
      .indexDirectory);
  EXPECT_EQ("OrthancStorage", OrthancSettings::Parse(JsonText::Parse("{}")).indexDirectory);
}

TEST(OrthancSettingsTest, TheDicomWebRootIsTheDicomWebPluginsRoot)
{
  EXPECT_EQ("/dicom-web/", OrthancSettings::Parse(JsonText::Parse("{}")).dicomWebRoot);
  EXPECT_EQ(
    "/dw/",
    OrthancSettings::Parse(JsonText::Parse(R"({"DicomWeb": {"Root": "/dw/"}})")).dicomWebRoot);
  // A malformed section is the DICOMweb plugin's to refuse; its default stays.
  EXPECT_EQ("/dicom-web/",
            OrthancSettings::Parse(JsonText::Parse(R"({"DicomWeb": {"Root": 7}})")).dicomWebRoot);
}
