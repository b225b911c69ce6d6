#include "Core/Receivers/ReceiverRules.h"

#include "Core/Common/Errors.h"
#include "Core/Network/AeTitle.h"
#include "Core/Network/IpRange.h"
#include "Core/Receivers/HttpIdentities.h"

#include <algorithm>
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

    bool SamePacsAet(const Receiver& a, const Receiver& b, bool strict)
    {
      return a.pacsAet.empty() ? b.pacsAet.empty()
                               : !b.pacsAet.empty() && AeTitle::Equal(a.pacsAet, b.pacsAet, strict);
    }

    // An entry of a's CallingAddresses that overlaps one of b's, or "".
    std::string SharedAddress(const Receiver& a, const Receiver& b)
    {
      return FirstOverlap(a.callingAddresses, b.callingAddresses);
    }

    // "" when the AE Titles of a C-MOVE can tell the two apart, otherwise why not.
    std::string WhyAetsIndistinct(const Receiver& candidate, const Receiver& other,
                                  const AetSettings& settings)
    {
      const bool strict = settings.strictAetComparison;
      const bool samePacsAet = SamePacsAet(candidate, other, strict);
      if (!samePacsAet && !settings.checkCalledAet)
      {
        return "";
      }
      if (!samePacsAet)
      {
        return "with DicomCheckCalledAet every XNAT calls the PACS as " + settings.localAet +
               ", so two Receivers sharing an AE Title need the same PacsAET (or none) and "
               "disjoint CallingAETs";
      }
      const std::string pacs =
        candidate.pacsAet.empty() ? "neither has a PacsAET" : "both have this PacsAET";
      if (candidate.callingAets.empty() || other.callingAets.empty())
      {
        return pacs + "; give this one a PacsAET of its own, or list both Receivers' "
                      "CallingAETs";
      }
      const std::string shared = SharedCaller(candidate, other, strict);
      if (!shared.empty())
      {
        return pacs + " and both list the calling AE Title \"" + shared +
               "\", so a C-MOVE from it could not be routed";
      }
      return "";
    }

    // "" when a C-MOVE can tell the two apart, by its AE Titles or its caller's address.
    std::string WhyIndistinct(const Receiver& candidate, const Receiver& other,
                              const AetSettings& settings)
    {
      const std::string why = WhyAetsIndistinct(candidate, other, settings);
      if (why.empty() || candidate.callingAddresses.empty() || other.callingAddresses.empty())
      {
        return why;
      }
      const std::string shared = SharedAddress(candidate, other);
      if (!shared.empty())
      {
        return why + "; their CallingAddresses overlap (" + shared + ")";
      }
      if (!settings.callerAddressKnown)
      {
        return why + "; their disjoint CallingAddresses would tell them apart, but this needs "
                     "Orthanc 1.12.10 or later, which gives the plugin the caller's address";
      }
      return "";
    }

    std::string Upper(const std::string& text)
    {
      std::string upper = text;
      std::transform(upper.begin(), upper.end(), upper.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      return upper;
    }

    // The candidate with this PacsAET fits beside every other Receiver.
    bool Fits(Receiver candidate, const std::string& pacsAet, const std::vector<Receiver>& existing,
              const AetSettings& settings)
    {
      if (AeTitle::Equal(pacsAet, settings.localAet, settings.strictAetComparison))
      {
        return false;
      }
      candidate.pacsAet = pacsAet;
      for (const Receiver& other : existing)
      {
        if (other.id != candidate.id &&
            AeTitle::Equal(candidate.aet, other.aet, settings.strictAetComparison) &&
            !WhyIndistinct(candidate, other, settings).empty())
        {
          return false;
        }
      }
      return true;
    }
  } // namespace

  void CheckPacsAet(const Receiver& candidate, const AetSettings& settings)
  {
    if (settings.checkCalledAet && !candidate.pacsAet.empty() &&
        !AeTitle::Equal(candidate.pacsAet, settings.localAet, settings.strictAetComparison))
    {
      throw ValidationError("PacsAET", "PacsAET \"" + candidate.pacsAet +
                                         "\" cannot be used: Orthanc's DicomCheckCalledAet is "
                                         "true, so Orthanc refuses every association not "
                                         "called \"" +
                                         settings.localAet +
                                         "\"; set PacsAET to that or leave it out, or set "
                                         "DicomCheckCalledAet to false");
    }
  }

  void CheckTls(const Receiver& candidate, const AetSettings& settings)
  {
    if (candidate.useTls && !settings.tlsMissing.empty())
    {
      throw ValidationError("UseDicomTls", "needs Orthanc's " + settings.tlsMissing +
                                             " in its configuration (DICOM TLS of its own SCU); "
                                             "nothing is sent to a TLS Receiver without TLS");
    }
  }

  void CheckNoConflict(const Receiver& candidate, const std::vector<Receiver>& existing,
                       const AetSettings& settings)
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
                                        " are already used by Receiver \"" + other.id + "\"")
          .ForField("Port");
      }
      const std::string identity = HttpIdentities::Shared(candidate, other);
      if (!identity.empty())
      {
        // One HTTP identity is held to one Receiver's DICOMweb root.
        throw ConflictError(other.id, identity + " is already bound to Receiver \"" + other.id +
                                        "\"; an HTTP identity belongs to one Receiver")
          .ForField(identity.rfind("HttpUsers", 0) == 0 ? "HttpUsers" : "HttpAddresses");
      }
      if (!AeTitle::Equal(candidate.aet, other.aet, settings.strictAetComparison))
      {
        continue;
      }
      const std::string why = WhyIndistinct(candidate, other, settings);
      if (!why.empty())
      {
        ConflictError error(other.id, "AET \"" + candidate.aet + "\" is also used by Receiver \"" +
                                        other.id + "\"; " + why);
        error.ForField("PacsAET");
        const std::string suggestion = SuggestPacsAet(candidate, existing, settings);
        if (!suggestion.empty())
        {
          error.Suggest("PacsAET", suggestion);
        }
        throw error;
      }
    }
  }

  std::string SuggestPacsAet(const Receiver& candidate, const std::vector<Receiver>& existing,
                             const AetSettings& settings)
  {
    if (settings.checkCalledAet)
    {
      return "";
    }
    const std::string base = Upper(settings.localAet + "-" + candidate.id);
    for (int n = 1; n < 100; n++)
    {
      const std::string suffix = n == 1 ? "" : "-" + std::to_string(n);
      const std::string aet = base.substr(0, 16 - suffix.size()) + suffix;
      if (AeTitle::Check(aet).empty() && Fits(candidate, aet, existing, settings))
      {
        return aet;
      }
    }
    return "";
  }
} // namespace XnatDqr
