#pragma once

#include "Core/Transfers/InstanceSource.h"

#include <string>

namespace XnatDqr
{
  // A C-MOVE identifies what it moves by unique keys, matched exactly (PS3.4 C.4.2.2.1): the
  // key of the requested level (PatientID, StudyInstanceUID, SeriesInstanceUID or
  // SOPInstanceUID; AccessionNumber stands in for a missing StudyInstanceUID, as Orthanc
  // accepts it) must be present, and hold no wildcard ('*', '?'); a UID, or each UID of a
  // backslash-separated list, must be a UID (digits and dots, at most 64 characters), which
  // leaves no room for a range. Returns "" or why the request is refused.
  std::string CheckMoveKeys(const MoveRequest& request);
} // namespace XnatDqr
