// libFuzzer: a REST body as a Receiver. Properties: no crash, no sanitizer report; an accepted
// Receiver survives its own JSON (what GET answers is accepted back by PUT, unchanged).
#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Receivers/Receiver.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  using namespace XnatDqr;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try
  {
    const Receiver receiver =
      Receiver::FromJson(JsonText::Parse(text), "", "", ReceiverSource::Api);
    const Json::Value written = receiver.ToJson();
    const Receiver again =
      Receiver::FromJson(JsonText::Parse(JsonText::Write(written)), "", "", ReceiverSource::Api);
    if (again.ToJson() != written)
    {
      std::abort();
    }
  }
  catch (const ValidationError&)
  {
  }
  return 0;
}
