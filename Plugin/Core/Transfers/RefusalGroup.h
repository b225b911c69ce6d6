#pragma once

#include <cstdint>
#include <string>

namespace XnatDqr
{
  // Refused C-MOVEs that belong to no Receiver, alike in their three AE Titles and the caller's
  // address: read from the Transfers the plugin keeps, no second record.
  struct RefusalGroup
  {
    std::string called;      // the AE Title the caller addressed the PACS by
    std::string calling;     // the calling AE Title
    std::string destination; // the Move Destination
    std::string address;     // the caller's IP address; "" where not known
    uint64_t count = 0;
    int64_t firstMs = 0;
    int64_t lastMs = 0;
    std::string reason; // the latest one's
  };
} // namespace XnatDqr
