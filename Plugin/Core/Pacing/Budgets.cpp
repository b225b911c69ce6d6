#include "Core/Pacing/Budgets.h"

#include "Core/Common/JsonText.h"

namespace XnatDqr
{
  namespace
  {
    const char* const KEY_BUDGETS = "WindowBudgets";
  }

  void BudgetLedger::SetStore(SettingsStore* store)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    store_ = store;
    const std::optional<std::string> text = store_ ? store_->GetSetting(KEY_BUDGETS) : std::nullopt;
    Json::Value json;
    if (!text || !JsonText::TryParse(*text, json) || !json.isArray())
    {
      return;
    }
    for (const Json::Value& entry : json)
    {
      if (entry.isArray() && entry.size() == 2 && entry[0].isString() && entry[1].isUInt64())
      {
        spent_[entry[0].asString()] = entry[1].asUInt64();
        order_.push_back(entry[0].asString());
      }
    }
  }

  uint64_t BudgetLedger::Spent(const std::string& key)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = spent_.find(key);
    return found == spent_.end() ? 0 : found->second;
  }

  void BudgetLedger::Spend(const std::string& key, uint64_t bytes)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (spent_.count(key) == 0)
    {
      order_.push_back(key);
      while (order_.size() > KEPT)
      {
        spent_.erase(order_.front());
        order_.pop_front();
      }
    }
    spent_[key] += bytes;
    Save();
  }

  void BudgetLedger::Save()
  {
    if (store_ == nullptr)
    {
      return;
    }
    Json::Value json(Json::arrayValue);
    for (const std::string& key : order_)
    {
      Json::Value entry(Json::arrayValue);
      entry.append(key);
      entry.append(static_cast<Json::UInt64>(spent_[key]));
      json.append(entry);
    }
    store_->SetSetting(KEY_BUDGETS, JsonText::Write(json));
  }
} // namespace XnatDqr
