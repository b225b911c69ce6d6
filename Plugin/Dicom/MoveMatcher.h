#pragma once

#include "Core/Transfer.h"

#include <cstdint>
#include <json/value.h>
#include <string>
#include <vector>

namespace XnatDqr
{
  // One instance to send, as Orthanc stores it. SOP Class and transfer syntax are only read
  // for the first instance of each series (one REST call each): enough to propose the
  // association; the rest is read from the file when it is sent.
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

  // The instances a C-MOVE asks for, through Orthanc's REST API: the key of the level (a
  // backslash-separated UID list is several keys), AccessionNumber for a study without
  // StudyInstanceUID. Duplicates are removed; no match is an empty list. Walks Orthanc's
  // resource tree (a few calls per series) rather than expanding every instance.
  MatchedInstances MatchInstances(const MoveRequest& request);

  // The instances of Orthanc resources given by their Orthanc ids (patients, studies, series or
  // instances, mixed). Throws ValidationError naming "Resources" for an id Orthanc does not know.
  MatchedInstances InstancesOfResources(const std::vector<std::string>& orthancIds,
                                        std::string& level);

  // Fills the Transfer's counts and SOP Classes; returns the instance ids in sending order.
  std::vector<std::string> DescribeInTransfer(const MatchedInstances& matched, Transfer& transfer);
} // namespace XnatDqr
