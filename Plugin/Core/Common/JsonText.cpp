#include "Core/Common/JsonText.h"

#include "Core/Common/Errors.h"
#include "Core/Common/TextRules.h"

#include <json/reader.h>
#include <json/writer.h>
#include <memory>

namespace XnatDqr::JsonText
{
  namespace
  {
    bool ParseStrict(const std::string& text, Json::Value& result, std::string& errors)
    {
      Json::CharReaderBuilder builder;
      Json::CharReaderBuilder::strictMode(&builder.settings_);
      // Our documents nest a few levels; Orthanc's HTTP threads have small stacks.
      builder.settings_["stackLimit"] = 64;
      std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
      try
      {
        return reader->parse(text.data(), text.data() + text.size(), &result, &errors);
      }
      catch (const std::exception& e) // JsonCpp throws past its stack limit
      {
        errors = e.what();
        return false;
      }
    }

    bool IsDigit(char c)
    {
      return c >= '0' && c <= '9';
    }

    // RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    bool IsJsonNumber(const std::string& token)
    {
      size_t i = 0;
      const size_t n = token.size();
      const auto digits = [&]
      {
        const size_t start = i;
        while (i < n && IsDigit(token[i]))
        {
          i++;
        }
        return i > start;
      };
      if (i < n && token[i] == '-')
      {
        i++;
      }
      if (i < n && token[i] == '0')
      {
        i++;
      }
      else if (!(i < n && token[i] >= '1' && token[i] <= '9') || !digits())
      {
        return false;
      }
      if (i < n && token[i] == '.' && (++i, !digits()))
      {
        return false;
      }
      if (i < n && (token[i] == 'e' || token[i] == 'E'))
      {
        i++;
        if (i < n && (token[i] == '+' || token[i] == '-'))
        {
          i++;
        }
        if (!digits())
        {
          return false;
        }
      }
      return i == n;
    }

    // JsonCpp's strict mode still reads "+104", "0104" and "1." as numbers, and /* */ as a
    // comment: check each token outside strings ourselves.
    void CheckNumbers(const std::string& text)
    {
      bool inString = false;
      for (size_t i = 0; i < text.size(); i++)
      {
        const char c = text[i];
        if (inString)
        {
          i += c == '\\' ? 1 : 0;
          inString = c != '"';
          continue;
        }
        if (c == '"')
        {
          inString = true;
          continue;
        }
        if (c == '/')
        {
          throw ValidationError("", "The body is not valid JSON: a comment at character " +
                                      std::to_string(i + 1) + " (JSON has none)");
        }
        if (c == '+' || c == '-' || c == '.' || IsDigit(c))
        {
          size_t end = i;
          while (end < text.size() &&
                 std::string("+-.eE0123456789").find(text[end]) != std::string::npos)
          {
            end++;
          }
          const std::string token = text.substr(i, end - i);
          if (!IsJsonNumber(token))
          {
            throw ValidationError("", "The body is not valid JSON: \"" + token +
                                        "\" at character " + std::to_string(i + 1) +
                                        " is not a JSON number (no leading '+' or zeros, "
                                        "digits after '.' and in the exponent)");
          }
          i = end - 1;
        }
      }
    }

    std::string Child(const std::string& path, const std::string& key)
    {
      return path.empty() ? key : path + "." + key;
    }

    // Every string and key: valid UTF-8, no NUL, no control character.
    void CheckStrings(const Json::Value& value, const std::string& path)
    {
      const auto check = [](const std::string& text, const std::string& where)
      {
        const std::string why = TextRules::Check(text);
        if (!why.empty())
        {
          const std::string name = where.empty() ? "The body" : where;
          throw ValidationError(where, name + " " + why);
        }
      };
      if (value.isString())
      {
        check(value.asString(), path);
      }
      else if (value.isObject())
      {
        for (const std::string& key : value.getMemberNames())
        {
          check(key, Child(path, "(a key)"));
          CheckStrings(value[key], Child(path, key));
        }
      }
      else if (value.isArray())
      {
        for (Json::ArrayIndex i = 0; i < value.size(); i++)
        {
          CheckStrings(value[i], path + "[" + std::to_string(i) + "]");
        }
      }
    }

    bool NeedsCleaning(const Json::Value& value)
    {
      if (value.isString())
      {
        return !TextRules::IsValidUtf8(value.asString());
      }
      for (auto it = value.begin(); it != value.end(); ++it)
      {
        if ((value.isObject() && !TextRules::IsValidUtf8(it.name())) || NeedsCleaning(*it))
        {
          return true;
        }
      }
      return false;
    }

    Json::Value Cleaned(const Json::Value& value)
    {
      if (value.isString())
      {
        return TextRules::Printable(value.asString());
      }
      Json::Value copy = value.isArray() ? Json::Value(Json::arrayValue) : value;
      if (value.isObject())
      {
        copy = Json::Value(Json::objectValue);
        for (auto it = value.begin(); it != value.end(); ++it)
        {
          copy[TextRules::Printable(it.name())] = Cleaned(*it);
        }
      }
      else if (value.isArray())
      {
        for (const Json::Value& item : value)
        {
          copy.append(Cleaned(item));
        }
      }
      return copy;
    }
  } // namespace

  Json::Value Parse(const std::string& text)
  {
    Json::Value result;
    std::string errors;
    if (!TextRules::IsValidUtf8(text))
    {
      throw ValidationError("", "The body is not valid JSON: it is not valid UTF-8");
    }
    if (!ParseStrict(text, result, errors))
    {
      // JsonCpp's messages span lines; keep the first, which names the position.
      const std::string first = errors.substr(0, errors.find('\n', errors.find('\n') + 1));
      throw ValidationError("", "The body is not valid JSON: " + TextRules::Printable(first));
    }
    CheckNumbers(text);
    CheckStrings(result, "");
    return result;
  }

  bool TryParse(const std::string& text, Json::Value& result)
  {
    std::string errors;
    return ParseStrict(text, result, errors);
  }

  std::string Write(const Json::Value& value)
  {
    Json::StreamWriterBuilder builder;
    builder["indentation"] = "   ";
    builder["emitUTF8"] = true;
    // Whatever came in, what goes out is valid UTF-8.
    return Json::writeString(builder, NeedsCleaning(value) ? Cleaned(value) : value) + "\n";
  }
} // namespace XnatDqr::JsonText
