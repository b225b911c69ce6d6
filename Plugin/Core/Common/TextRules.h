#pragma once

#include <string>

// Text that crosses the REST boundary: identifiers and strings must be valid UTF-8 without
// NUL or control characters, and every JSON answer must be valid UTF-8 whatever came in.
namespace XnatDqr::TextRules
{
  bool IsValidUtf8(const std::string& text);

  // "" when the text is valid UTF-8 without NUL or control characters (below U+0020, U+007F);
  // otherwise why not, e.g. "contains a NUL character".
  std::string Check(const std::string& text);

  // The text with every invalid UTF-8 sequence replaced by U+FFFD and every control character
  // by its "\xNN" spelling, so that it can be echoed in an error message.
  std::string Printable(const std::string& text);
} // namespace XnatDqr::TextRules
