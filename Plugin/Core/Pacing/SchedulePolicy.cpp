#include "Core/Pacing/SchedulePolicy.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"

#include <algorithm>

namespace XnatDqr
{
  namespace
  {
    const char* const KEY_GLOBAL_SCHEDULE = "GlobalSchedule";

    void CheckChangeable(bool fromConfiguration)
    {
      if (fromConfiguration)
      {
        throw ForbiddenError("The global schedule comes from Orthanc's configuration file "
                             "(XnatDqr.Schedule): edit the file and restart Orthanc to change it");
      }
    }

    std::optional<int64_t> Earlier(std::optional<int64_t> a, std::optional<int64_t> b)
    {
      if (!a)
      {
        return b;
      }
      return b ? std::min(*a, *b) : a;
    }
  } // namespace

  SchedulePolicy::SchedulePolicy(SettingsStore& store, std::optional<Schedule> fromConfiguration,
                                 const Window& defaults)
      : store_(store), fromConfiguration_(std::move(fromConfiguration)), defaults_(defaults)
  {
  }

  std::optional<Schedule> SchedulePolicy::GetGlobal()
  {
    if (fromConfiguration_)
    {
      return fromConfiguration_;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    const std::optional<std::string> stored = store_.GetSetting(KEY_GLOBAL_SCHEDULE);
    if (!stored)
    {
      return std::nullopt;
    }
    return Schedule::FromJson(JsonText::Parse(*stored), "Schedule");
  }

  void SchedulePolicy::SetGlobal(const Schedule& schedule)
  {
    CheckChangeable(fromConfiguration_.has_value());
    std::lock_guard<std::mutex> lock(mutex_);
    store_.SetSetting(KEY_GLOBAL_SCHEDULE, JsonText::Write(schedule.ToJson()));
    if (onChange_)
    {
      onChange_();
    }
  }

  void SchedulePolicy::ClearGlobal()
  {
    CheckChangeable(fromConfiguration_.has_value());
    std::lock_guard<std::mutex> lock(mutex_);
    store_.DeleteSetting(KEY_GLOBAL_SCHEDULE);
    if (onChange_)
    {
      onChange_();
    }
  }

  EffectiveState SchedulePolicy::StateFor(const Receiver& receiver, int64_t nowMs)
  {
    const ScheduleState own = StateAt(receiver.schedule, nowMs);
    const ScheduleState global = StateAt(GetGlobal(), nowMs);
    EffectiveState state;
    state.receiverOpen = own.open;
    state.globalOpen = global.open;
    state.open = own.open && global.open;
    state.window = own.window.value_or(defaults_);
    if (global.window)
    {
      state.window.utilization = std::min(state.window.utilization, global.window->utilization);
      state.globalThreads = global.window->threads;
      state.globalMaxMBps = global.window->maxMBps;
    }
    state.nextChange = Earlier(own.nextChange, global.nextChange);
    state.weight = receiver.weight;
    // A Window whose budget is spent counts as closed until its next occurrence.
    const auto budget = [this, &state](const char* scope, const std::string& prefix,
                                       const ScheduleState& schedule, bool& open)
    {
      if (budgets_ == nullptr || !schedule.window || schedule.window->maxGB <= 0)
      {
        return;
      }
      BudgetUse use;
      use.scope = scope;
      use.key = prefix + "|" + schedule.occurrence;
      use.limitBytes = static_cast<uint64_t>(schedule.window->maxGB * 1e9);
      use.spentBytes = budgets_->Spent(use.key);
      if (use.Spent())
      {
        open = false;
        state.budgetSpent = true;
      }
      state.budgets.push_back(use);
    };
    budget("Receiver", receiver.id, own, state.receiverOpen);
    budget("Global", "*", global, state.globalOpen);
    state.open = state.receiverOpen && state.globalOpen;
    return state;
  }
} // namespace XnatDqr
