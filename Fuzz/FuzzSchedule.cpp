// libFuzzer: a schedule in our format (an object) or XNAT's availability (an array).
// Properties: no crash; an accepted schedule survives its own JSON, and XNAT's export of it is
// accepted back by the import.
#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Schedules/Schedule.h"
#include "Core/Schedules/XnatAvailability.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  using namespace XnatDqr;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try
  {
    const Json::Value body = JsonText::Parse(text);
    const Schedule schedule = body.isArray() ? XnatAvailability::Import(body, "Availability")
                                             : Schedule::FromJson(body, "Schedule");
    if (Schedule::FromJson(schedule.ToJson(), "Schedule").ToJson() != schedule.ToJson())
    {
      std::abort();
    }
    XnatAvailability::Import(XnatAvailability::Export(schedule), "Availability");
  }
  catch (const ValidationError&)
  {
  }
  return 0;
}
