#pragma once

#include "Core/Receivers/Receiver.h"

#include <string>
#include <vector>

namespace XnatDqr
{
  // What Orthanc's configuration says about the AE Titles a caller may address it by.
  struct AetSettings
  {
    std::string localAet;             // Orthanc's DicomAet
    bool checkCalledAet = false;      // DicomCheckCalledAet: Orthanc refuses any other called AET
    bool strictAetComparison = false; // StrictAetComparison
    std::string tlsMissing;           // the DicomTls* settings Orthanc lacks (ScuSettings)
    bool callerAddressKnown = false;  // Orthanc gives the plugin a C-MOVE's caller's address
  };

  // ValidationError when Orthanc would refuse every association called with the PacsAET
  // (DicomCheckCalledAet true and a PacsAET other than DicomAet).
  void CheckPacsAet(const Receiver& candidate, const AetSettings& settings);

  // ValidationError naming the missing settings when the candidate has UseDicomTls and
  // Orthanc's configuration lacks a DicomTls* setting: nothing would ever reach it.
  void CheckTls(const Receiver& candidate, const AetSettings& settings);

  // The rules between Receivers. Throws ConflictError naming the other Receiver when:
  // - (Host, Port) is already used by another Receiver;
  // - the AET is shared and a C-MOVE could not tell the two apart: they need different
  //   PacsAETs (none counts as one value), or disjoint non-empty CallingAETs. Under
  //   DicomCheckCalledAet every caller addresses DicomAet, so only CallingAETs count, and the
  //   PacsAETs must agree. Where Orthanc gives the caller's address, disjoint non-empty
  //   CallingAddresses tell them apart as well. The error carries a free PacsAET as its
  //   suggestion, when one exists.
  // A Receiver with the candidate's Id is the one being replaced and is skipped.
  void CheckNoConflict(const Receiver& candidate, const std::vector<Receiver>& existing,
                       const AetSettings& settings);

  // A PacsAET that would let the candidate share its AET with every existing Receiver, or ""
  // when none can (DicomCheckCalledAet). Never DicomAet: an XNAT registered without PacsAET
  // most likely calls the PACS by that name.
  std::string SuggestPacsAet(const Receiver& candidate, const std::vector<Receiver>& existing,
                             const AetSettings& settings);
} // namespace XnatDqr
