#pragma once

#include <string>

namespace XnatDqr::Host
{
  // "" when valid, otherwise why not. A host name, an IPv4 address or an IPv6 literal; no
  // scheme ("http://" is refused with a hint to omit it), no path, no port.
  std::string Check(const std::string& host);
} // namespace XnatDqr::Host
