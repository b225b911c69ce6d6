#pragma once

#include "Core/Pacing/Budgets.h"
#include "Core/Pacing/SettingsStore.h"
#include "Core/Receivers/Receiver.h"
#include "Core/Schedules/ScheduleClock.h"

#include <functional>
#include <mutex>
#include <optional>
#include <vector>

namespace XnatDqr
{
  // What may run now for one Receiver: both its schedule and the global one must be open.
  // A Window's byte budget in force now (MaxGB), and what its occurrence has sent.
  struct BudgetUse
  {
    std::string scope; // "Receiver" or "Global"
    std::string key;   // the BudgetLedger's key of this occurrence
    uint64_t limitBytes = 0;
    uint64_t spentBytes = 0;
    bool Spent() const { return spentBytes >= limitBytes; }
  };

  struct EffectiveState
  {
    bool open = false;
    bool receiverOpen = false;
    bool globalOpen = false;
    Window window;                     // the Receiver's caps: its Window, or the defaults
    uint32_t globalThreads = 0;        // 0: no total cap
    double globalMaxMBps = 0;          // 0: no total cap
    std::optional<int64_t> nextChange; // the earlier of the two schedules' next changes
    std::vector<BudgetUse> budgets;    // the Windows' budgets in force; a spent one closes
    bool budgetSpent = false;          // closed because a Window's budget is spent
    uint32_t weight = 1;               // the Receiver's share of the PACS-wide caps
  };

  // The global (PACS-wide) schedule and the defaults for Receivers without a schedule. The
  // global schedule comes from the configuration file (read-only) or from REST (stored).
  class SchedulePolicy
  {
  public:
    // The store is not owned.
    SchedulePolicy(SettingsStore& store, std::optional<Schedule> fromConfiguration,
                   const Window& defaults);

    std::optional<Schedule> GetGlobal();
    bool IsGlobalFromConfiguration() const { return fromConfiguration_.has_value(); }
    void SetGlobal(const Schedule& schedule); // ForbiddenError when from the configuration
    void ClearGlobal();                       // idem

    const Window& Defaults() const { return defaults_; }
    // Called after the global schedule changed (the queue looks again); set once at start.
    void SetOnChange(std::function<void()> onChange) { onChange_ = std::move(onChange); }
    EffectiveState StateFor(const Receiver& receiver, int64_t nowMs);
    // Where the Windows' byte budgets are counted; not owned, set once at start.
    void SetBudgets(BudgetLedger* budgets) { budgets_ = budgets; }

  private:
    SettingsStore& store_;
    std::optional<Schedule> fromConfiguration_;
    Window defaults_;
    std::function<void()> onChange_;
    std::mutex mutex_;
    BudgetLedger* budgets_ = nullptr;
  };
} // namespace XnatDqr
