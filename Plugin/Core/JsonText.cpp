#include "Core/JsonText.h"

#include "Core/Errors.h"

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
  } // namespace

  Json::Value Parse(const std::string& text)
  {
    Json::Value result;
    std::string errors;
    if (!ParseStrict(text, result, errors))
    {
      // JsonCpp's messages span lines; keep the first, which names the position.
      const std::string first = errors.substr(0, errors.find('\n', errors.find('\n') + 1));
      throw ValidationError("", "The body is not valid JSON: " + first);
    }
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
    return Json::writeString(builder, value) + "\n";
  }
} // namespace XnatDqr::JsonText
