#pragma once

#include "Core/Common/Clock.h"
#include "Core/Pacing/TransferPacer.h"
#include "Dicom/InstanceReader.h"
#include "Dicom/InstanceSender.h"

#include <cstdint>

namespace XnatDqr
{
  struct PacedSend
  {
    uint64_t bytes = 0;
    bool boundary = false;   // the end of a batch: a Transfer may stop here
    int64_t storeMicros = 0; // the C-STORE, up to the response
  };

  // Waits for the bandwidth caps, sends one instance's file, then the duty cycle: what the
  // C-MOVE and the queue both do for each instance. pacer may be null (no throttling). Throws
  // std::runtime_error naming the destination when the instance is not delivered.
  PacedSend SendPaced(InstanceSender& sender, TransferPacer* pacer, const InstanceFile& file,
                      Clock& clock);
} // namespace XnatDqr
