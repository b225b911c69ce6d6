#include "Core/Routing/RecentStudies.h"

#include <gtest/gtest.h>

using namespace XnatDqr;

namespace
{
  RecentStudies::Study StudyWith(const std::string& orthancId,
                                 std::map<std::string, std::string> series)
  {
    RecentStudies::Study study;
    study.orthancId = orthancId;
    study.resource["ID"] = orthancId;
    study.seriesByUid = std::move(series);
    return study;
  }
} // namespace

TEST(RecentStudiesTest, KnowsTheSeriesOfAKeptStudyUntilItsTimeIsUp)
{
  RecentStudies studies(4, 60000);
  EXPECT_FALSE(studies.Has("1.2", 1000));
  studies.Keep("1.2", StudyWith("st-a", {{"1.2.1", "se-1"}, {"1.2.2", "se-2"}}), 1000);
  EXPECT_TRUE(studies.Has("1.2", 1000));
  EXPECT_EQ("se-2", studies.Series("1.2", "1.2.2", 30000).value());
  EXPECT_FALSE(studies.Series("1.2", "1.2.3", 30000)); // a series it did not have
  EXPECT_FALSE(studies.Series("1.3", "1.2.2", 30000)); // another study's UID
  EXPECT_EQ("st-a", studies.Resource("st-a", 60999).value()["ID"].asString());
  EXPECT_FALSE(studies.Series("1.2", "1.2.1", 61000)); // 60 s after it was kept
  EXPECT_FALSE(studies.Resource("st-a", 61000));
  EXPECT_EQ(0u, studies.Size());
}

TEST(RecentStudiesTest, AClockThatWentBackDropsTheEntry)
{
  RecentStudies studies(4, 60000);
  studies.Keep("1.2", StudyWith("st-a", {{"1.2.1", "se-1"}}), 50000);
  EXPECT_FALSE(studies.Series("1.2", "1.2.1", 40000));
}

TEST(RecentStudiesTest, TheOldestGoesFirstBeyondCapacity)
{
  RecentStudies studies(2, 60000);
  studies.Keep("1", StudyWith("a", {{"1.1", "x"}}), 1000);
  studies.Keep("2", StudyWith("b", {{"2.1", "y"}}), 2000);
  studies.Keep("3", StudyWith("c", {{"3.1", "z"}}), 3000);
  EXPECT_EQ(2u, studies.Size());
  EXPECT_FALSE(studies.Has("1", 3000));
  EXPECT_FALSE(studies.Resource("a", 3000));
  EXPECT_TRUE(studies.Has("2", 3000));
  EXPECT_EQ("z", studies.Series("3", "3.1", 3000).value());
}

TEST(RecentStudiesTest, KeepingAgainReplacesAndForgetDrops)
{
  RecentStudies studies(4, 60000);
  studies.Keep("1", StudyWith("a", {{"1.1", "x"}}), 1000);
  studies.Keep("1", StudyWith("a2", {{"1.1", "x2"}}), 2000);
  EXPECT_EQ(1u, studies.Size());
  EXPECT_FALSE(studies.Resource("a", 2000));
  EXPECT_EQ("x2", studies.Series("1", "1.1", 61500).value()); // kept again at 2000
  studies.Forget("1");
  EXPECT_FALSE(studies.Has("1", 2000));
  EXPECT_FALSE(studies.Resource("a2", 2000));
  studies.Forget("unknown"); // nothing to do
}
