#pragma once

#include "Core/Receiver.h"

#include <vector>

namespace XnatDqr
{
  // The rules between Receivers. Throws ConflictError naming the other Receiver when:
  // - (Host, Port) is already used by another Receiver;
  // - the AET is shared and the two CallingAETs sets are not both non-empty and disjoint
  //   (that is how a C-MOVE to a shared AE Title is routed).
  // A Receiver with the candidate's Id is the one being replaced and is skipped.
  void CheckNoConflict(const Receiver& candidate, const std::vector<Receiver>& existing,
                       bool strictAetComparison);
} // namespace XnatDqr
