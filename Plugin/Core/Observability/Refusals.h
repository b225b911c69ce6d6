#pragma once

#include "Core/Receivers/Receiver.h"
#include "Core/Transfers/RefusalGroup.h"

#include <json/value.h>
#include <vector>

namespace XnatDqr
{
  // What to do about one group of refused C-MOVEs, read against the Receivers as they are now.
  struct RefusalAdvice
  {
    std::string suggestion; // in words, for the PACS administrator
    // "Register" (a new Receiver from the group's values), "Edit" (one field of a Receiver),
    // "Resolved" (it would be routed now), or "" (nothing the plugin can propose).
    std::string action;
    std::string receiverId; // Edit: which Receiver
    Json::Value fields;     // Register: the form's values; Edit: the field and its new value
  };

  RefusalAdvice Advise(const RefusalGroup& group, const std::vector<Receiver>& receivers,
                       bool strictAetComparison);

  // GET /xnat-dqr/refusals: {"Since", "Refusals": [{"Called", "Calling", "Destination",
  // "Address", "Count", "First", "Last", "Reason", "Suggestion", "Action", "Receiver",
  // "Fields"}]}.
  Json::Value DescribeRefusals(const std::vector<RefusalGroup>& groups,
                               const std::vector<Receiver>& receivers, bool strictAetComparison,
                               int64_t sinceMs);
} // namespace XnatDqr
