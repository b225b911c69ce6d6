#pragma once

#include "Core/Transfers/Transfer.h"

#include <cstdint>
#include <json/value.h>
#include <string>
#include <vector>

namespace XnatDqr
{
  // One instance to send, as Orthanc stores it. SOP Class and transfer syntax are only read
  // for the first instance of each series: enough to propose the association; the rest is
  // read from the file when it is sent.
  struct InstanceToSend
  {
    std::string orthancId;
    std::string sopClassUid;    // "" except for the first instance of a series
    std::string transferSyntax; // idem
  };

  struct MatchedInstances
  {
    std::vector<InstanceToSend> instances;
    uint64_t bytes = 0; // the size of their DICOM files
    Json::Value study;  // Transfer::study, from the first study; null when nothing matched
  };

  // The identifying keys of a C-MOVE, as Orthanc hands them to the plugin.
  struct MoveRequest
  {
    std::string level; // Patient, Study, Series, Instance
    std::string patientId;
    std::string accessionNumber;
    std::string studyInstanceUid;
    std::string seriesInstanceUid;
    std::string sopInstanceUid;

    Json::Value ToJson() const; // the non-empty keys, DICOM keywords
  };

  // The port to what Orthanc stores: which instances a request means. Implementations are
  // thread-safe (C-MOVEs and REST requests call them at once).
  class InstanceSource
  {
  public:
    virtual ~InstanceSource() = default;

    // The instances a C-MOVE asks for: the key of the level (a backslash-separated UID list is
    // several keys), AccessionNumber for a study without StudyInstanceUID. Duplicates are
    // removed; no match is an empty list.
    virtual MatchedInstances MatchMove(const MoveRequest& request) = 0;

    // The instances of Orthanc resources given by their Orthanc ids (patients, studies, series
    // or instances, mixed); level becomes their level, or "Mixed". Throws ValidationError
    // naming "Resources" for an id Orthanc does not know.
    virtual MatchedInstances OfResources(const std::vector<std::string>& orthancIds,
                                         std::string& level) = 0;
  };

  // Fills the Transfer's counts and SOP Classes; returns the instance ids in sending order.
  std::vector<std::string> DescribeInTransfer(const MatchedInstances& matched, Transfer& transfer);
} // namespace XnatDqr
