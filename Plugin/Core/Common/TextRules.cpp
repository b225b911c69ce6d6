#include "Core/Common/TextRules.h"

#include <cstdio>

namespace XnatDqr::TextRules
{
  namespace
  {
    // Length of the valid UTF-8 sequence starting at i (RFC 3629: no overlong forms, no
    // surrogates, at most U+10FFFF), or 0.
    size_t SequenceAt(const std::string& text, size_t i)
    {
      const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
      const unsigned char c = byte(i);
      if (c < 0x80)
      {
        return 1;
      }
      size_t length = 0;
      unsigned char low = 0x80;
      unsigned char high = 0xBF;
      if (c >= 0xC2 && c <= 0xDF)
      {
        length = 2;
      }
      else if (c >= 0xE0 && c <= 0xEF)
      {
        length = 3;
        low = c == 0xE0 ? 0xA0 : 0x80;
        high = c == 0xED ? 0x9F : 0xBF;
      }
      else if (c >= 0xF0 && c <= 0xF4)
      {
        length = 4;
        low = c == 0xF0 ? 0x90 : 0x80;
        high = c == 0xF4 ? 0x8F : 0xBF;
      }
      else
      {
        return 0;
      }
      if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high)
      {
        return 0;
      }
      for (size_t k = 2; k < length; k++)
      {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
        {
          return 0;
        }
      }
      return length;
    }

    bool IsControl(unsigned char c)
    {
      return c < 0x20 || c == 0x7F;
    }
  } // namespace

  bool IsValidUtf8(const std::string& text)
  {
    for (size_t i = 0; i < text.size();)
    {
      const size_t length = SequenceAt(text, i);
      if (length == 0)
      {
        return false;
      }
      i += length;
    }
    return true;
  }

  std::string Check(const std::string& text)
  {
    if (!IsValidUtf8(text))
    {
      return "is not valid UTF-8";
    }
    for (unsigned char c : text)
    {
      if (c == 0)
      {
        return "contains a NUL character";
      }
      if (IsControl(c))
      {
        char code[8];
        std::snprintf(code, sizeof(code), "%02X", c);
        return std::string("contains the control character U+00") + code;
      }
    }
    return "";
  }

  std::string Printable(const std::string& text)
  {
    std::string result;
    for (size_t i = 0; i < text.size();)
    {
      const size_t length = SequenceAt(text, i);
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (length == 0)
      {
        result += "\xEF\xBF\xBD"; // U+FFFD
        i++;
      }
      else if (length == 1 && IsControl(c))
      {
        char escaped[8];
        std::snprintf(escaped, sizeof(escaped), "\\x%02X", c);
        result += escaped;
        i++;
      }
      else
      {
        result.append(text, i, length);
        i += length;
      }
    }
    return result;
  }
} // namespace XnatDqr::TextRules
