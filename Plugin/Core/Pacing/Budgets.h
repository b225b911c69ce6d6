#pragma once

#include "Core/Pacing/SettingsStore.h"

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace XnatDqr
{
  // Bytes sent per occurrence of a Window that has MaxGB ("xnat-a|2026-12-01 19:00", or
  // "*|..." for the global schedule). Kept in the settings store so that a restart does not
  // forget what tonight's Window has already sent; the oldest occurrences are forgotten
  // beyond KEPT. Thread-safe.
  class BudgetLedger
  {
  public:
    static constexpr size_t KEPT = 512;

    void SetStore(SettingsStore* store); // loads what was stored; set once at start
    uint64_t Spent(const std::string& key);
    void Spend(const std::string& key, uint64_t bytes);

  private:
    void Save();

    std::mutex mutex_;
    std::map<std::string, uint64_t> spent_;
    std::deque<std::string> order_; // oldest first
    SettingsStore* store_ = nullptr;
  };
} // namespace XnatDqr
