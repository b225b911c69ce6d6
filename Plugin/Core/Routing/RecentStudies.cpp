#include "Core/Routing/RecentStudies.h"

namespace XnatDqr
{
  RecentStudies::RecentStudies(size_t capacity, int64_t ttlMs) : capacity_(capacity), ttlMs_(ttlMs)
  {
  }

  RecentStudies::Entry* RecentStudies::Live(const std::string& studyUid, int64_t nowMs)
  {
    auto found = byUid_.find(studyUid);
    if (found == byUid_.end())
    {
      return nullptr;
    }
    if (nowMs - found->second.keptMs >= ttlMs_ || nowMs < found->second.keptMs)
    {
      uidByOrthancId_.erase(found->second.study.orthancId);
      byUid_.erase(found);
      return nullptr;
    }
    return &found->second;
  }

  std::optional<std::string> RecentStudies::Series(const std::string& studyUid,
                                                   const std::string& seriesUid, int64_t nowMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const Entry* entry = Live(studyUid, nowMs);
    if (entry == nullptr)
    {
      return std::nullopt;
    }
    auto series = entry->study.seriesByUid.find(seriesUid);
    if (series == entry->study.seriesByUid.end())
    {
      return std::nullopt;
    }
    return series->second;
  }

  std::optional<Json::Value> RecentStudies::Resource(const std::string& orthancId, int64_t nowMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto uid = uidByOrthancId_.find(orthancId);
    if (uid == uidByOrthancId_.end())
    {
      return std::nullopt;
    }
    const Entry* entry = Live(uid->second, nowMs);
    if (entry == nullptr)
    {
      return std::nullopt;
    }
    return entry->study.resource;
  }

  bool RecentStudies::Has(const std::string& studyUid, int64_t nowMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return Live(studyUid, nowMs) != nullptr;
  }

  void RecentStudies::Keep(const std::string& studyUid, Study study, int64_t nowMs)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto old = byUid_.find(studyUid);
    if (old != byUid_.end())
    {
      uidByOrthancId_.erase(old->second.study.orthancId);
      byUid_.erase(old);
    }
    while (!byUid_.empty() && byUid_.size() >= capacity_)
    {
      auto oldest = byUid_.begin();
      for (auto it = byUid_.begin(); it != byUid_.end(); ++it)
      {
        if (it->second.keptMs < oldest->second.keptMs)
        {
          oldest = it;
        }
      }
      uidByOrthancId_.erase(oldest->second.study.orthancId);
      byUid_.erase(oldest);
    }
    uidByOrthancId_[study.orthancId] = studyUid;
    byUid_[studyUid] = Entry{std::move(study), nowMs};
  }

  void RecentStudies::Forget(const std::string& studyUid)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = byUid_.find(studyUid);
    if (found != byUid_.end())
    {
      uidByOrthancId_.erase(found->second.study.orthancId);
      byUid_.erase(found);
    }
  }

  size_t RecentStudies::Size()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return byUid_.size();
  }
} // namespace XnatDqr
