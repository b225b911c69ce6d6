#pragma once

#include <cstddef>
#include <cstdint>
#include <json/value.h>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace XnatDqr
{
  // The studies that C-MOVEs matched lately, with their series by UID: XNAT DQR moves a study
  // one SERIES-level C-MOVE after another, and each UID looked up in Orthanc's index costs
  // about 0.4 ms, as much as sending an instance. An entry is kept ttlMs after it was filled
  // (new series are missed, not wrong: a miss falls back to the index) and the oldest goes
  // first beyond capacity. Thread-safe.
  class RecentStudies
  {
  public:
    struct Study
    {
      std::string orthancId;
      Json::Value resource;                           // GET /studies/{id}, for the description
      std::map<std::string, std::string> seriesByUid; // SeriesInstanceUID -> Orthanc id
    };

    static constexpr size_t CAPACITY = 64;
    static constexpr int64_t TTL_MS = 60000;

    explicit RecentStudies(size_t capacity = CAPACITY, int64_t ttlMs = TTL_MS);

    // The Orthanc id of the series with this UID in the study with this UID, if known.
    std::optional<std::string> Series(const std::string& studyUid, const std::string& seriesUid,
                                      int64_t nowMs);
    // GET /studies/{orthancId} as it was when the study was kept.
    std::optional<Json::Value> Resource(const std::string& orthancId, int64_t nowMs);
    bool Has(const std::string& studyUid, int64_t nowMs); // a live entry, found or not

    void Keep(const std::string& studyUid, Study study, int64_t nowMs);
    void Forget(const std::string& studyUid); // e.g. one of its series is gone
    size_t Size();

  private:
    struct Entry
    {
      Study study;
      int64_t keptMs = 0;
    };
    // The entry of studyUid, if alive; an expired one is dropped. Called under the lock.
    Entry* Live(const std::string& studyUid, int64_t nowMs);

    const size_t capacity_;
    const int64_t ttlMs_;
    std::mutex mutex_;
    std::map<std::string, Entry> byUid_;
    std::map<std::string, std::string> uidByOrthancId_;
  };
} // namespace XnatDqr
