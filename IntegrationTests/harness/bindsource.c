/* LD_PRELOAD'ed into a DCMTK tool so that its IPv4 connections leave from the loopback address
   in XNATDQR_SOURCE_ADDRESS (say 127.0.0.2) instead of 127.0.0.1: two callers on one machine,
   as two XNATs on two hosts look to the PACS. Built by harness/dcmtk.py; ours. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int connect(int fd, const struct sockaddr* address, socklen_t length)
{
  static int (*real_connect)(int, const struct sockaddr*, socklen_t) = NULL;
  if (real_connect == NULL)
  {
    real_connect = (int (*)(int, const struct sockaddr*, socklen_t))dlsym(RTLD_NEXT, "connect");
  }
  const char* source = getenv("XNATDQR_SOURCE_ADDRESS");
  if (source != NULL && address != NULL && address->sa_family == AF_INET)
  {
    struct sockaddr_in local;
    memset(&local, 0, sizeof(local));
    local.sin_family = AF_INET;
    if (inet_pton(AF_INET, source, &local.sin_addr) == 1 &&
        bind(fd, (const struct sockaddr*)&local, sizeof(local)) != 0)
    {
      return -1;
    }
  }
  return real_connect(fd, address, length);
}
