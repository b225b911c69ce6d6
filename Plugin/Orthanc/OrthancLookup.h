#pragma once

#include "Core/Routing/RecentStudies.h"
#include "Core/Transfers/InstanceSource.h"

#include <optional>
#include <string>
#include <vector>

// Finding Orthanc's resources by their DICOM identifiers, for OrthancInstances.
namespace XnatDqr::OrthancLookup
{
  // The items of a backslash-separated DICOM list, spaces trimmed, empty ones dropped.
  std::vector<std::string> SplitList(const std::string& value);
  // The one resource of this level ("Patient", "Study", "Series", "Instance") with this
  // identifier, straight from Orthanc's index; "" when there is none, or more than one.
  std::string LookupOne(const std::string& level, const std::string& value);
  // Orthanc ids of the resources of this level with this identifier.
  std::vector<std::string> Lookup(const std::string& level, const std::string& value);
  std::vector<std::string> StudiesByAccession(const std::string& accession);
  // The resources of a C-MOVE's level that its keys name.
  std::vector<std::string> MatchResources(const MoveRequest& request);
  // A study's entry for RecentStudies: its resource and its series by UID (two calls).
  std::optional<RecentStudies::Study> ReadStudy(const std::string& studyUid);
} // namespace XnatDqr::OrthancLookup
