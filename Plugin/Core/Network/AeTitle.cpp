#include "Core/Network/AeTitle.h"

#include <cctype>

namespace XnatDqr::AeTitle
{
  std::string Check(const std::string& aet)
  {
    if (aet.empty() || aet.size() > 16)
    {
      return "must have 1 to 16 characters (has " + std::to_string(aet.size()) + ")";
    }
    bool allSpaces = true;
    for (unsigned char c : aet)
    {
      if (c == '\\')
      {
        return "must not contain a backslash";
      }
      if (c < 0x20 || c > 0x7e)
      {
        return "must contain only printable ASCII characters (no control character)";
      }
      allSpaces = allSpaces && c == ' ';
    }
    if (allSpaces)
    {
      return "must not be all spaces";
    }
    return "";
  }

  bool Equal(const std::string& a, const std::string& b, bool strict)
  {
    if (strict || a.size() != b.size())
    {
      return strict ? a == b : false;
    }
    for (size_t i = 0; i < a.size(); i++)
    {
      if (std::toupper(static_cast<unsigned char>(a[i])) !=
          std::toupper(static_cast<unsigned char>(b[i])))
      {
        return false;
      }
    }
    return true;
  }
} // namespace XnatDqr::AeTitle
