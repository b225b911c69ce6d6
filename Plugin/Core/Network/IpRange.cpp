#include "Core/Network/IpRange.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace XnatDqr
{
  namespace
  {
    const uint8_t V4_MAPPED[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

    int Width(bool v6)
    {
      return v6 ? 128 : 32;
    }
  } // namespace

  std::optional<IpRange::Address> IpRange::ParseAddress(const std::string& text)
  {
    Address address;
    if (inet_pton(AF_INET, text.c_str(), address.bytes.data()) == 1)
    {
      return address;
    }
    uint8_t v6[16];
    if (inet_pton(AF_INET6, text.c_str(), v6) != 1)
    {
      return std::nullopt;
    }
    if (std::memcmp(v6, V4_MAPPED, sizeof(V4_MAPPED)) == 0)
    {
      std::copy(v6 + 12, v6 + 16, address.bytes.begin());
      return address;
    }
    address.v6 = true;
    std::copy(v6, v6 + 16, address.bytes.begin());
    return address;
  }

  bool IpRange::SamePrefix(const Address& a, const Address& b, int bits)
  {
    if (a.v6 != b.v6)
    {
      return false;
    }
    for (int i = 0; i < bits / 8; i++)
    {
      if (a.bytes[i] != b.bytes[i])
      {
        return false;
      }
    }
    const int rest = bits % 8;
    if (rest == 0)
    {
      return true;
    }
    const uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
    return (a.bytes[bits / 8] & mask) == (b.bytes[bits / 8] & mask);
  }

  std::optional<IpRange> IpRange::Parse(const std::string& text, std::string& problem)
  {
    const size_t slash = text.find('/');
    const std::optional<Address> address = ParseAddress(text.substr(0, slash));
    if (!address)
    {
      problem = "\"" + text + "\" is not an IPv4 or IPv6 address, nor a range such as " +
                "\"10.0.0.0/24\" or \"2001:db8::/32\"";
      return std::nullopt;
    }
    IpRange range;
    range.network_ = *address;
    range.prefix_ = Width(address->v6);
    if (slash != std::string::npos)
    {
      const std::string bits = text.substr(slash + 1);
      const bool digits = !bits.empty() && bits.size() <= 3 &&
                          bits.find_first_not_of("0123456789") == std::string::npos;
      const int prefix = digits ? std::stoi(bits) : -1;
      if (prefix < 0 || prefix > Width(address->v6))
      {
        problem = "\"" + text + "\": the prefix length after \"/\" must be 0 to " +
                  std::to_string(Width(address->v6));
        return std::nullopt;
      }
      range.prefix_ = prefix;
    }
    // The host bits are dropped: 10.0.0.9/24 is 10.0.0.0/24.
    for (int bit = range.prefix_; bit < Width(address->v6); bit++)
    {
      range.network_.bytes[bit / 8] &= static_cast<uint8_t>(~(0x80 >> (bit % 8)));
    }
    return range;
  }

  bool IpRange::Contains(const std::string& text) const
  {
    const std::optional<Address> address = ParseAddress(text);
    return address && SamePrefix(network_, *address, prefix_);
  }

  bool IpRange::Overlaps(const IpRange& other) const
  {
    return SamePrefix(network_, other.network_, std::min(prefix_, other.prefix_));
  }

  std::string IpRange::ToString() const
  {
    char text[INET6_ADDRSTRLEN] = {0};
    inet_ntop(network_.v6 ? AF_INET6 : AF_INET, network_.bytes.data(), text, sizeof(text));
    return prefix_ == Width(network_.v6) ? std::string(text)
                                         : std::string(text) + "/" + std::to_string(prefix_);
  }
  std::string FirstOverlap(const std::vector<std::string>& a, const std::vector<std::string>& b)
  {
    for (const std::string& x : a)
    {
      for (const std::string& y : b)
      {
        std::string problem;
        const std::optional<IpRange> rx = IpRange::Parse(x, problem);
        const std::optional<IpRange> ry = IpRange::Parse(y, problem);
        if (rx && ry && rx->Overlaps(*ry))
        {
          return x == y ? x : x + " and " + y;
        }
      }
    }
    return "";
  }
} // namespace XnatDqr
