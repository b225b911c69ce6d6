#include "Core/DicomWeb/AcceptedMedia.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace XnatDqr
{
  namespace
  {
    std::string Trim(const std::string& text)
    {
      const size_t first = text.find_first_not_of(" \t");
      if (first == std::string::npos)
      {
        return "";
      }
      return text.substr(first, text.find_last_not_of(" \t") - first + 1);
    }

    std::string Lower(std::string text)
    {
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return text;
    }

    std::vector<std::string> Split(const std::string& text, char separator)
    {
      std::vector<std::string> parts;
      std::string current;
      bool quoted = false;
      for (char c : text)
      {
        if (c == '"')
        {
          quoted = !quoted;
        }
        if (c == separator && !quoted)
        {
          parts.push_back(Trim(current));
          current.clear();
        }
        else
        {
          current += c;
        }
      }
      parts.push_back(Trim(current));
      return parts;
    }

    std::string Unquoted(const std::string& value)
    {
      const std::string trimmed = Trim(value);
      if (trimmed.size() >= 2 && trimmed.front() == '"' && trimmed.back() == '"')
      {
        return trimmed.substr(1, trimmed.size() - 2);
      }
      return trimmed;
    }

    // One media range; acceptable with its transfer syntax, or not.
    bool Serves(const std::string& range, std::string& transferSyntax)
    {
      const std::vector<std::string> parts = Split(range, ';');
      const std::string media = Lower(parts[0]);
      if (media == "*/*" || media == "multipart/*")
      {
        transferSyntax.clear();
        return true;
      }
      if (media != "multipart/related")
      {
        return false;
      }
      std::string type;
      transferSyntax.clear();
      for (size_t i = 1; i < parts.size(); i++)
      {
        const size_t equal = parts[i].find('=');
        const std::string name = Lower(Trim(parts[i].substr(0, equal)));
        const std::string value =
          equal == std::string::npos ? "" : Unquoted(parts[i].substr(equal + 1));
        if (name == "type")
        {
          type = Lower(value);
        }
        else if (name == "transfer-syntax")
        {
          transferSyntax = value;
        }
      }
      return type.empty() || type == "application/dicom";
    }
  } // namespace

  AcceptedMedia AcceptedMedia::Parse(const std::string& accept)
  {
    AcceptedMedia result;
    if (Trim(accept).empty())
    {
      result.acceptable = true;
      return result;
    }
    for (const std::string& range : Split(accept, ','))
    {
      std::string syntax;
      if (Serves(range, syntax))
      {
        result.acceptable = true;
        result.transferSyntax = syntax == "*" ? "" : syntax;
        return result;
      }
    }
    result.why = "a Receiver's root retrieves instances as multipart/related; "
                 "type=\"application/dicom\" only (Accept was \"" +
                 accept + "\")";
    return result;
  }
} // namespace XnatDqr
