#pragma once

#include <optional>
#include <string>

namespace XnatDqr
{
  // Small named values of the plugin (the global schedule set through REST).
  class SettingsStore
  {
  public:
    virtual ~SettingsStore() = default;
    virtual std::optional<std::string> GetSetting(const std::string& key) = 0;
    virtual void SetSetting(const std::string& key, const std::string& value) = 0;
    virtual void DeleteSetting(const std::string& key) = 0;
  };
} // namespace XnatDqr
