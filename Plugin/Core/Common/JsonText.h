#pragma once

#include <json/value.h>
#include <string>

namespace XnatDqr::JsonText
{
  // Strict parse (RFC 8259): one root value, no comments, no trailing commas or data, no
  // duplicate keys, no NaN or Infinity, numbers without a leading '+' or zeros or a bare '.';
  // every string and key valid UTF-8 without NUL or control characters. Throws
  // ValidationError naming the problem (and the field, for a bad string).
  Json::Value Parse(const std::string& text);

  // True and fills result on success, for callers where bad text is not the user's fault.
  bool TryParse(const std::string& text, Json::Value& result);

  // Always valid UTF-8: invalid sequences in strings become U+FFFD.
  std::string Write(const Json::Value& value);
} // namespace XnatDqr::JsonText
