#pragma once

#include <cstdint>
#include <string>

namespace XnatDqr
{
  // Why a TCP connection to host:port cannot be made, in the system's words ("Connection
  // refused", "Connection timed out"), or "" when it can. DCMTK 3.7.0 connects without blocking
  // and reports every failed connection as "Operation now in progress": this says which it was.
  std::string WhyNoConnection(const std::string& host, uint16_t port, int timeoutSeconds);
} // namespace XnatDqr
