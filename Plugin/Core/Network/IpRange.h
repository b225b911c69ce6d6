#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace XnatDqr
{
  // An IP address or a CIDR range, IPv4 or IPv6: "10.0.0.7", "10.0.0.0/24", "2001:db8::/32".
  // An IPv4 address written as IPv6 ("::ffff:10.0.0.7", as a dual-stack socket reports it) is
  // the IPv4 address.
  class IpRange
  {
  public:
    // The range, or nullopt with problem saying what is wrong in words.
    static std::optional<IpRange> Parse(const std::string& text, std::string& problem);

    bool Contains(const std::string& address) const; // false for what is not an address
    bool Overlaps(const IpRange& other) const;
    // The canonical text: "10.0.0.0/24" for "10.0.0.9/24", "10.0.0.7" for a single address.
    std::string ToString() const;

  private:
    struct Address
    {
      bool v6 = false;
      std::array<uint8_t, 16> bytes{}; // IPv4 in the first 4
    };
    static std::optional<Address> ParseAddress(const std::string& text);
    // Whether a and b agree on their first bits bits.
    static bool SamePrefix(const Address& a, const Address& b, int bits);

    Address network_;
    int prefix_ = 0; // 32 or 128 for one address
  };

  // The first entry of a that overlaps one of b ("10.0.0.7", or "10.0.0.0/24 and 10.0.0.7"
  // when they differ), or "" when the lists are disjoint. Entries that are not ranges are
  // skipped.
  std::string FirstOverlap(const std::vector<std::string>& a, const std::vector<std::string>& b);
} // namespace XnatDqr
