#pragma once

#include "Core/Receivers/Receiver.h"

#include <json/value.h>
#include <map>
#include <string>

namespace XnatDqr
{
  // The Orthanc DicomModalities entries a Receiver needs, by symbolic name:
  // - "<Id>": the destination (AET, Host, Port, Timeout), so that Orthanc's SCU can send to it;
  // - "<Id>_caller-<n>" (no Id has "_"): each CallingAET that differs from the AET, with the same
  // permissions,
  //   so that Orthanc's own checks let that caller echo, find and move under strict settings.
  // Permissions: AllowEcho on; AllowFind and AllowMove = Queryable and Enabled;
  // AllowStore = Storable and Enabled; AllowGet off.
  std::map<std::string, Json::Value> ModalityEntriesFor(const Receiver& receiver,
                                                        bool strictAetComparison);

  // True when Orthanc's expanded entry already says what ours says (Orthanc adds other keys).
  bool ModalityEntryMatches(const Json::Value& current, const Json::Value& wanted);
} // namespace XnatDqr
