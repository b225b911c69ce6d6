#include "Core/DicomWeb/DicomWebPath.h"

#include <vector>

namespace XnatDqr
{
  namespace
  {
    std::vector<std::string> Segments(const std::string& path)
    {
      std::vector<std::string> segments;
      size_t start = 0;
      while (start <= path.size())
      {
        const size_t slash = path.find('/', start);
        const size_t end = slash == std::string::npos ? path.size() : slash;
        segments.push_back(path.substr(start, end - start));
        if (slash == std::string::npos)
        {
          break;
        }
        start = slash + 1;
      }
      if (!segments.empty() && segments.back().empty())
      {
        segments.pop_back(); // a trailing slash
      }
      return segments;
    }

    DicomWebPath Unserved(const std::string& why)
    {
      DicomWebPath path;
      path.why = why;
      return path;
    }

    DicomWebPath Search()
    {
      DicomWebPath path;
      path.kind = DicomWebPath::Kind::Search;
      return path;
    }

    DicomWebPath Retrieve(const std::vector<std::string>& s)
    {
      DicomWebPath path;
      path.kind = DicomWebPath::Kind::Retrieve;
      path.study = s[1];
      path.level = "Study";
      if (s.size() >= 4)
      {
        path.series = s[3];
        path.level = "Series";
      }
      if (s.size() >= 6)
      {
        path.instance = s[5];
        path.level = "Instance";
      }
      return path;
    }

    bool Named(const std::vector<std::string>& s, size_t i, const char* name)
    {
      return i < s.size() && s[i] == name;
    }
  } // namespace

  DicomWebPath DicomWebPath::Parse(const std::string& text)
  {
    const std::vector<std::string> s = Segments(text);
    for (const std::string& segment : s)
    {
      if (segment.empty())
      {
        return Unserved("an empty segment in the path");
      }
    }
    const size_t n = s.size();
    if (n == 1 && (s[0] == "studies" || s[0] == "series" || s[0] == "instances"))
    {
      return Search();
    }
    if (n == 0 || s[0] != "studies")
    {
      return Unserved("only studies, series and instances are served under a Receiver's root");
    }
    // studies/{s}[/series/{se}[/instances/{i}]], with /series, /instances or /metadata after.
    const bool shape =
      n <= 7 &&
      (n != 3 || Named(s, 2, "series") || Named(s, 2, "instances") || Named(s, 2, "metadata")) &&
      (n < 4 || Named(s, 2, "series")) &&
      (n != 5 || Named(s, 4, "instances") || Named(s, 4, "metadata")) &&
      (n < 6 || Named(s, 4, "instances")) && (n != 7 || Named(s, 6, "metadata"));
    if (!shape)
    {
      return Unserved("frames, rendered images, thumbnails and bulk data are not served under a "
                      "Receiver's root: retrieve the instances");
    }
    if (n == 2 || n == 4 || n == 6)
    {
      return Retrieve(s);
    }
    const std::string& last = s[n - 1];
    if (last == "metadata" || last == "series" || last == "instances")
    {
      return Search();
    }
    return Unserved("not a DICOMweb resource");
  }
} // namespace XnatDqr
