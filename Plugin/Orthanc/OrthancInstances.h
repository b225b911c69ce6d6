#pragma once

#include "Core/Common/Clock.h"
#include "Core/Routing/RecentStudies.h"
#include "Core/Transfers/InstanceSource.h"

namespace XnatDqr
{
  // The instances a request means, through Orthanc's REST API. Walks Orthanc's resource tree
  // (a few calls per series) rather than expanding every instance; SOP Class and transfer
  // syntax are read for the first instance of each series only.
  class OrthancInstances : public InstanceSource
  {
  public:
    explicit OrthancInstances(Clock& clock) : clock_(clock) {}
    MatchedInstances MatchMove(const MoveRequest& request) override;
    MatchedInstances OfResources(const std::vector<std::string>& orthancIds,
                                 std::string& level) override;

  private:
    // The Orthanc ids of a SERIES-level C-MOVE's series, from the study's entry when its
    // StudyInstanceUID is one value (the entry is filled on the first).
    std::vector<std::string> SeriesIds(const MoveRequest& request);

    Clock& clock_;
    RecentStudies studies_;
  };
} // namespace XnatDqr
