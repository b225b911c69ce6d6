#include "Dicom/TcpProbe.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace XnatDqr
{
  namespace
  {
    // One address: 0 when it connects, the errno otherwise.
    int Connect(const addrinfo& address, int timeoutMs)
    {
      const int fd =
        socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK, address.ai_protocol);
      if (fd < 0)
      {
        return errno;
      }
      int error = connect(fd, address.ai_addr, address.ai_addrlen) == 0 ? 0 : errno;
      if (error == EINPROGRESS)
      {
        pollfd waiting{fd, POLLOUT, 0};
        const int ready = poll(&waiting, 1, timeoutMs);
        socklen_t size = sizeof(error);
        if (ready == 0)
        {
          error = ETIMEDOUT;
        }
        else if (ready < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0)
        {
          error = errno;
        }
      }
      close(fd);
      return error;
    }
  } // namespace

  std::string WhyNoConnection(const std::string& host, uint16_t port, int timeoutSeconds)
  {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int resolved = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
    if (resolved != 0)
    {
      return gai_strerror(resolved);
    }
    int error = EHOSTUNREACH;
    for (const addrinfo* address = found; address != nullptr && error != 0;
         address = address->ai_next)
    {
      error = Connect(*address, timeoutSeconds * 1000);
    }
    freeaddrinfo(found);
    return error == 0 ? "" : std::strerror(error);
  }
} // namespace XnatDqr
