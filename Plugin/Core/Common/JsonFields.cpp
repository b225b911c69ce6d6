#include "Core/Common/JsonFields.h"

#include "Core/Common/Errors.h"

#include <cmath>
#include <sstream>

namespace XnatDqr
{
  namespace
  {
    // JsonCpp passes bytes through; a name or label must be text.
    bool IsValidUtf8(const std::string& text)
    {
      size_t i = 0;
      while (i < text.size())
      {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        size_t extra = 0;
        if (c >= 0xc2 && c <= 0xdf)
        {
          extra = 1;
        }
        else if (c >= 0xe0 && c <= 0xef)
        {
          extra = 2;
        }
        else if (c >= 0xf0 && c <= 0xf4)
        {
          extra = 3;
        }
        else if (c >= 0x80)
        {
          return false;
        }
        if (i + extra >= text.size())
        {
          return false;
        }
        for (size_t k = 1; k <= extra; k++)
        {
          if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80)
          {
            return false;
          }
        }
        i += extra + 1;
      }
      return true;
    }

    std::string FormatNumber(double value)
    {
      std::ostringstream out;
      out << value;
      return out.str();
    }
  } // namespace

  JsonFields::JsonFields(const Json::Value& object, const std::string& path)
      : object_(object), path_(path)
  {
    if (!object.isObject())
    {
      throw ValidationError(path, (path.empty() ? std::string("The body") : path) +
                                    " must be a JSON object");
    }
  }

  void JsonFields::RefuseUnknown(const std::set<std::string>& known) const
  {
    for (const std::string& key : object_.getMemberNames())
    {
      if (known.count(key) == 0)
      {
        std::string list;
        for (const std::string& k : known)
        {
          list += (list.empty() ? "" : ", ") + k;
        }
        throw ValidationError(PathOf(key),
                              "Unknown key \"" + PathOf(key) + "\" (known keys: " + list + ")");
      }
    }
  }

  bool JsonFields::Has(const std::string& key) const
  {
    return object_.isMember(key) && !object_[key].isNull();
  }

  std::string JsonFields::PathOf(const std::string& key) const
  {
    return path_.empty() ? key : path_ + "." + key;
  }

  const Json::Value& JsonFields::Required(const std::string& key) const
  {
    if (!Has(key))
    {
      throw ValidationError(PathOf(key), PathOf(key) + " is required");
    }
    return object_[key];
  }

  const Json::Value& JsonFields::Get(const std::string& key) const
  {
    return object_[key];
  }

  bool JsonFields::GetBool(const std::string& key) const
  {
    const Json::Value& value = Required(key);
    if (!value.isBool())
    {
      throw ValidationError(PathOf(key), PathOf(key) + " must be true or false");
    }
    return value.asBool();
  }

  bool JsonFields::GetBool(const std::string& key, bool defaultValue) const
  {
    return Has(key) ? GetBool(key) : defaultValue;
  }

  std::string JsonFields::GetString(const std::string& key) const
  {
    const Json::Value& value = Required(key);
    if (!value.isString())
    {
      throw ValidationError(PathOf(key), PathOf(key) + " must be a string");
    }
    if (!IsValidUtf8(value.asString()))
    {
      throw ValidationError(PathOf(key), PathOf(key) + " must be valid UTF-8");
    }
    return value.asString();
  }

  std::string JsonFields::GetString(const std::string& key, const std::string& defaultValue) const
  {
    return Has(key) ? GetString(key) : defaultValue;
  }

  int64_t JsonFields::GetInteger(const std::string& key, int64_t min, int64_t max) const
  {
    const Json::Value& value = Required(key);
    const std::string range = std::to_string(min) + ".." + std::to_string(max);
    // JsonCpp calls 3.0 an integer; a fraction or a string ("104") is refused.
    if (!value.isNumeric() || value.isBool() ||
        (value.isDouble() && std::floor(value.asDouble()) != value.asDouble()))
    {
      throw ValidationError(PathOf(key), PathOf(key) + " must be an integer in " + range);
    }
    const double number = value.asDouble();
    if (number < static_cast<double>(min) || number > static_cast<double>(max))
    {
      throw ValidationError(PathOf(key), PathOf(key) + " must be in " + range);
    }
    return static_cast<int64_t>(number);
  }

  int64_t JsonFields::GetInteger(const std::string& key, int64_t min, int64_t max,
                                 int64_t defaultValue) const
  {
    return Has(key) ? GetInteger(key, min, max) : defaultValue;
  }

  double JsonFields::GetNumber(const std::string& key, double min, double max,
                               double defaultValue) const
  {
    if (!Has(key))
    {
      return defaultValue;
    }
    const Json::Value& value = object_[key];
    if (!value.isNumeric() || value.isBool() || !std::isfinite(value.asDouble()) ||
        value.asDouble() < min || value.asDouble() > max)
    {
      throw ValidationError(PathOf(key), PathOf(key) + " must be a number in " + FormatNumber(min) +
                                           ".." + FormatNumber(max));
    }
    return value.asDouble();
  }

  std::vector<std::string> JsonFields::GetStringList(const std::string& key) const
  {
    std::vector<std::string> result;
    if (!Has(key))
    {
      return result;
    }
    const Json::Value& value = object_[key];
    if (!value.isArray())
    {
      throw ValidationError(PathOf(key), PathOf(key) + " must be an array of strings");
    }
    for (const Json::Value& item : value)
    {
      if (!item.isString() || !IsValidUtf8(item.asString()))
      {
        throw ValidationError(PathOf(key), PathOf(key) + " must be an array of UTF-8 strings");
      }
      result.push_back(item.asString());
    }
    return result;
  }
} // namespace XnatDqr
