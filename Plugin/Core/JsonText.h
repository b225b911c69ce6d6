#pragma once

#include <json/value.h>
#include <string>

namespace XnatDqr::JsonText
{
  // Strict parse: no comments, no trailing data, no duplicate keys. Throws ValidationError
  // (field empty) with JsonCpp's message on malformed input.
  Json::Value Parse(const std::string& text);

  // True and fills result on success, for callers where bad text is not the user's fault.
  bool TryParse(const std::string& text, Json::Value& result);

  std::string Write(const Json::Value& value);
} // namespace XnatDqr::JsonText
