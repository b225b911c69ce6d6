#include "Core/DicomWeb/RetrieveUrls.h"

namespace XnatDqr
{
  namespace
  {
    const char* const RETRIEVE_URL = "00081190";

    std::string WithoutTrailingSlash(std::string path)
    {
      while (!path.empty() && path.back() == '/')
      {
        path.pop_back();
      }
      return path;
    }

    bool EndsWith(const std::string& text, const std::string& tail)
    {
      return text.size() >= tail.size() &&
             text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
    }

    size_t MoveIn(Json::Value& dataset, const std::string& dicomWebRoot,
                  const std::string& receiverRoot)
    {
      if (!dataset.isObject() || !dataset.isMember(RETRIEVE_URL))
      {
        return 0;
      }
      Json::Value& values = dataset[RETRIEVE_URL]["Value"];
      size_t moved = 0;
      for (Json::Value& value : values)
      {
        if (value.isString())
        {
          value = MoveRetrieveUrl(value.asString(), dicomWebRoot, receiverRoot);
          moved++;
        }
      }
      return moved;
    }
  } // namespace

  std::string MoveRetrieveUrl(const std::string& url, const std::string& dicomWebRoot,
                              const std::string& receiverRoot)
  {
    const size_t resource = url.rfind("/studies/");
    if (resource == std::string::npos)
    {
      return url;
    }
    const size_t scheme = url.find("://");
    const size_t pathStart =
      scheme == std::string::npos ? 0 : std::min(url.find('/', scheme + 3), resource);
    std::string base = url.substr(0, pathStart);
    const std::string path = url.substr(pathStart, resource - pathStart);
    const std::string root = WithoutTrailingSlash(dicomWebRoot);
    if (!root.empty() && EndsWith(path, root))
    {
      base += path.substr(0, path.size() - root.size()); // a prefix before Root is kept
    }
    return base + receiverRoot + url.substr(resource);
  }

  size_t MoveRetrieveUrls(Json::Value& answer, const std::string& dicomWebRoot,
                          const std::string& receiverRoot)
  {
    if (answer.isArray())
    {
      size_t moved = 0;
      for (Json::Value& dataset : answer)
      {
        moved += MoveIn(dataset, dicomWebRoot, receiverRoot);
      }
      return moved;
    }
    return MoveIn(answer, dicomWebRoot, receiverRoot);
  }
} // namespace XnatDqr
