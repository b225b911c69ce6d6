#pragma once

#include <cstddef>
#include <string>

namespace XnatDqr
{
  // A file of Resources/, compiled into the plugin (cmake/EmbedResources.cmake).
  struct EmbeddedResource
  {
    const char* path; // relative to Resources/, e.g. "app/index.html"
    const unsigned char* data;
    size_t size;
  };

  // nullptr when there is no such file.
  const EmbeddedResource* FindEmbeddedResource(const std::string& path);
} // namespace XnatDqr
