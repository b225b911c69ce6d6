#include "Core/Network/Host.h"

#include <cctype>

namespace XnatDqr::Host
{
  namespace
  {
    bool IsIpv6Literal(const std::string& host)
    {
      size_t colons = 0;
      for (unsigned char c : host)
      {
        if (c == ':')
        {
          colons++;
        }
        else if (!std::isxdigit(c) && c != '.')
        {
          return false;
        }
      }
      return colons >= 2 && colons <= 7 && host.find(":::") == std::string::npos;
    }

    bool IsHostName(const std::string& host)
    {
      size_t labelLength = 0;
      for (size_t i = 0; i <= host.size(); i++)
      {
        if (i == host.size() || host[i] == '.')
        {
          if (labelLength == 0 || labelLength > 63 || host[i - 1] == '-' ||
              host[i - labelLength] == '-')
          {
            return false;
          }
          labelLength = 0;
        }
        else if (std::isalnum(static_cast<unsigned char>(host[i])) || host[i] == '-' ||
                 host[i] == '_')
        {
          labelLength++;
        }
        else
        {
          return false;
        }
      }
      return true;
    }
  } // namespace

  std::string Check(const std::string& host)
  {
    if (host.empty())
    {
      return "must not be empty";
    }
    if (host.size() > 253)
    {
      return "must have at most 253 characters";
    }
    if (host.find("://") != std::string::npos || host.rfind("http:", 0) == 0 ||
        host.rfind("https:", 0) == 0)
    {
      return "must not include a protocol: omit \"http://\" or \"https://\" and give only the "
             "host name or address";
    }
    if (host.find('/') != std::string::npos)
    {
      return "must not include a path: give only the host name or address";
    }
    if (IsIpv6Literal(host))
    {
      return "";
    }
    if (host.find(':') != std::string::npos)
    {
      return "must not include a port: give the port in Port";
    }
    if (!IsHostName(host))
    {
      return "must be a host name (letters, digits, '-', '.') or an IP address";
    }
    return "";
  }
} // namespace XnatDqr::Host
