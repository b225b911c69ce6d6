#include "Core/Receivers/HttpIdentities.h"

#include "Core/Common/Errors.h"
#include "Core/Network/IpRange.h"
#include "Core/Receivers/Receiver.h"

#include <algorithm>

namespace XnatDqr
{
  std::string ReceiverDicomWebRoot(const std::string& receiverId)
  {
    return "/xnat-dqr/dicom-web/" + receiverId;
  }
} // namespace XnatDqr

namespace XnatDqr::HttpIdentities
{
  namespace
  {
    const size_t MAX_ENTRIES = 64;
    const size_t MAX_USER = 64;

    void Require(bool condition, const JsonFields& fields, const std::string& key,
                 const std::string& rule)
    {
      if (!condition)
      {
        throw ValidationError(fields.PathOf(key), fields.PathOf(key) + " " + rule);
      }
    }

    // The entry of ranges that holds address, or "".
    std::string Holding(const std::vector<std::string>& ranges, const std::string& address)
    {
      for (const std::string& text : ranges)
      {
        std::string problem;
        const std::optional<IpRange> range = IpRange::Parse(text, problem);
        if (range && range->Contains(address))
        {
          return text;
        }
      }
      return "";
    }
  } // namespace

  std::vector<std::string> ReadRanges(const JsonFields& fields, const std::string& key)
  {
    std::vector<std::string> ranges;
    const std::vector<std::string> texts = fields.GetStringList(key);
    Require(texts.size() <= MAX_ENTRIES, fields, key,
            "lists at most " + std::to_string(MAX_ENTRIES) + " addresses or ranges");
    for (const std::string& text : texts)
    {
      std::string problem;
      const std::optional<IpRange> range = IpRange::Parse(text, problem);
      Require(range.has_value(), fields, key, "entry " + problem);
      const std::string canonical = range->ToString();
      Require(std::find(ranges.begin(), ranges.end(), canonical) == ranges.end(), fields, key,
              "lists \"" + canonical + "\" twice");
      ranges.push_back(canonical);
    }
    return ranges;
  }

  std::vector<std::string> ReadUsers(const JsonFields& fields, const std::string& key)
  {
    const std::vector<std::string> users = fields.GetStringList(key);
    Require(users.size() <= MAX_ENTRIES, fields, key,
            "lists at most " + std::to_string(MAX_ENTRIES) + " users");
    for (size_t i = 0; i < users.size(); i++)
    {
      const std::string& user = users[i];
      Require(!user.empty() && user.size() <= MAX_USER, fields, key,
              "entry \"" + user + "\" must have 1 to " + std::to_string(MAX_USER) + " characters");
      Require(user.find(':') == std::string::npos, fields, key,
              "entry \"" + user +
                "\" must not contain ':' (HTTP Basic authentication's separator)");
      Require(std::none_of(user.begin(), user.end(),
                           [](unsigned char c) { return c < 0x20 || c == 0x7f; }),
              fields, key, "entry \"" + user + "\" must not contain control characters");
      Require(std::find(users.begin(), users.begin() + i, user) == users.begin() + i, fields, key,
              "lists \"" + user + "\" twice");
    }
    return users;
  }

  std::string Binding(const Receiver& receiver, const std::string& user, const std::string& address)
  {
    if (!user.empty() && std::find(receiver.httpUsers.begin(), receiver.httpUsers.end(), user) !=
                           receiver.httpUsers.end())
    {
      return "HTTP user \"" + user + "\"";
    }
    const std::string range = Holding(receiver.httpAddresses, address);
    if (range.empty())
    {
      return "";
    }
    return "address " + address + (range == address ? "" : " (in HttpAddresses " + range + ")");
  }

  std::string Shared(const Receiver& a, const Receiver& b)
  {
    for (const std::string& user : a.httpUsers)
    {
      if (std::find(b.httpUsers.begin(), b.httpUsers.end(), user) != b.httpUsers.end())
      {
        return "HttpUsers \"" + user + "\"";
      }
    }
    const std::string overlap = FirstOverlap(a.httpAddresses, b.httpAddresses);
    return overlap.empty() ? "" : "HttpAddresses " + overlap;
  }
} // namespace XnatDqr::HttpIdentities
