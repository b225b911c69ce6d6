#pragma once

#include <json/value.h>
#include <set>
#include <string>
#include <vector>

namespace XnatDqr
{
  // Typed, validated reads from one JSON object. Every failure is a ValidationError whose
  // field is the full path of the key ("XnatDqr.TcpNoDelay", "Schedule.Monday").
  class JsonFields
  {
  public:
    // An empty path names fields by their bare key, as REST bodies do.
    JsonFields(const Json::Value& object, const std::string& path);

    // Unknown keys are refused: they are usually typos of a known one.
    void RefuseUnknown(const std::set<std::string>& known) const;

    bool Has(const std::string& key) const;
    std::string PathOf(const std::string& key) const;

    bool GetBool(const std::string& key) const;
    bool GetBool(const std::string& key, bool defaultValue) const;
    std::string GetString(const std::string& key) const;
    std::string GetString(const std::string& key, const std::string& defaultValue) const;
    int64_t GetInteger(const std::string& key, int64_t min, int64_t max) const;
    int64_t GetInteger(const std::string& key, int64_t min, int64_t max,
                       int64_t defaultValue) const;
    double GetNumber(const std::string& key, double min, double max, double defaultValue) const;
    std::vector<std::string> GetStringList(const std::string& key) const;
    const Json::Value& Get(const std::string& key) const;

  private:
    const Json::Value& Required(const std::string& key) const;

    const Json::Value& object_;
    std::string path_;
  };
} // namespace XnatDqr
