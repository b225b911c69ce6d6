#include "Dicom/SendPaced.h"

#include <stdexcept>

namespace XnatDqr
{
  PacedSend SendPaced(InstanceSender& sender, TransferPacer* pacer, const InstanceFile& file,
                      Clock& clock)
  {
    if (pacer != nullptr)
    {
      pacer->BeforeSend(file.storedBytes);
    }
    const int64_t start = clock.SteadyMicros();
    const InstanceSender::Sent sent = sender.Store(*file.data);
    const int64_t stored = clock.SteadyMicros();
    if (!IsDelivered(sent.status))
    {
      throw std::runtime_error(sender.CalledAet() + " refused instance " + sent.sopInstanceUid +
                               " with status " + StatusText(sent.status));
    }
    PacedSend result;
    result.bytes = file.storedBytes;
    // The wait for the bandwidth caps is neither read nor store.
    result.storeMicros = stored - start;
    if (pacer != nullptr)
    {
      pacer->Delivered(result.bytes);
      result.boundary = pacer->AfterSend((clock.SteadyMicros() - start) / 1000);
    }
    return result;
  }
} // namespace XnatDqr
