#include "Core/ReceiverRules.h"

#include "Core/AeTitle.h"
#include "Core/Errors.h"

#include <cctype>

namespace XnatDqr
{
  namespace
  {
    bool SameHost(const std::string& a, const std::string& b)
    {
      return a.size() == b.size() &&
             std::equal(a.begin(), a.end(), b.begin(),
                        [](char x, char y)
                        {
                          return std::tolower(static_cast<unsigned char>(x)) ==
                                 std::tolower(static_cast<unsigned char>(y));
                        });
    }

    std::string SharedCaller(const Receiver& a, const Receiver& b, bool strict)
    {
      for (const std::string& x : a.callingAets)
      {
        for (const std::string& y : b.callingAets)
        {
          if (AeTitle::Equal(x, y, strict))
          {
            return x;
          }
        }
      }
      return "";
    }

    void CheckSharedAet(const Receiver& candidate, const Receiver& other, bool strict)
    {
      if (!AeTitle::Equal(candidate.aet, other.aet, strict))
      {
        return;
      }
      const std::string prefix =
        "AET \"" + candidate.aet + "\" is also used by Receiver \"" + other.id + "\"; ";
      if (candidate.callingAets.empty() || other.callingAets.empty())
      {
        throw ConflictError(other.id, prefix + "two Receivers may share an AE Title only when "
                                               "both list their CallingAETs");
      }
      const std::string shared = SharedCaller(candidate, other, strict);
      if (!shared.empty())
      {
        throw ConflictError(other.id, prefix + "both list the calling AE Title \"" + shared +
                                        "\", so a C-MOVE from it could not be routed");
      }
    }
  } // namespace

  void CheckNoConflict(const Receiver& candidate, const std::vector<Receiver>& existing,
                       bool strictAetComparison)
  {
    for (const Receiver& other : existing)
    {
      if (other.id == candidate.id)
      {
        continue;
      }
      if (other.port == candidate.port && SameHost(other.host, candidate.host))
      {
        throw ConflictError(other.id, "Host and Port " + candidate.host + ":" +
                                        std::to_string(candidate.port) +
                                        " are already used by Receiver \"" + other.id + "\"");
      }
      CheckSharedAet(candidate, other, strictAetComparison);
    }
  }
} // namespace XnatDqr
