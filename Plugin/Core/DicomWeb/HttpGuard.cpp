#include "Core/DicomWeb/HttpGuard.h"

#include "Core/DicomWeb/RetrieveUrls.h"
#include "Core/Receivers/HttpIdentities.h"

#include <algorithm>
#include <cctype>

namespace XnatDqr
{
  namespace
  {
    int HexValue(char c)
    {
      if (c >= '0' && c <= '9')
        return c - '0';
      const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    std::string Decoded(const std::string& text)
    {
      std::string out;
      for (size_t i = 0; i < text.size(); i++)
      {
        if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
            HexValue(text[i + 2]) >= 0)
        {
          out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
          i += 2;
        }
        else
        {
          out += text[i];
        }
      }
      return out;
    }

    bool StartsWith(const std::vector<std::string>& segments,
                    const std::vector<std::string>& prefix)
    {
      return !prefix.empty() && segments.size() >= prefix.size() &&
             std::equal(prefix.begin(), prefix.end(), segments.begin());
    }

    std::string Base64Decoded(const std::string& text)
    {
      static const std::string ALPHABET =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      std::string out;
      uint32_t bits = 0;
      int count = 0;
      for (char c : text)
      {
        const size_t value = ALPHABET.find(c);
        if (value == std::string::npos)
        {
          break; // '=' padding, or the end
        }
        bits = (bits << 6) | static_cast<uint32_t>(value);
        count += 6;
        if (count >= 8)
        {
          count -= 8;
          out += static_cast<char>((bits >> count) & 0xff);
        }
      }
      return out;
    }
  } // namespace

  std::vector<std::string> UriSegments(const std::string& uri)
  {
    std::vector<std::string> segments;
    std::string current;
    for (char c : uri + "/")
    {
      if (c == '/')
      {
        if (!current.empty())
        {
          segments.push_back(Decoded(current));
        }
        current.clear();
      }
      else
      {
        current += c;
      }
    }
    return segments;
  }

  bool IsBulkDownload(const std::vector<std::string>& s, const std::vector<std::string>& root)
  {
    if (StartsWith(s, root) || (!s.empty() && s[0] == "wado"))
    {
      return true;
    }
    if (s.size() >= 2 && s[0] == "tools" &&
        (s[1] == "create-archive" || s[1] == "create-media" || s[1] == "create-media-extended"))
    {
      return true;
    }
    const bool resource = s.size() >= 3 && (s[0] == "patients" || s[0] == "studies" ||
                                            s[0] == "series" || s[0] == "instances");
    if (resource && (s[2] == "archive" || s[2] == "media"))
    {
      return true;
    }
    if (resource && s[0] == "instances")
    {
      const bool dicomAttachment = s[2] == "attachments" && s.size() >= 4 && s[3] == "dicom";
      const bool pixelData =
        s[2] == "content" && s.size() >= 4 && (s[3] == "7fe0-0010" || s[3] == "7FE0-0010");
      return s[2] == "file" || dicomAttachment || pixelData;
    }
    return false;
  }

  std::string BasicUser(const std::string& authorization)
  {
    const size_t space = authorization.find(' ');
    if (space == std::string::npos)
    {
      return "";
    }
    std::string scheme = authorization.substr(0, space);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (scheme != "basic")
    {
      return "";
    }
    const size_t start = authorization.find_first_not_of(' ', space);
    const std::string credentials =
      Base64Decoded(start == std::string::npos ? "" : authorization.substr(start));
    const size_t colon = credentials.find(':');
    return colon == std::string::npos ? "" : credentials.substr(0, colon);
  }

  GuardVerdict GuardHttp(const std::vector<Receiver>& receivers, const std::string& user,
                         const std::string& address, const std::string& uri,
                         const std::string& dicomWebRoot)
  {
    GuardVerdict verdict;
    for (const Receiver& receiver : receivers)
    {
      const std::string binding = HttpIdentities::Binding(receiver, user, address);
      if (!binding.empty() && (verdict.receiverId.empty() || binding.rfind("HTTP user", 0) == 0))
      {
        verdict.receiverId = receiver.id;
        verdict.binding = binding;
      }
    }
    if (verdict.receiverId.empty())
    {
      return verdict;
    }
    verdict.ownRoot = ReceiverDicomWebRoot(verdict.receiverId) + "/";
    const std::vector<std::string> segments = UriSegments(uri);
    const std::vector<std::string> own = UriSegments(verdict.ownRoot);
    const bool ours = StartsWith(segments, {"xnat-dqr", "dicom-web"});
    // A "." or ".." segment could climb out of the root: a bound identity has no need of one.
    const bool climbs = std::any_of(segments.begin(), segments.end(),
                                    [](const std::string& s) { return s == "." || s == ".."; });
    if (!climbs &&
        (ours ? StartsWith(segments, own) : !IsBulkDownload(segments, UriSegments(dicomWebRoot))))
    {
      return verdict;
    }
    verdict.refuse = true;
    verdict.reason = "HTTP " + uri + " refused: " + verdict.binding + " is bound to Receiver \"" +
                     verdict.receiverId + "\", whose schedules hold on its DICOMweb root " +
                     verdict.ownRoot + " only (HttpUsers, HttpAddresses)";
    return verdict;
  }
} // namespace XnatDqr
