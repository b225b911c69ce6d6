// libFuzzer: what a REST request brings in: URI identifiers, GET arguments (times) and bodies.
// Properties: no crash; the text rules and the strict parser agree; whatever was parsed is
// written back as valid UTF-8 that parses again to the same value; printable text is valid
// UTF-8. (The routes themselves, with whole requests: FuzzRoutes.)
#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Common/TextRules.h"
#include "Core/Common/TimeFormat.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  using namespace XnatDqr;
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!TextRules::IsValidUtf8(TextRules::Printable(text)))
  {
    std::abort();
  }
  if (TextRules::Check(text).empty() != (TextRules::Printable(text) == text))
  {
    std::abort(); // clean text is exactly the text Printable leaves alone
  }
  TimeFormat::Parse(text.substr(0, 64));
  try
  {
    const Json::Value value = JsonText::Parse(text);
    const std::string written = JsonText::Write(value);
    if (!TextRules::IsValidUtf8(written) || JsonText::Parse(written) != value)
    {
      std::abort();
    }
  }
  catch (const ValidationError&)
  {
  }
  return 0;
}
