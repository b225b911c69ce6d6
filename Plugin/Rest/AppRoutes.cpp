#include "Rest/AppRoutes.h"

#include "Core/Common/Errors.h"
#include "Orthanc/EmbeddedResources.h"
#include "Orthanc/RestRoute.h"
#include "Orthanc/Sdk.h"
#include "Rest/Uris.h"

#include <stdexcept>

namespace XnatDqr
{
  namespace
  {
    std::string MimeType(const std::string& path)
    {
      const std::pair<const char*, const char*> types[] = {
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"}};
      for (const auto& type : types)
      {
        const std::string extension = type.first;
        if (path.size() > extension.size() &&
            path.compare(path.size() - extension.size(), extension.size(), extension) == 0)
        {
          return type.second;
        }
      }
      return "application/octet-stream";
    }

    std::string Text(const EmbeddedResource& resource)
    {
      return std::string(reinterpret_cast<const char*>(resource.data), resource.size);
    }
  } // namespace

  void RegisterAppRoutes()
  {
    RestRoute app;
    app.get = [](const RestRequest& request)
    {
      std::string path = request.groups.empty() ? "" : request.groups.at(0);
      if (path.empty() || path == "/")
      {
        path = "/index.html";
      }
      const EmbeddedResource* resource = FindEmbeddedResource("app" + path);
      if (resource == nullptr || path.find("..") != std::string::npos)
      {
        throw NotFoundError("No such file in the XNAT DQR page: " + path);
      }
      return RestReply::Raw(Text(*resource), MimeType(path));
    };
    RegisterRestRoute(URI_APP, app);

    const EmbeddedResource* extension = FindEmbeddedResource("explorer-extension.js");
    if (extension == nullptr)
    {
      throw std::logic_error("explorer-extension.js is not embedded");
    }
    Sdk::ExtendOrthancExplorer(PLUGIN_NAME, Text(*extension));
  }
} // namespace XnatDqr
